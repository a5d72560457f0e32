"""Setor (STS): the held receipts (all ticked, or those chosen), the day the money was paid into the treasury and a
note; OK records one STS with billing's deposit service, the one the CLI's `sts record` calls. A refusal stays in the
dialog, naming its field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from billing.deposits import record_deposit
from billing.periods import Held
from videotron.core.context import AppContext
from videotron.core.formats import rupiah
from videotron.core.i18n import say, tr
from videotron.gui.fields import FormFields, date_field, problem_label
from videotron.gui.tab_bookings import qdate
from videotron.gui.widgets import office_today


class DepositDialog(QDialog):
    """The held receipts (all ticked), the deposit date and a note; OK records one STS for the ticked receipts."""

    def __init__(self, parent: QWidget, ctx: AppContext, held: list[Held], chosen: set[str],
                 done: Callable[[], None]) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.done_ = ctx, done
        language = ctx.language
        self.setWindowTitle(tr("Deposit (STS)…", language))
        self.receipts = QListWidget()
        self.receipts.setObjectName("depositReceipts")
        for h in held:
            item = QListWidgetItem(f"{h.receipt} — {h.received_on:%d-%m-%Y} — {rupiah(h.amount, language)}")
            item.setData(Qt.ItemDataRole.UserRole, h.receipt)
            ticked = not chosen or h.receipt in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.receipts.addItem(item)
        self.amounts = {h.receipt: h.amount for h in held}
        self.day = date_field(office_today(ctx), "depositDate")
        self.note = QLineEdit()
        self.note.setObjectName("depositNote")
        self.total = QLabel()
        self.total.setObjectName("depositTotal")
        self.problem = problem_label("depositProblem")
        form = QFormLayout(self)
        self.fields = FormFields(form)
        self.fields.add("receipts", tr("Receipts", language), self.receipts)
        self.fields.add("deposit_date", tr("Deposit date", language), self.day)
        self.fields.add("note", tr("Note", language), self.note)
        form.addRow(tr("Total", language), self.total)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Record deposit", language))
        buttons.accepted.connect(self.try_record)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.receipts.itemChanged.connect(self.show_total)
        self.resize(620, 360)  # a receipt's number, date and amount on one line
        self.show_total()

    def ticked(self) -> list[str]:
        items = (self.receipts.item(i) for i in range(self.receipts.count()))
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def show_total(self) -> None:
        numbers = self.ticked()
        self.total.setText(say(self.ctx.language, "desk.deposit_total", "{count} receipt(s), {amount:rupiah}",
                               count=len(numbers), amount=sum(self.amounts[n] for n in numbers)))  # fmt: skip

    def try_record(self) -> None:
        ctx, numbers, day, note = self.ctx, self.ticked(), qdate(self.day.date()), self.note.text()

        def record() -> None:
            with ctx.sessions().begin() as s:
                record_deposit(s, day, numbers, config=ctx.config, actor=ctx.actor, note=note, clock=ctx.clock)

        if self.fields.attempt(record, ctx.language, self.problem):
            self.accept()
            self.done_()
