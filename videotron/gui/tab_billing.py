"""Retribusi: the assessments register with filters; issue an SKRD from a booking, record a payment, void with
a reason, and print (or preview) the SKRD and the receipt through Qt's print support."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from sqlalchemy import select

from PySide6.QtCore import QDate
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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

from billing.assessments import get_assessment, issue_assessment, list_assessments, office_today, void_assessment
from billing.documents.receipt import receipt_pdf_bytes
from billing.documents.skrd import assessment_pdf_bytes
from billing.models import Assessment
from billing.payments import record_payment
from playlists.models import Booking
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.gui.i18n import language, tr
from videotron.gui.messages import show_error
from videotron.gui.printing import preview
from videotron.gui.services import Services
from videotron.gui.tab_bookings import qdate
from videotron.gui.widgets import data_table, run_action

STATUSES = ("issued", "partial", "paid", "void")


class PaymentDialog(QDialog):
    def __init__(self, parent: QWidget, number: str, outstanding: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Record payment"))
        self.amount = QSpinBox()
        self.amount.setRange(1, 2_000_000_000)
        self.amount.setValue(max(1, min(outstanding, 2_000_000_000)))
        self.amount.setGroupSeparatorShown(True)
        self.amount.setPrefix("Rp")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.method = QComboBox()
        self.method.addItem(tr("cash"), "tunai")
        self.method.addItem(tr("transfer"), "transfer")
        form = QFormLayout(self)
        form.addRow(QLabel(f"SKRD {number} — {tr('outstanding')} {rupiah(outstanding)}"))
        form.addRow(tr("Amount"), self.amount)
        form.addRow(tr("Date"), self.day)
        form.addRow(tr("Method"), self.method)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class BillingTab(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.status = QComboBox()
        self.status.addItem(tr("all"), None)
        for s in STATUSES:
            self.status.addItem(tr(s), s)
        self.month = QDateEdit(QDate.currentDate())
        self.month.setDisplayFormat("MM-yyyy")
        self.all_months = QComboBox()
        self.all_months.addItems([tr("all months"), tr("this month only")])
        self.payer = QLineEdit()
        self.payer.setPlaceholderText(tr("payer name contains…"))
        for signal in (
            self.status.currentIndexChanged,
            self.month.dateChanged,
            self.all_months.currentIndexChanged,
            self.payer.textChanged,
        ):
            signal.connect(self.refresh)
        filters = QHBoxLayout()
        for w in (QLabel(tr("Status")), self.status, self.all_months, self.month, QLabel(tr("Payer")), self.payer):
            filters.addWidget(w)
        filters.addStretch(1)
        self.table = data_table(
            "assessmentTable",
            [
                tr("SKRD no."),
                tr("Issued"),
                tr("Payer"),
                tr("Booking"),
                tr("Total"),
                tr("Paid"),
                tr("Status"),
                tr("Due"),
            ],
            stretch=True,
        )
        buttons = QHBoxLayout()
        for text, slot, name in (
            (tr("Issue SKRD…"), self.issue, "issueButton"),
            (tr("Record payment…"), self.pay, "payButton"),
            (tr("Void…"), self.void, "voidButton"),
            (tr("Print SKRD…"), self.print_assessment, "printSkrd"),
            (tr("Print receipt…"), self.print_receipt, "printReceipt"),
            (tr("Save SKRD as PDF…"), self.save_pdf, "savePdf"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.totals = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)

    def refresh(self) -> None:
        start = end = None
        if self.all_months.currentIndex() == 1:
            d = self.month.date()
            start = date(d.year(), d.month(), 1)
            end = date(d.year(), d.month(), monthrange(d.year(), d.month())[1])
        needle = self.payer.text().strip().lower()
        with self.services.sessions() as s:
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
                    a.booking_id,
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
                text = rupiah(value) if c in (4, 5) else (tr(value) if c == 6 else str(value))
                self.table.setItem(r, c, QTableWidgetItem(text))
        counted = [row for row in data if row[6] != "void"]
        self.totals.setText(
            f"{len(data)} SKRD — {tr('assessed')} {rupiah(sum(r[4] for r in counted))}, "
            f"{tr('received')} {rupiah(sum(r[5] for r in counted))}"
        )

    def selected_number(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            show_error(self, VideotronError(tr("Select an SKRD first.")))
            return None
        return item.text()

    def _act(self, action) -> bool:  # type: ignore[no-untyped-def]
        done = run_action(self, self.services, action)
        self.refresh()
        return done

    def issue(self, booking_id: str | None = None) -> None:
        if not booking_id:
            with self.services.sessions() as s:
                assessed = set(s.scalars(select(Assessment.booking_id).where(Assessment.status != "void")))
                choices = [b for b in s.scalars(select(Booking.id).order_by(Booking.id)) if b not in assessed]
            if not choices:
                show_error(self, VideotronError(tr("Every booking already has an SKRD.")))
                return
            booking_id, ok = QInputDialog.getItem(self, tr("Issue SKRD…"), tr("Booking"), choices, 0, False)
            if not ok:
                return
        svc = self.services
        self._act(lambda s: issue_assessment(s, booking_id, config=svc.config, actor=svc.actor, clock=svc.clock))

    def pay(self, amount: int | None = None, paid_on: date | None = None, method: str | None = None) -> None:
        number = self.selected_number()
        if not number:
            return
        if amount is None:
            with self.services.sessions() as s:
                outstanding = get_assessment(s, number).outstanding
            dialog = PaymentDialog(self, number, outstanding)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            amount, paid_on, method = dialog.amount.value(), qdate(dialog.day.date()), dialog.method.currentData()
        svc = self.services
        self._act(
            lambda s: record_payment(
                s,
                number,
                amount=amount,
                paid_on=paid_on or office_today(svc.clock),
                method=method or "tunai",
                config=svc.config,
                actor=svc.actor,
                clock=svc.clock,
            )
        )

    def void(self, reason: str | None = None) -> None:
        number = self.selected_number()
        if not number:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("Void…"), tr("Reason for voiding SKRD {n}:", n=number))
            if not ok:
                return
        self._act(lambda s: void_assessment(s, number, reason, actor=self.services.actor, clock=self.services.clock))

    def assessment_pdf(self) -> tuple[str, bytes] | None:
        number = self.selected_number()
        if not number:
            return None
        with self.services.sessions() as s:
            return number, assessment_pdf_bytes(get_assessment(s, number), language())

    def receipt_pdf(self) -> tuple[str, bytes] | None:
        number = self.selected_number()
        if not number:
            return None
        with self.services.sessions() as s:
            a = get_assessment(s, number)
            if not a.payments:
                show_error(self, VideotronError(tr("SKRD {n} has no payment yet.", n=number)))
                return None
            receipt = a.payments[-1].receipt
            return receipt.number, receipt_pdf_bytes(receipt, language())

    def print_assessment(self) -> None:
        doc = self.assessment_pdf()
        if doc:
            self.dialog = preview(self, doc[1], f"SKRD {doc[0]}")
            self.dialog.open()

    def print_receipt(self) -> None:
        doc = self.receipt_pdf()
        if doc:
            self.dialog = preview(self, doc[1], f"{tr('Receipt')} {doc[0]}", QPageSize.PageSizeId.A5)
            self.dialog.open()

    def save_pdf(self) -> None:
        doc = self.assessment_pdf()
        if not doc:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Save SKRD as PDF…"), f"SKRD-{doc[0].replace('/', '-')}.pdf", "PDF (*.pdf)"
        )
        if name:
            with open(name, "wb") as fh:
                fh.write(doc[1])
