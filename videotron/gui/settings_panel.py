"""Office settings: what the configuration file says (the office's identity, signer, treasurer, payment details,
document numbers, time zone, language) and "Edit settings…", a dialog whose every key is checked as the loader checks
the file; the file is written (0600) only when all of it is valid, through `videotron.core.config_edit`, and a
refused key is named beside its box. Only an admin may edit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from videotron.core.config_edit import save_settings
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.i18n import render_error, say, tr
from videotron.core.paths import config_file
from videotron.gui.fields import problem_label
from videotron.gui.roles import guard
from videotron.gui.settings_form import SettingsForm
from videotron.gui.widgets import button_row


def settings_path(ctx: AppContext) -> str:
    """The configuration file this desk reads (the one it writes)."""
    return ctx.config_path or str(config_file())


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: AppContext, done: Callable[[], None]) -> None:
        super().__init__(parent)
        self.ctx, self.done_ = ctx, done
        language = ctx.language
        self.setWindowTitle(tr("Edit settings…", language))
        self.form = SettingsForm(ctx.config, language, editable=True)
        self.problem = problem_label("settingsProblem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.form), 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(1100, 690)  # every group without scrolling, on a 1366x768 screen

    def try_save(self) -> None:
        ctx, path = self.ctx, settings_path(self.ctx)
        try:
            with ctx.sessions().begin() as s:
                save_settings(s, path, self.form.values(), actor=ctx.actor, clock=ctx.clock)
        except VideotronError as exc:
            self.form.show_problems(exc)
            self.problem.setText(render_error(exc, ctx.language))
            self.problem.show()
            return
        ctx.use_config(path)
        self.accept()
        self.done_()


class SettingsPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: SettingsDialog | None = None
        bar, (self.edit_button,) = button_row((tr("Edit settings…", ctx.language), self.edit, "editSettings"))
        guard(self.edit_button, ctx, "settings.edit")
        self.source = QLabel()
        self.source.setObjectName("settingsFile")
        self.source.setWordWrap(True)
        self.area = scrolled(QWidget())
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)

    @property
    def form(self) -> SettingsForm:
        return self.area.widget()  # type: ignore[return-value]

    def refresh(self) -> None:
        self.source.setText(say(self.ctx.language, "desk.settings_file", "The office's configuration file: {path}",
                                path=settings_path(self.ctx)))  # fmt: skip
        self.area.setWidget(SettingsForm(self.ctx.config, self.ctx.language, editable=False))

    def edit(self) -> None:
        self.dialog = SettingsDialog(self, self.ctx, self.refresh)
        self.dialog.open()
