"""The emergency alert control: one big red button on the screens page, guarded by a confirmation, and a stop
button. Starting and stopping go through the alert service (role admin or bpbd, audited)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from videotron.alerts.service import list_alerts, start_alert, stop_alert
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.i18n import tr
from videotron.gui.fields import FormFields, problem_label
from videotron.gui.messages import show_error

Send = Callable[[str, str, int], None]  # (title, message, minutes); raises VideotronError when refused


class AlertDialog(QDialog):
    """What the alert says and for how long; OK stays disabled until the operator ticks the confirmation. OK sends
    the alert; a refusal is shown in the dialog, with the cursor in the field it is about, and the dialog stays."""

    def __init__(self, parent: QWidget | None, language: str, send: Send) -> None:
        super().__init__(parent)
        self.language, self.send = language, send
        self.setWindowTitle(tr("Emergency alert on every screen", language))
        self.title = QLineEdit(tr("EMERGENCY WARNING", language))
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText(tr("e.g. Earthquake: move away from buildings, follow BPBD instructions.",
                                           language))  # fmt: skip
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setValue(30)
        self.minutes.setSuffix(" " + tr("min", language))
        self.confirm = QCheckBox(tr("I am authorised to interrupt every screen now", language))
        self.problem = problem_label("alertProblem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Broadcast now", language))
        self.ok.setEnabled(False)
        self.confirm.toggled.connect(lambda on: self.ok.setEnabled(on and bool(self.message.toPlainText().strip())))
        self.message.textChanged.connect(lambda: self.confirm.toggled.emit(self.confirm.isChecked()))
        buttons.accepted.connect(self.try_send)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        self.fields = FormFields(form)
        self.fields.add("title", tr("Title", language), self.title)
        self.fields.add("message", tr("Message", language), self.message)
        self.fields.add("minutes", tr("Duration", language), self.minutes)
        form.addRow(self.confirm)
        form.addRow(self.problem)
        form.addRow(buttons)

    def try_send(self) -> None:
        title, message, minutes = self.title.text().strip(), self.message.toPlainText().strip(), self.minutes.value()
        if self.fields.attempt(lambda: self.send(title, message, minutes), self.language, self.problem):
            self.accept()


class AlertPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.dialog: AlertDialog | None = None
        self.question: QMessageBox | None = None
        self.start_button = QPushButton(tr("EMERGENCY ALERT…", language))
        self.start_button.setObjectName("alertButton")
        self.start_button.setMinimumHeight(44)
        self.start_button.setStyleSheet(
            "QPushButton { background: #C62828; color: white; font-weight: bold; font-size: 15px; padding: 0 18px; }"
        )
        self.start_button.clicked.connect(self.ask_and_start)
        self.stop_button = QPushButton(tr("Stop alerts", language))
        self.stop_button.setObjectName("stopAlertButton")
        self.stop_button.setMinimumHeight(44)
        self.stop_button.clicked.connect(self.ask_and_stop)
        self.state = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_button)
        layout.addWidget(self.stop_button)
        layout.addWidget(self.state, 1)

    def refresh(self) -> None:
        language = self.ctx.language
        with self.ctx.sessions()() as s:
            live = list_alerts(s, now=self.ctx.clock.now())
            until = tr("until", language)
            text = "; ".join(
                f"#{a.id} {a.title} ({until} {a.ends_at.astimezone(self.ctx.config.zone):%H:%M})" for a in live
            )
        on_air = f"<b style='color:#C62828'>{tr('On air', language)}: {text}</b>"
        self.state.setText(on_air if text else tr("No alert on air.", language))
        self.stop_button.setEnabled(bool(text))

    def ask_and_start(self) -> None:
        """The confirmation dialog (window-modal, not blocking); it sends the alert itself."""
        self.dialog = AlertDialog(self, self.ctx.language, self.start)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()

    def start(self, title: str, message: str, minutes: int) -> None:
        """Put the alert on every screen now; raises VideotronError when refused (the dialog shows why)."""
        with self.ctx.sessions().begin() as s:
            start_alert(
                s,
                message=message,
                title=title or tr("EMERGENCY WARNING", self.ctx.language),
                screen_ids=None,
                minutes=minutes,
                clock=self.ctx.clock,
                actor=self.ctx.actor,
            )

    def ask_and_stop(self) -> None:
        """Asks first (window-modal, not blocking); Yes stops every alert."""
        language = self.ctx.language
        self.question = QMessageBox(QMessageBox.Icon.Question, tr("Stop alerts", language),
                                    tr("End every alert and return to the schedule?", language),
                                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        self.question.buttonClicked.connect(self._stop_answered)
        self.question.open()

    def _stop_answered(self, button: QAbstractButton) -> None:
        if self.question is not None and self.question.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.stop_all()

    def stop_all(self) -> None:
        try:
            with self.ctx.sessions().begin() as s:
                stop_alert(s, None, clock=self.ctx.clock, actor=self.ctx.actor)
        except VideotronError as exc:
            show_error(self, exc, self.ctx.language)
        self.refresh()
