"""Teks berjalan: the ticker band's content and the screens' layouts. Three pages: the operator's messages, the sold
running-text bookings (their quote — the amount their SKRD will carry — and the band's capacity shown while the
operator types; the treasurer issues the SKRD from here), and the layout editor (`videotron.gui.layout_editor`).
Every action goes through the services the CLI calls (`videotron text add|book|cancel|skrd`)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from billing.text_assessments import issue_text_assessment
from billing.text_desk import TextDraftCheck, check_text_draft
from playlists.models import RunningText
from playlists.running_texts import cancel_text, save_message, save_text_booking
from videotron.core.context import AppContext
from videotron.core.formats import rupiah
from videotron.core.i18n import render, say, tr
from videotron.gui.layout_editor import LayoutEditor
from videotron.gui.messages import error_text
from videotron.gui.roles import guard
from videotron.gui.text_page import TextForm, fill_texts, texts_table
from videotron.gui.text_skrd import TextIssueDialog
from videotron.gui.widgets import ask, button_row, refresh_page, run_action
from videotron.gui.worker import run_in_background

RED, GREEN = "<b style='color:#B71C1C'>", "<b style='color:#1B5E20'>"


class TextsPage(QWidget):
    """The messages (`sold=False`) or the sold running-text bookings: their list, the form, its buttons."""

    def __init__(self, ctx: AppContext, *, sold: bool) -> None:
        super().__init__()
        self.ctx, self.sold = ctx, sold
        language = ctx.language
        self.table = texts_table(ctx, sold=sold)
        form = QFormLayout()
        self.form = TextForm(ctx, form, sold=sold)
        add = (tr("Save running-text booking", language) if sold else tr("Add message", language), self.save,
               "saveTextBooking" if sold else "addMessage")  # fmt: skip
        cancel = (tr("Cancel…", language), self.ask_cancel, "cancelTextBooking" if sold else "cancelMessage")
        issue = (tr("Issue SKRD…", language), self.open_issue, "issueTextSkrd")
        row, buttons = button_row(add, cancel, *([issue] if sold else []))
        self.save_button, self.cancel_button = buttons[0], buttons[1]
        editing = "booking.edit" if sold else "setup.load"
        self.may_save = guard(self.save_button, ctx, editing)
        guard(self.cancel_button, ctx, editing)
        if sold:
            guard(buttons[2], ctx, "skrd.issue")
        self.quote = QLabel()
        self.quote.setObjectName("textQuote")
        self.quote.setWordWrap(True)
        self.quote.setVisible(sold)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.quote)
        side.addLayout(row)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 2)  # the table's seven or nine columns need two thirds of a 1366 px screen
        layout.addLayout(side, 1)
        self.question: object = None
        self.rows: list[RunningText] = []
        self.dialog: TextIssueDialog | None = None
        self.checking = False
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(400)
        self.debounce.timeout.connect(self.check_now)
        if sold:
            f = self.form
            for signal in (f.id.textChanged, f.text.textChanged, f.band.textChanged, f.category.currentTextChanged,
                           f.advertiser.currentIndexChanged, f.start.dateChanged, f.end.dateChanged,
                           f.screens.itemChanged):  # fmt: skip
                signal.connect(self.schedule_check)
            self.save_button.setEnabled(False)

    def refresh(self) -> None:
        self.form.fill_choices()
        self.rows = fill_texts(self.table, self.ctx, sold=self.sold)

    def selected(self) -> str | None:
        r = self.table.currentRow()
        return self.table.item(r, 0).text() if r >= 0 and self.table.item(r, 0) else None

    # --- the live quote and capacity (sold running texts) ----------------------------------------------------
    def schedule_check(self, *_args: object) -> None:
        self.save_button.setEnabled(False)
        self.debounce.start()

    def check_now(self) -> None:
        if self.checking:
            self.debounce.start()
            return
        terms, ctx = self.form.terms(), self.ctx
        if not terms.id:
            self.quote.setText(tr("Type a booking number to see the quote and the capacity.", ctx.language))
            return
        self.checking = True
        self.quote.setText(tr("Working…", ctx.language))
        self.job = run_in_background(lambda _p: check_text_draft(ctx.sessions(), terms, config=ctx.config,
                                                                 actor=ctx.actor, clock=ctx.clock),
                                     self._checked, self._check_failed)  # fmt: skip

    def _checked(self, check: TextDraftCheck) -> None:
        language, label = self.ctx.language, self.form.fields.label
        self.checking = False
        parts = []
        if check.found:
            parts.append(RED + tr("Fix these fields:", language) + "</b><br>"
                         + "<br>".join(render(p, language, label) for p in check.found))  # fmt: skip
        if check.refused:
            parts.append(RED + tr("Cannot be honoured:", language) + "</b><br>"
                         + "<br>".join(render(p, language, label) for p in check.refused))  # fmt: skip
        elif not check.found:
            parts.append(GREEN + tr("The screens' bands can carry this running text.", language) + "</b>")
        if check.quote is not None:
            q = check.quote
            parts.append(f"<b>{tr('Retribution', language)}: {rupiah(q.total, language)}</b> — {q.tariff_name}<br>"
                         + "<br>".join(ln.description for ln in q.lines))  # fmt: skip
        if check.quote_found:
            why = "<br>".join(render(p, language) for p in check.quote_found)
            parts.append(RED + tr("No tariff:", language) + f"</b> {why}")
        self.quote.setText("<br><br>".join(parts))
        self.save_button.setEnabled(check.ok and self.may_save and not self.debounce.isActive())  # (typed since?)

    def _check_failed(self, exc: Exception) -> None:
        self.checking = False
        self.quote.setText(error_text(exc, self.ctx.language, self.form.fields))

    # --- actions -----------------------------------------------------------------------------------------------
    def save(self) -> None:
        terms, ctx = self.form.terms(), self.ctx
        write = save_text_booking if self.sold else save_message
        if run_action(
            self, ctx, lambda s: write(s, terms, actor=ctx.actor, clock=ctx.clock, new=True), self.form.fields
        ):
            self.status(say(ctx.language, "desk.text_saved", "Running text {id} saved.", id=terms.id))
            self.form.clear()
            self.refresh()

    def ask_cancel(self) -> None:
        text_id, language = self.selected(), self.ctx.language
        if text_id is None:
            self.status(tr("Choose a running text in the list first.", language))
            return
        self.question = ask(self, tr("Cancel…", language), say(language, "desk.text_cancel_reason", "Why is running "
                            "text {id} cancelled? (kept in the audit trail)", id=text_id),
                            lambda reason: self.cancel(text_id, reason))  # fmt: skip

    def cancel(self, text_id: str, reason: str) -> None:
        ctx = self.ctx
        if run_action(self, ctx, lambda s: cancel_text(s, text_id, reason, actor=ctx.actor, clock=ctx.clock)):
            self.status(say(ctx.language, "desk.text_cancelled", "Running text {id} cancelled.", id=text_id))
            self.refresh()

    def open_issue(self) -> None:
        drafts = [r.id for r in self.rows if r.status == "draft"]
        chosen = self.selected()
        drafts = [chosen] + [d for d in drafts if d != chosen] if chosen in drafts else drafts
        self.dialog = TextIssueDialog(self, self.ctx, drafts, self.issue)
        self.dialog.open()

    def issue(self, text_id: str) -> bool:
        ctx = self.ctx
        done = run_action(self, ctx, lambda s: issue_text_assessment(s, text_id, config=ctx.config, actor=ctx.actor,
                                                                     clock=ctx.clock))  # fmt: skip
        if done:
            self.status(say(ctx.language, "desk.text_skrd_issued", "SKRD issued for running text {id}.", id=text_id))
            self.refresh()
        return done

    def status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text)


class TextsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        language = ctx.language
        self.messages = TextsPage(ctx, sold=False)
        self.bookings = TextsPage(ctx, sold=True)
        self.layouts = LayoutEditor(ctx)
        self.pages = QTabWidget()
        self.pages.addTab(self.messages, tr("Messages", language))
        self.pages.addTab(self.bookings, tr("Sold running texts", language))
        self.pages.addTab(self.layouts, tr("Screen layout", language))
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        QVBoxLayout(self).addWidget(self.pages)

    def refresh(self) -> None:
        refresh_page(self.pages.currentWidget())
