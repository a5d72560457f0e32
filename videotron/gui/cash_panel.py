"""The treasurer's month on the Billing tab: close a month (after a confirmation that lists the figures and the
receipts carried forward), and the overdue SKRDs with the interest to date, where "STRD…" bills that interest and
"Teguran…" issues the next reminder letter (each then shown in the print preview)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing.documents.strd import render_strd
from billing.documents.teguran import render_teguran
from billing.overdue import issue_strd, overdue_skrds
from billing.periods import cash_position, close_month
from billing.reminders import issue_reminder
from billing.reports.period import Month
from videotron.core.context import AppContext
from videotron.core.formats import rupiah
from videotron.core.i18n import say, tr
from videotron.gui.fields import FormFields, month_field
from videotron.gui.long_work import LongWork, in_transaction
from videotron.gui.messages import show_error
from videotron.gui.printing import preview
from videotron.gui.roles import guard
from videotron.gui.widgets import data_table, office_today, run_action


def _pdf(render: Callable[..., None], document: object, language: str) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    render(document, buffer, language)
    return buffer.getvalue()


class CashPanel(QWidget):
    def __init__(self, ctx: AppContext, changed: Callable[[], None]) -> None:
        super().__init__()
        self.ctx, self.changed = ctx, changed
        language = ctx.language
        self.confirm: QMessageBox | None = None
        self.dialog: QPrintPreviewDialog | None = None
        self.work: LongWork | None = None
        today = office_today(ctx)
        self.month = month_field(today.addMonths(-1), "closeMonthDate")
        self.fields = FormFields()  # a refusal names the month box as the panel labels it
        self.fields.add("month", tr("Month", language), self.month)
        headers = [tr("SKRD no.", language), tr("Payer", language), tr("Due", language), tr("Months late", language),
                   tr("Principal", language), tr("Sanksi", language), tr("Interest to date", language),
                   tr("Total", language), tr("Letters sent", language), tr("Next letter", language)]  # fmt: skip
        self.table = data_table("overdueTable", headers)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Month", language)))
        row.addWidget(self.month)
        for text, slot, name, permission in ((tr("Close month…", language), self.ask_close, "closeMonthButton",
                                              "period.close"),
                                             (tr("STRD…", language), self.strd, "strdButton", "strd.issue"),
                                             (tr("Teguran…", language), self.teguran, "teguranButton",
                                              "strd.issue")):  # fmt: skip
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            guard(b, ctx, permission)
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Overdue SKRDs (interest to date)", language)))
        layout.addLayout(row)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        language, today = self.ctx.language, self.ctx.config.today(self.ctx.clock)
        with self.ctx.sessions()() as s:
            rows = overdue_skrds(s, today, config=self.ctx.config)
        self.table.setRowCount(len(rows))
        for r, o in enumerate(rows):
            sent = ", ".join(str(step) for step, _n, _d in o.letters) or "-"
            following = f"{o.next_step} ({o.next_on:%d-%m-%Y})" if o.next_step and o.next_on else "-"
            values = [o.skrd, o.payer, f"{o.due_date:%d-%m-%Y}", str(o.months_late), rupiah(o.principal, language),
                      rupiah(o.sanksi, language), rupiah(o.interest_due, language), rupiah(o.total, language), sent,
                      following]  # fmt: skip
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def selected_month(self) -> Month:
        d = self.month.date()
        return Month(d.year(), d.month())

    def ask_close(self) -> None:
        """Show the month's figures and the receipts it would carry forward; Yes closes it."""
        month, language = self.selected_month(), self.ctx.language
        with self.ctx.sessions()() as s:
            cash = cash_position(s, month, month.end)
        carried = [f"{h.receipt} ({h.received_on:%d-%m-%Y}, {rupiah(h.amount, language)})" for h in cash.carried_out]
        text = say(language, "desk.close_month", "Close {month:month}? Nothing may be dated in it afterwards.\n\n"
                   "Saldo awal {opening:rupiah}, received {received:rupiah}, deposited {deposited:rupiah}, carried "
                   "forward {closing:rupiah}.\nReceipts not deposited, carried into the next month: {receipts:list}",
                   month=month.start, opening=cash.opening, received=cash.received, deposited=cash.deposited,
                   closing=cash.closing, receipts=carried or ["-"])  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Question, tr("Close month…", language), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setObjectName("closeMonthConfirm")
        numbers = [h.receipt for h in cash.carried_out]
        box.accepted.connect(lambda: self.close_with(month, numbers))
        self.confirm = box
        box.open()

    def close_with(self, month: Month, carry: list[str]) -> None:
        """Close the month off the GUI thread (it reads the whole month), the window showing that it works."""
        ctx = self.ctx
        work = in_transaction(ctx, lambda s: close_month(s, month, carry, config=ctx.config, actor=ctx.actor,
                                                         clock=ctx.clock))  # fmt: skip
        self.work = LongWork(self, ctx.language, tr("Closing the month…", ctx.language), work, self._closed,
                             self._refused)  # fmt: skip

    def _refused(self, exc: Exception) -> None:
        show_error(self, exc, self.ctx.language, self.fields)
        self.refresh()

    def _closed(self, _result: object) -> None:
        self.refresh()
        self.changed()

    def selected_skrd(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def strd(self) -> None:
        number, ctx = self.selected_skrd(), self.ctx
        if number:
            self._issue(lambda s: issue_strd(s, number, config=ctx.config, actor=ctx.actor, clock=ctx.clock),
                        render_strd, "STRD")  # fmt: skip

    def teguran(self) -> None:
        number, ctx = self.selected_skrd(), self.ctx
        if number:
            self._issue(lambda s: issue_reminder(s, number, config=ctx.config, actor=ctx.actor, clock=ctx.clock).letter,
                        render_teguran, "Surat Teguran")  # fmt: skip

    def _issue(self, action: Callable[[Session], object], render: Callable[..., None], kind: str) -> None:
        """Issue the document in one transaction, then show it in the print preview."""
        made: list[bytes] = []
        numbers: list[str] = []

        def act(s: Session) -> None:
            document = action(s)
            numbers.append(str(getattr(document, "number", "")))
            made.append(_pdf(render, document, self.ctx.config.language))

        if self._act(act) and made:
            self.dialog = preview(self, made[0], f"{kind} {numbers[0]}")
            self.dialog.open()

    def _act(self, action: Callable[[Session], object]) -> bool:
        done = run_action(self, self.ctx, action)
        self.refresh()
        self.changed()
        return done
