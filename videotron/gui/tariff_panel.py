"""Tariffs: every imported version (the one in force today marked) and "Import tariff file…": choose a file, see what
it would change (`videotron.gui.tariff_import`), confirm. A file with problems is refused in a message naming each
line and field; nothing is written. Only an admin may import (the button says so to anyone else)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from billing.tariff_file import read_tariff
from billing.tariffs import list_versions
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import local_time
from videotron.core.i18n import tr
from videotron.gui.messages import show_error
from videotron.gui.roles import guard
from videotron.gui.tariff_import import TariffImportDialog
from videotron.gui.widgets import button_row, data_table


class TariffPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx, language = ctx, ctx.language
        self.dialog: TariffImportDialog | None = None
        self.versions = data_table("tariffVersions", [tr("Version", language), tr("Name", language),
                                                      tr("Regulation", language), tr("Valid from", language),
                                                      tr("Imported", language), tr("By", language)])  # fmt: skip
        bar, (self.import_button,) = button_row((tr("Import tariff file…", language), self.choose, "importTariff"))
        guard(self.import_button, ctx, "tariff.import")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Tariff versions (the one in force today is marked \u2714)", language)))
        layout.addLayout(bar)
        layout.addWidget(self.versions, 1)

    def refresh(self) -> None:
        ctx = self.ctx
        today = ctx.config.today(ctx.clock)
        with ctx.sessions()() as s:
            versions = list_versions(s)
            in_force = max((v for v in versions if v.effective_from <= today),
                           key=lambda v: (v.effective_from, v.id), default=None)  # fmt: skip
            rows = [(str(v.id) + (" \u2714" if v is in_force else ""), v.name, v.regulation,
                     f"{v.effective_from:%d-%m-%Y}", local_time(v.imported_at, ctx.config.zone), v.imported_by)
                    for v in reversed(versions)]  # fmt: skip
        self.versions.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.versions.setItem(r, c, QTableWidgetItem(value))

    def choose(self) -> None:
        """Ask for the file, check it, and show what it would change (or why it cannot be imported)."""
        language = self.ctx.language
        name, _ = QFileDialog.getOpenFileName(self, tr("Import tariff file…", language), "",
                                              tr("Tariff files (*.toml)", language))  # fmt: skip
        if not name:
            return
        try:
            spec = read_tariff(name)
        except VideotronError as exc:
            show_error(self, exc, language)
            return
        self.dialog = TariffImportDialog(self, self.ctx, spec, self.refresh)
        self.dialog.open()
