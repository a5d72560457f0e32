"""Issue SKRD: choose a booking, see the SKRD it would become (payer, each line, the total, the due date — billing's
own `preview_assessment`, the rule the CLI follows too), then confirm. A booking that may not be assessed (its ad
media not approved, say) shows why and cannot be issued."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing.assessments import AssessmentPreview, preview_assessment
from billing.calculation import fraction_text
from billing.quote import QuoteLine
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import number, rupiah
from videotron.core.i18n import N_, render_error, say, tr
from videotron.gui.fields import problem_label
from videotron.gui.widgets import data_table

UNITS = {
    "play": N_("plays"),
    "day": N_("days"),
    "month": N_("months"),
    "contract": N_("contract"),
    "period30": N_("30-day periods"),
}  # a line's unit, as its quantity is counted
Issue = Callable[[str], bool]  # booking id -> issued (False: refused, already shown)


def lines_table(language: str) -> QTableWidget:
    """An SKRD's lines as the SKRD prints them: No., account, description (wrapped), quantity, price, amount."""
    table = data_table("skrdLines", [tr("No.", language), tr("Account", language), tr("Description", language),
                                     tr("Quantity", language), tr("Price", language),
                                     tr("Amount", language)])  # fmt: skip
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(False)
    table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    return table


def fill_lines(table: QTableWidget, lines: Sequence[QuoteLine], language: str) -> None:
    """Show a quote's lines in a `lines_table`."""
    table.setRowCount(len(lines))
    for r, ln in enumerate(lines):
        q = number(int(ln.quantity), language) if ln.quantity.denominator == 1 else fraction_text(ln.quantity, language)
        quantity = f"{q} {tr(UNITS.get(ln.unit, ln.unit), language)}"
        values = (str(r + 1), ln.account or "-", ln.description, quantity, rupiah(ln.unit_price, language),
                  rupiah(ln.amount, language))  # fmt: skip
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeRowsToContents()  # the uraian wraps: every amount stays in sight


def lay_out_issue(dialog: QDialog, form: QFormLayout, lines: QTableWidget, problem: QLabel,
                  confirm: Callable[[], None], language: str) -> tuple[QPushButton, QPushButton]:  # fmt: skip
    """An Issue SKRD dialog's body: what it issues (`form`), its lines, the problem and "Issue SKRD" / Cancel, the
    first asking `confirm`. The two buttons."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(tr("Issue SKRD", language))
    buttons.accepted.connect(confirm)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(lines, 1)
    layout.addWidget(problem)
    layout.addWidget(buttons)
    dialog.resize(900, 420)
    return ok, buttons.button(QDialogButtonBox.StandardButton.Cancel)


class IssueDialog(QDialog):
    """The bookings without an SKRD; the chosen one's SKRD as it will be issued; "Issue SKRD" asks to confirm."""

    def __init__(self, parent: QWidget, ctx: AppContext, bookings: Sequence[str], issue: Issue) -> None:
        super().__init__(parent)
        self.ctx, self.issue = ctx, issue
        language = ctx.language
        self.confirm: QMessageBox | None = None
        self.preview: AssessmentPreview | None = None
        self.setWindowTitle(tr("Issue SKRD…", language))
        self.booking = QComboBox()
        self.booking.setObjectName("skrdBooking")
        self.booking.addItems(list(bookings))
        self.payer = QLabel()
        self.payer.setObjectName("skrdPayer")
        self.payer.setWordWrap(True)
        self.media = QLabel()
        self.media.setObjectName("skrdMedia")
        self.lines = lines_table(language)
        self.total = QLabel()
        self.total.setObjectName("skrdTotal")
        self.due = QLabel()
        self.due.setObjectName("skrdDue")
        self.problem = problem_label("skrdProblem")
        form = QFormLayout()
        form.addRow(tr("Booking", language), self.booking)
        form.addRow(tr("Payer", language), self.payer)
        form.addRow(tr("Media", language), self.media)
        form.addRow(tr("Total", language), self.total)
        form.addRow(tr("Due", language), self.due)
        self.ok, self.cancel = lay_out_issue(self, form, self.lines, self.problem, self.ask_confirm, language)
        self.booking.currentTextChanged.connect(self.show_preview)
        self.show_preview(self.booking.currentText())

    def show_preview(self, booking_id: str) -> None:
        """The SKRD this booking becomes today, or why it cannot be issued (nothing written either way)."""
        ctx, language = self.ctx, self.ctx.language
        self.preview = None
        self.problem.hide()
        try:
            with ctx.sessions()() as s:
                self.preview = preview_assessment(s, booking_id, config=ctx.config, clock=ctx.clock)
        except VideotronError as exc:
            self.problem.setText(render_error(exc, language))
            self.problem.show()
        p = self.preview
        self.ok.setEnabled(p is not None)
        self.payer.setText(f"{p.payer_name} — {p.payer_address} (NPWRD {p.payer_npwrd or '-'})" if p else "-")
        self.media.setText(p.media_title if p else "-")
        self.total.setText(rupiah(p.total, language) if p else "-")
        self.due.setText(f"{p.due_date:%d-%m-%Y}" if p else "-")
        fill_lines(self.lines, p.quote.lines if p else (), language)

    def ask_confirm(self) -> None:
        """Say what will be issued and that it gets the next number; Yes issues it."""
        p, language = self.preview, self.ctx.language
        if p is None:
            return
        self.confirm = confirm_issue(self, language, p.payer_name, p.booking_id, p.total, p.due_date, self.issue)


def confirm_issue(dialog: QDialog, language: str, payer: str, booking: str, total: int, due: date,
                  issue: Issue) -> QMessageBox:  # fmt: skip
    """Ask whether to issue the SKRD (it takes the next number); Yes issues it and closes `dialog`."""
    text = say(language, "desk.issue_confirm", "Issue an SKRD to {payer} for booking {booking}, total "
               "{total:rupiah}, due {due:date}? It takes the next SKRD number; afterwards it can only be voided.",
               payer=payer, booking=booking, total=total, due=due)  # fmt: skip
    box = QMessageBox(QMessageBox.Icon.Question, tr("Issue SKRD…", language), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, dialog)  # fmt: skip
    box.setObjectName("skrdConfirm")
    box.accepted.connect(lambda: issue(booking) and dialog.accept())
    box.open()
    return box
