"""Amending a booking from the desk: a dialog with the terms that may change (plays a day, dates, time band) and the
reason; OK amends through `billing.amendments` — the same service `videotron booking amend` calls — so a draft is
just changed, and an assessed booking gets its SKRD tambahan or credit note. A refusal is shown in the dialog beside
the field it is about, and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from billing.amendments import Change, amend_booking, cancel_booking
from playlists.models import Booking
from videotron.core.context import AppContext
from videotron.core.errors import Problem
from videotron.core.i18n import N_, tr
from videotron.gui.fields import FormFields, date_field, problem_label
from videotron.gui.widgets import ask, run_action

Amend = Callable[[Change, str], object]  # (change, reason): amends in one transaction, raises when refused
STATUS_WORDS = (N_("draft"), N_("assessed"), N_("completed"), N_("cancelled"))  # a booking's status, as `tr` shows it


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class AmendDialog(QDialog):
    """The terms of booking `b` to change, and why; only what differs from the booking is asked for."""

    def __init__(self, parent: QWidget, b: Booking, language: str, amend: Amend) -> None:
        super().__init__(parent)
        self.setObjectName("amendDialog")
        self.setMinimumWidth(440)
        self.language, self.amend = language, amend
        self.was = (b.plays_per_day, b.start_date, b.end_date, b.band or "")
        self.setWindowTitle(f"{tr('Amend booking', language)} {b.id}")
        self.plays = QSpinBox()
        self.plays.setRange(0, 20000)  # 0 reaches the rule that refuses it, in the user's language
        self.plays.setValue(b.plays_per_day)
        self.start, self.end = date_field(_qdate(b.start_date)), date_field(_qdate(b.end_date))
        self.band = QLineEdit(b.band or "")
        self.band.setPlaceholderText(tr("empty = all operating hours, e.g. 17:00-21:00", language))
        self.reason = QLineEdit()
        self.reason.setObjectName("amendReason")
        self.problem = problem_label("amendProblem")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{b.id} — {b.advertiser_id} — {tr(b.status, language)}"))
        self.fields = FormFields(form)  # named as the booking's fields, like the setup file's keys
        self.fields.add("plays_per_day", tr("Plays per day", language), self.plays)
        self.fields.add("start", tr("From", language), self.start)
        self.fields.add("end", tr("Until", language), self.end)
        self.fields.add("band", tr("Time band", language), self.band)
        self.fields.add("reason", tr("Reason", language), self.reason)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.try_amend)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def change(self) -> Change:
        plays, start, end, band = self.plays.value(), _date(self.start.date()), _date(self.end.date()), self.band.text()
        was_plays, was_start, was_end, was_band = self.was
        return Change(plays_per_day=plays if plays != was_plays else None, start=start if start != was_start else None,
                      end=end if end != was_end else None,
                      band=band.strip() if band.strip() != was_band else None)  # fmt: skip

    def try_amend(self) -> None:
        change, reason = self.change(), self.reason.text()
        if self.fields.attempt(lambda: self.amend(change, reason), self.language, self.problem):
            self.accept()


class BookingActions:
    """The booking table's Amend… and Cancel booking… buttons: what they open and what OK does. Each amendment or
    cancellation is one transaction; what it issued is said in the status bar (and the tab refreshed)."""

    def __init__(self, tab: QWidget, ctx: AppContext, selected: Callable[[], str | None],
                 done: Callable[[list[Problem]], None]) -> None:  # fmt: skip
        self.tab, self.ctx, self.selected, self.done = tab, ctx, selected, done
        self.dialog: AmendDialog | None = None
        self.question: QInputDialog | None = None

    def amend(self) -> None:
        booking_id = self.selected()
        if not booking_id:
            return
        with self.ctx.sessions()() as s:
            b = s.get(Booking, booking_id)
            if b is None:
                return
            self.dialog = AmendDialog(self.tab, b, self.ctx.language, lambda c, r: self._amend(booking_id, c, r))
        self.dialog.open()

    def _amend(self, booking_id: str, change: Change, reason: str) -> None:
        ctx = self.ctx
        with ctx.sessions().begin() as s:
            done = amend_booking(s, booking_id, change, reason=reason, config=ctx.config, actor=ctx.actor,
                                 clock=ctx.clock)  # fmt: skip
            notes = done.notes()
        self.done(notes)

    def cancel(self) -> None:
        booking_id, language = self.selected(), self.ctx.language
        if not booking_id:
            return
        label = f"{tr('Cancel booking', language)} {booking_id}: {tr('reason', language)}"
        self.question = ask(self.tab, tr("Cancel booking…", language), label, lambda r: self._cancel(booking_id, r))

    def _cancel(self, booking_id: str, reason: str) -> None:
        ctx, notes = self.ctx, []

        def act(s: Session) -> None:
            notes.extend(cancel_booking(s, booking_id, reason=reason, config=ctx.config, actor=ctx.actor,
                                        clock=ctx.clock).notes())  # fmt: skip

        if run_action(self.tab, ctx, act):
            self.done(notes)
