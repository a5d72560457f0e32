"""Issue the SKRD of a sold running text: choose a draft running-text booking, see the SKRD it would become (payer,
the text, each screen's line, the total, the due date — billing's own `preview_text_assessment`, which the CLI's
`videotron text skrd` issues from too), then confirm."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from billing.text_assessments import TextPreview, preview_text_assessment
from playlists.models import RunningText
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.i18n import render_error, tr
from videotron.gui.fields import problem_label
from videotron.gui.skrd_dialog import confirm_issue, fill_lines, lay_out_issue, lines_table

Issue = Callable[[str], bool]  # running-text booking id -> issued (False: refused, already shown)


class TextIssueDialog(QDialog):
    """The draft running-text bookings; the chosen one's SKRD as it will be issued; "Issue SKRD" asks to confirm."""

    def __init__(self, parent: QWidget, ctx: AppContext, bookings: Sequence[str], issue: Issue) -> None:
        super().__init__(parent)
        self.ctx, self.issue = ctx, issue
        language = ctx.language
        self.confirm: QMessageBox | None = None
        self.preview: TextPreview | None = None
        self.payer_name = ""
        self.setWindowTitle(tr("Issue SKRD…", language))
        self.booking = QComboBox()
        self.booking.setObjectName("textSkrdBooking")
        self.booking.addItems(list(bookings))
        self.payer, self.text, self.total, self.due = QLabel(), QLabel(), QLabel(), QLabel()
        for name, shown in (("textSkrdPayer", self.payer), ("textSkrdText", self.text),
                            ("textSkrdTotal", self.total), ("textSkrdDue", self.due)):  # fmt: skip
            shown.setObjectName(name)
            shown.setWordWrap(True)
        self.lines = lines_table(language)
        self.problem = problem_label("textSkrdProblem")
        form = QFormLayout()
        for label, widget in ((tr("Running-text booking", language), self.booking), (tr("Payer", language), self.payer),
                              (tr("Text", language), self.text), (tr("Total", language), self.total),
                              (tr("Due", language), self.due)):  # fmt: skip
            form.addRow(label, widget)
        self.ok, self.cancel = lay_out_issue(self, form, self.lines, self.problem, self.ask_confirm, language)
        self.booking.currentTextChanged.connect(self.show_preview)
        self.show_preview(self.booking.currentText())

    def show_preview(self, text_id: str) -> None:
        """The SKRD this running-text booking becomes today, or why it cannot be issued (nothing written)."""
        ctx, language = self.ctx, self.ctx.language
        self.preview, self.payer_name = None, ""
        self.problem.hide()
        shown = "-"
        try:
            with ctx.sessions()() as s:
                self.preview = preview_text_assessment(s, text_id, config=ctx.config, clock=ctx.clock)
                row = s.get(RunningText, text_id)
                if row is not None and row.advertiser is not None:
                    a = row.advertiser
                    self.payer_name, shown = a.name, row.text
                    self.payer.setText(f"{a.name} — {a.address} (NPWRD {a.npwrd or '-'})")
        except VideotronError as exc:
            self.problem.setText(render_error(exc, language))
            self.problem.show()
        p = self.preview
        self.ok.setEnabled(p is not None)
        if p is None:
            self.payer.setText("-")
        self.text.setText(shown)
        self.total.setText(rupiah(p.quote.total, language) if p else "-")
        self.due.setText(f"{p.due_date:%d-%m-%Y}" if p else "-")
        fill_lines(self.lines, p.quote.lines if p else (), language)

    def ask_confirm(self) -> None:
        """Say what will be issued and that it gets the next number; Yes issues it."""
        p, language = self.preview, self.ctx.language
        if p is None:
            return
        self.confirm = confirm_issue(self, language, self.payer_name, p.booking_id, p.quote.total, p.due_date,
                                     self.issue)  # fmt: skip
