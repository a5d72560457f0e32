"""Retribusi: the assessments register with filters; issue an SKRD from a booking, record a payment, void with
a reason, and print (or preview) the SKRD and the receipt through Qt's print support."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from PySide6.QtCore import QDate
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing.assessments import get_assessment, issue_assessment, list_assessments, void_assessment
from billing.documents.receipt import receipt_pdf_bytes
from billing.documents.skrd import assessment_pdf_bytes
from billing.models import Assessment
from billing.payments import record_payment
from playlists.models import Booking
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.i18n import N_, say, tr
from videotron.gui.bank_dialog import BankDialog
from videotron.gui.cash_panel import CashPanel
from videotron.gui.fields import FormFields, date_field, month_field, problem_label
from videotron.gui.messages import show_error
from videotron.gui.printing import preview
from videotron.gui.roles import guard
from videotron.gui.skrd_dialog import IssueDialog
from videotron.gui.tab_bookings import qdate
from videotron.gui.widgets import ask, data_table, office_today, run_action

STATUSES = (N_("issued"), N_("partial"), N_("paid"), N_("void"))  # shown with tr(status, language)
Pay = Callable[[int, date, str, str], None]  # (amount, paid on, method, bank reference); raises when refused


class PaymentDialog(QDialog):
    """Amount, date and method of a payment; OK records it. A refusal is shown in the dialog, with the cursor in the
    field it is about (an `amount` problem reads "Jumlah: ..."), and the dialog stays open."""

    def __init__(self, parent: QWidget, number: str, outstanding: int, today: QDate, language: str, pay: Pay) -> None:
        super().__init__(parent)
        self.language, self.pay = language, pay
        self.setWindowTitle(tr("Record payment", language))
        self.amount = QSpinBox()
        self.amount.setRange(1, 2_000_000_000)
        self.amount.setValue(max(1, min(outstanding, 2_000_000_000)))
        self.amount.setGroupSeparatorShown(True)
        self.amount.setPrefix("Rp")
        self.day = date_field(today, "paymentDate")
        self.method = QComboBox()
        self.method.addItem(tr("cash", language), "tunai")
        self.method.addItem(tr("transfer", language), "transfer")
        self.method.addItem(tr("QRIS", language), "qris")
        self.method.addItem(tr("virtual account", language), "va")
        self.reference = QLineEdit()
        self.reference.setObjectName("bankReference")
        self.reference.setPlaceholderText(tr("the bank's reference (not for cash)", language))
        self.problem = problem_label("paymentProblem")
        form = QFormLayout(self)
        form.addRow(QLabel(f"SKRD {number} — {tr('outstanding', language)} {rupiah(outstanding, language)}"))
        self.fields = FormFields(form)
        self.fields.add("amount", tr("Amount", language), self.amount)
        self.fields.add("paid_on", tr("Date", language), self.day)
        self.fields.add("method", tr("Method", language), self.method)
        self.fields.add("bank_reference", tr("Bank reference", language), self.reference)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.try_pay)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def try_pay(self) -> None:
        amount, paid_on, method = self.amount.value(), qdate(self.day.date()), self.method.currentData()
        reference = self.reference.text()
        if self.fields.attempt(lambda: self.pay(amount, paid_on, method, reference), self.language, self.problem):
            self.accept()


class BillingTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.payment: PaymentDialog | None = None
        self.bank: BankDialog | None = None
        self.question: QInputDialog | None = None
        self.issuing: IssueDialog | None = None
        self.status = QComboBox()
        self.status.addItem(tr("all", language), None)
        for s in STATUSES:
            self.status.addItem(tr(s, language), s)
        self.month = month_field(office_today(ctx), "registerMonth")
        self.all_months = QComboBox()
        self.all_months.addItems([tr("all months", language), tr("this month only", language)])
        self.payer = QLineEdit()
        self.payer.setPlaceholderText(tr("payer name contains…", language))
        for signal in (
            self.status.currentIndexChanged,
            self.month.dateChanged,
            self.all_months.currentIndexChanged,
            self.payer.textChanged,
        ):
            signal.connect(self.refresh_register)
        filters = QHBoxLayout()
        for w in (
            QLabel(tr("Status", language)),
            self.status,
            self.all_months,
            self.month,
            QLabel(tr("Payer", language)),
            self.payer,
        ):
            filters.addWidget(w)
        filters.addStretch(1)
        self.table = data_table(
            "assessmentTable",
            [
                tr("SKRD no.", language),
                tr("Issued", language),
                tr("Payer", language),
                tr("Booking", language),
                tr("Total", language),
                tr("Paid", language),
                tr("Status", language),
                tr("Due", language),
            ],
            stretch=True,
        )
        buttons = QHBoxLayout()
        for text, slot, name, permission in (
            (tr("Issue SKRD…", language), self.issue, "issueButton", "skrd.issue"),
            (tr("Record payment…", language), self.pay, "payButton", "payment.record"),
            (tr("Void…", language), self.void, "voidButton", "skrd.void"),
            (tr("Print SKRD…", language), self.print_assessment, "printSkrd", None),
            (tr("Print receipt…", language), self.print_receipt, "printReceipt", None),
            (tr("Save SKRD as PDF…", language), self.save_pdf, "savePdf", None),
            (tr("Bank reconciliation…", language), self.reconcile, "bankButton", "payment.record"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            guard(b, ctx, permission)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.totals = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self.cash = CashPanel(ctx, self.refresh_register)
        layout.addWidget(self.cash)

    def refresh(self) -> None:
        self.refresh_register()
        self.cash.refresh()

    def refresh_register(self) -> None:
        start = end = None
        if self.all_months.currentIndex() == 1:
            d = self.month.date()
            start = date(d.year(), d.month(), 1)
            end = date(d.year(), d.month(), monthrange(d.year(), d.month())[1])
        needle, language = self.payer.text().strip().lower(), self.ctx.language
        with self.ctx.sessions()() as s:
            rows = [
                a
                for a in list_assessments(s, start=start, end=end, status=self.status.currentData())
                if needle in a.payer_name.lower()
            ]
            data = [
                (
                    a.number,
                    f"{a.issue_date:%d-%m-%Y}",
                    a.payer_name,
                    a.booking_id or a.text_booking_id,
                    a.principal,
                    a.paid_total,
                    a.status,
                    f"{a.due_date:%d-%m-%Y}",
                )
                for a in rows
            ]
        self.table.setRowCount(len(data))
        for r, row in enumerate(data):
            for c, value in enumerate(row):
                text = rupiah(value, language) if c in (4, 5) else (tr(value, language) if c == 6 else str(value))
                self.table.setItem(r, c, QTableWidgetItem(text))
        counted = [row for row in data if row[6] != "void"]
        self.totals.setText(say(language, "desk.billing_totals", "{count} SKRD — assessed {assessed:rupiah}, "
                                "received {received:rupiah}", count=len(data), assessed=sum(r[4] for r in counted),
                                received=sum(r[5] for r in counted)))  # fmt: skip

    def selected_number(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            show_error(self, VideotronError("desk.select_skrd", "Select an SKRD first."), self.ctx.language)
            return None
        return item.text()

    def _act(self, action: Callable[[Session], object]) -> bool:
        done = run_action(self, self.ctx, action)
        self.refresh()
        return done

    def issue(self) -> None:
        """The bookings with no SKRD yet; the dialog shows the chosen one's SKRD and issues it once confirmed."""
        language = self.ctx.language
        with self.ctx.sessions()() as s:
            assessed = set(s.scalars(select(Assessment.booking_id).where(Assessment.status != "void")))
            choices = [b for b in s.scalars(select(Booking.id).order_by(Booking.id)) if b not in assessed]
        if not choices:
            show_error(self, VideotronError("desk.all_assessed", "Every booking already has an SKRD."), language)
            return
        self.issuing = IssueDialog(self, self.ctx, choices, self.issue_for)
        self.issuing.open()

    def issue_for(self, booking_id: str) -> bool:
        ctx = self.ctx
        return self._act(lambda s: issue_assessment(s, booking_id, config=ctx.config, actor=ctx.actor, clock=ctx.clock))

    def pay(self) -> None:
        """The payment dialog for the selected SKRD (window-modal, not blocking); it records the payment itself."""
        number = self.selected_number()
        if not number:
            return
        with self.ctx.sessions()() as s:
            outstanding = get_assessment(s, number).outstanding
        self.payment = PaymentDialog(
            self, number, outstanding, office_today(self.ctx), self.ctx.language,
            lambda amount, paid_on, method, reference: self.record(number, amount, paid_on, method, reference),
        )  # fmt: skip
        self.payment.accepted.connect(self.refresh)
        self.payment.open()

    def record(self, number: str, amount: int, paid_on: date, method: str, reference: str = "") -> None:
        """Record a payment in one transaction; raises VideotronError when refused (the dialog shows why)."""
        ctx = self.ctx
        with ctx.sessions().begin() as s:
            record_payment(
                s,
                number,
                amount=amount,
                paid_on=paid_on,
                method=method,
                config=ctx.config,
                actor=ctx.actor,
                clock=ctx.clock,
                bank_reference=reference,
            )

    def reconcile(self) -> None:
        """The bank reconciliation dialog (window-modal, not blocking): import a statement, match lines by hand."""
        self.bank = BankDialog(self, self.ctx, self.refresh)
        self.bank.open()

    def void(self) -> None:
        """Ask the reason for voiding the selected SKRD; OK voids it."""
        number, language = self.selected_number(), self.ctx.language
        if not number:
            return
        label = say(language, "desk.void_reason", "Reason for voiding SKRD {n}:", n=number)
        self.question = ask(self, tr("Void…", language), label, lambda reason: self.void_with(number, reason))

    def void_with(self, number: str, reason: str) -> None:
        self._act(lambda s: void_assessment(s, number, reason, actor=self.ctx.actor, clock=self.ctx.clock))

    def assessment_pdf(self) -> tuple[str, bytes] | None:
        number = self.selected_number()
        if not number:
            return None
        with self.ctx.sessions()() as s:
            return number, assessment_pdf_bytes(get_assessment(s, number), self.ctx.config.language)

    def receipt_pdf(self) -> tuple[str, bytes] | None:
        number = self.selected_number()
        if not number:
            return None
        with self.ctx.sessions()() as s:
            a = get_assessment(s, number)
            if not a.payments:
                show_error(self, VideotronError("desk.no_payment", "SKRD {n} has no payment yet.", n=number),
                           self.ctx.language)  # fmt: skip
                return None
            receipt = a.payments[-1].receipt
            return receipt.number, receipt_pdf_bytes(receipt, self.ctx.config.language)

    def print_assessment(self) -> None:
        doc = self.assessment_pdf()
        if doc:
            self.dialog = preview(self, doc[1], f"SKRD {doc[0]}")
            self.dialog.open()

    def print_receipt(self) -> None:
        doc = self.receipt_pdf()
        if doc:
            self.dialog = preview(self, doc[1], f"{tr('Receipt', self.ctx.language)} {doc[0]}", QPageSize.PageSizeId.A5)
            self.dialog.open()

    def save_pdf(self) -> None:
        doc = self.assessment_pdf()
        if not doc:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Save SKRD as PDF…", self.ctx.language), f"SKRD-{doc[0].replace('/', '-')}.pdf", "PDF (*.pdf)"
        )
        if name:
            with open(name, "wb") as fh:
                fh.write(doc[1])
