"""Setoran (STS): the receipts whose money the bendahara still holds, the deposits made, and "Deposit (STS)…" to
record one (`videotron.gui.deposit_dialog`)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from billing.deposits import list_deposits
from billing.periods import Held, held_on
from videotron.core.context import AppContext
from videotron.core.formats import rupiah
from videotron.core.i18n import say, tr
from videotron.gui.deposit_dialog import DepositDialog
from videotron.gui.roles import guard
from videotron.gui.widgets import data_table


class DepositsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx, language = ctx, ctx.language
        self.held: list[Held] = []
        self.dialog: DepositDialog | None = None
        self.held_table = data_table("heldReceipts", [tr("Receipt no.", language), tr("Received", language),
                                                      tr("Amount", language)])  # fmt: skip
        self.held_total = QLabel()
        self.held_total.setObjectName("heldTotal")
        self.deposits = data_table("depositTable", [tr("STS no.", language), tr("Deposit date", language),
                                                    tr("Amount", language), tr("Receipts", language),
                                                    tr("Note", language)])  # fmt: skip
        self.deposit_button = QPushButton(tr("Deposit (STS)…", language))
        self.deposit_button.setObjectName("depositButton")
        self.deposit_button.clicked.connect(self.deposit)
        guard(self.deposit_button, ctx, "deposit.record")
        bar = QHBoxLayout()
        bar.addWidget(self.deposit_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Receipts not yet deposited", language)))
        layout.addLayout(bar)
        layout.addWidget(self.held_table, 1)
        layout.addWidget(self.held_total)
        layout.addWidget(QLabel(tr("Deposits (STS)", language)))
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
