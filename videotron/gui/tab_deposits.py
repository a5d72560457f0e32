"""Setoran (STS): the receipts whose money the bendahara still holds, the deposits made, and "Deposit (STS)…" to
record one (`videotron.gui.deposit_dialog`); the selected deposit's STS in the print preview or saved as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from billing.deposits import deposit_receipts, get_deposit, list_deposits
from billing.documents.sts import sts_pdf_bytes
from billing.periods import Held, held_on
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.i18n import say, tr
from videotron.gui.deposit_dialog import DepositDialog
from videotron.gui.messages import show_error
from videotron.gui.printing import preview
from videotron.gui.roles import guard
from videotron.gui.widgets import button_row, data_table


class DepositsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx, language = ctx, ctx.language
        self.held: list[Held] = []
        self.dialog: DepositDialog | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.held_table = data_table("heldReceipts", [tr("Receipt no.", language), tr("Received", language),
                                                      tr("Amount", language)])  # fmt: skip
        self.held_total = QLabel()
        self.held_total.setObjectName("heldTotal")
        self.deposits = data_table("depositTable", [tr("STS no.", language), tr("Deposit date", language),
                                                    tr("Amount", language), tr("Receipts", language),
                                                    tr("Note", language)])  # fmt: skip
        bar, (self.deposit_button,) = button_row((tr("Deposit (STS)…", language), self.deposit, "depositButton"))
        guard(self.deposit_button, ctx, "deposit.record")
        sts_bar, _ = button_row((tr("Print STS…", language), self.print_sts, "printSts"),
                                (tr("Save STS as PDF…", language), self.save_sts, "saveSts"))  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Receipts not yet deposited", language)))
        layout.addLayout(bar)
        layout.addWidget(self.held_table, 1)
        layout.addWidget(self.held_total)
        layout.addWidget(QLabel(tr("Deposits (STS)", language)))
        layout.addLayout(sts_bar)
        layout.addWidget(self.deposits, 1)

    def refresh(self) -> None:
        language = self.ctx.language
        with self.ctx.sessions()() as s:
            self.held = held_on(s, self.ctx.config.today(self.ctx.clock))
            made = [(d.number, f"{d.deposit_date:%d-%m-%Y}", rupiah(d.amount, language), ", ".join(numbers), d.note)
                    for d, numbers in list_deposits(s)]  # fmt: skip
        self.held_table.setRowCount(len(self.held))
        for r, h in enumerate(self.held):
            for c, value in enumerate((h.receipt, f"{h.received_on:%d-%m-%Y}", rupiah(h.amount, language))):
                self.held_table.setItem(r, c, QTableWidgetItem(value))
        self.held_total.setText(say(language, "desk.held_total", "Held: {count} receipt(s), {amount:rupiah}",
                                    count=len(self.held), amount=sum(h.amount for h in self.held)))  # fmt: skip
        self.deposits.setRowCount(len(made))
        for r, row in enumerate(made):
            for c, value in enumerate(row):
                self.deposits.setItem(r, c, QTableWidgetItem(value))

    def deposit(self) -> None:
        """The deposit dialog on the held receipts (those selected in the table ticked; all when none is)."""
        self.refresh()
        rows = {i.row() for i in self.held_table.selectedIndexes()}
        chosen = {self.held[r].receipt for r in rows if r < len(self.held)}
        self.dialog = DepositDialog(self, self.ctx, self.held, chosen, self.refresh)
        self.dialog.open()

    def sts_pdf(self) -> tuple[str, bytes] | None:
        """The selected deposit's STS (in the office's language), or None with a message when none is selected."""
        row = self.deposits.currentRow()
        item = self.deposits.item(row, 0) if row >= 0 else None
        if item is None:
            show_error(self, VideotronError("desk.select_sts", "Select an STS first."), self.ctx.language)
            return None
        with self.ctx.sessions()() as s:
            deposit = get_deposit(s, item.text())
            return deposit.number, sts_pdf_bytes(deposit, deposit_receipts(s, deposit), self.ctx.config.language)

    def print_sts(self) -> None:
        if doc := self.sts_pdf():
            self.preview = preview(self, doc[1], f"STS {doc[0]}")
            self.preview.open()

    def save_sts(self) -> None:
        """The selected STS saved where the user chooses."""
        if not (doc := self.sts_pdf()):
            return
        suggested = f"STS-{doc[0].replace('/', '-')}.pdf"
        name, _ = QFileDialog.getSaveFileName(self, tr("Save STS as PDF…", self.ctx.language), suggested, "PDF (*.pdf)")
        if name:
            Path(name).write_bytes(doc[1])
