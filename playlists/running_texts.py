"""Running texts (the ticker band's content): operator messages (`save_message`) and sold running-text bookings
(`save_text_booking(s)`), each the one write path the setup file, the command line and the desk call.

A message is a PSA text on some screens between two dates, optionally inside a band of hours ("HH:MM-HH:MM").
A running-text booking adds an advertiser and a tariff category, and lives the booking lifecycle: entered (draft),
its SKRD issued (assessed, `billing.text_assessments`), settled (completed) or cancelled. As for spots, once its SKRD
is issued its billable terms (text, screens, dates, band, category, advertiser) do not change on any path (void the
unpaid SKRD first; a paid one stands), and a cancelled one does not change at all. Capacity: a screen's band carries
at most its layout's `sold_texts` sold running texts a day (`playlists.text_capacity`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from playlists import checks
from playlists.bookings import BOOKING_ID, CATEGORY, dates_and_band
from playlists.models import Advertiser, RunningText, RunningTextScreen, Screen
from playlists.saving import ID_PATTERN, Placer, Saved, plain, refuse, save_all, write
from playlists.text_capacity import ensure_text_capacity
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, Problem, ValidationError, problem
from videotron.core.permissions import authorize

MAX_TEXT = 300  # what an SKRD prints of it (its media_title column)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class TextFields:
    """A running text as entered; problems name the setup file's keys (id, text, screens, start, end, band,
    advertiser, category). A message has no advertiser nor category."""

    id: str
    text: str
    screen_ids: list[str]
    start_date: date
    end_date: date
    band: str | None = None
    advertiser_id: str | None = None
    category: str | None = None

    @property
    def sold(self) -> bool:
        return self.advertiser_id is not None


def text_problems(t: TextFields) -> list[Problem]:
    """What is wrong with a running text's terms on their own (the setup file checks this while parsing)."""
    out: checks.Problems = []
    if not re.fullmatch(BOOKING_ID, t.id or ""):
        out.append(problem("text.id", "{value!r} is not a usable id (letters, digits, . _ / -)", "id", value=t.id))
    if checks.text(out, "text", t.text, MAX_TEXT) and CONTROL.search(t.text):
        out.append(problem("text.control", "a running text is one line: no tab, line break or control character",
                           "text"))  # fmt: skip
    if not t.screen_ids:
        out.append(problem("booking.no_screen", "name at least one screen", "screens"))
    elif len(set(t.screen_ids)) != len(t.screen_ids):
        out.append(problem("booking.screen_twice", "a screen is listed twice", "screens"))
    dates_and_band(out, t.start_date, t.end_date, t.band)
    if t.sold:
        checks.matches(out, "advertiser", t.advertiser_id or "", ID_PATTERN)
        if checks.text(out, "category", t.category or "", 64):
            checks.matches(out, "category", t.category or "", CATEGORY)
    return out


def _references(session: Session, t: TextFields) -> list[Problem]:
    out: checks.Problems = []
    if t.advertiser_id is not None and not checks.exists(session, Advertiser, t.advertiser_id):
        out.append(problem("advertiser.not_found", "advertiser {value!r} does not exist", "advertiser",
                           value=t.advertiser_id))  # fmt: skip
    for sid in sorted(set(t.screen_ids)):
        if not checks.exists(session, Screen, sid):
            out.append(problem("screen.not_found", "screen {value!r} does not exist", "screens", value=sid))
    return out


def terms_of(row: RunningText) -> TextFields:
    return TextFields(row.id, row.text, sorted(row.screen_ids), row.start_date, row.end_date, row.band,
                      row.advertiser_id, row.category)  # fmt: skip


FROZEN = (("text", "text"), ("screens", "screen_ids"), ("start", "start_date"), ("end", "end_date"),
          ("band", "band"), ("advertiser", "advertiser_id"), ("category", "category"))  # fmt: skip


def _locked(row: RunningText, t: TextFields) -> list[Problem]:
    """What an edit of a running-text booking whose SKRD is issued (or of a cancelled one) would change."""
    now = terms_of(row)
    out = []
    for key, attr in FROZEN:
        old, new = getattr(now, attr), getattr(t, attr)
        if key == "screens":
            new = sorted(new)
        if plain(old) != plain(new):
            out.append(problem("text.locked", "running-text booking {booking} is {status:tr}: its {key} cannot change "
                               "(an issued SKRD freezes its terms; void an unpaid SKRD first, a paid one stands)", key,
                               booking=row.id, status=row.status, key=key))  # fmt: skip
    return out


def _write(session: Session, t: TextFields, *, sold: bool, new: bool, actor: str, clock: Clock) -> Saved[RunningText]:
    source = f"{'text booking' if sold else 'message'} {t.id}"
    problems = text_problems(t)
    if sold != t.sold:
        field_ = "advertiser"
        problems.append(problem("text.kind", "a running-text booking names its advertiser and category; a message "
                                "names neither", field_))  # fmt: skip
    row = session.get(RunningText, t.id)
    if row is not None and (new or row.kind != ("ad" if sold else "psa")):
        problems.append(problem("text.exists", "running text {value} already exists", "id", value=t.id))
    refuse(problems + _references(session, t), source)
    if row is not None and row.status in ("assessed", "completed", "cancelled"):
        refuse(_locked(row, t), source)
    old_screens = sorted(row.screen_ids) if row is not None else None
    screens = sorted(t.screen_ids)
    values = {"kind": "ad" if sold else "psa", "text": t.text.strip(), "start_date": t.start_date,
              "end_date": t.end_date, "band": t.band, "advertiser_id": t.advertiser_id,
              "category": t.category.strip() if t.category else None}  # fmt: skip
    saved = write(session, RunningText, t.id, values, entity="text_booking" if sold else "message", actor=actor,
                  clock=clock, lists={"screens": (old_screens, screens)},
                  on_create={"status": "draft" if sold else "active", "created_at": clock.now()})  # fmt: skip
    if old_screens != screens:
        saved.row.screens.clear()
        session.flush()
        saved.row.screens.extend(RunningTextScreen(screen_id=sid) for sid in screens)
    return saved


def save_message(session: Session, t: TextFields, *, actor: str, clock: Clock, new: bool = False
                 ) -> Saved[RunningText]:  # fmt: skip
    """Create or update an operator's message (a PSA running text)."""
    authorize(session, actor, "setup.load")
    return _write(session, t, sold=False, new=new, actor=actor, clock=clock)


def save_text_bookings(session: Session, terms: Sequence[TextFields], *, actor: str, clock: Clock, new: bool = False,
                       place: Placer | None = None) -> list[Saved[RunningText]]:  # fmt: skip
    """Create or update running-text bookings, then check the screens' band capacity once for all that changed.
    With `place(i, problems)` (a setup file's lines) all problems are placed and raised together."""
    authorize(session, actor, "booking.edit")
    return save_all(session, terms, lambda t: _write(session, t, sold=True, new=new, actor=actor, clock=clock),
                    ident=lambda t: t.id, check=lambda ids: ensure_text_capacity(session, ids), place=place,
                    source="text bookings")  # fmt: skip


def save_text_booking(session: Session, terms: TextFields, *, actor: str, clock: Clock, new: bool = False
                      ) -> Saved[RunningText]:  # fmt: skip
    """Create or update one running-text booking; see `save_text_bookings`."""
    return save_text_bookings(session, [terms], actor=actor, clock=clock, new=new)[0]


def cancel_text(session: Session, text_id: str, reason: str, *, actor: str, clock: Clock) -> RunningText:
    """Take a message or a draft running-text booking off the band for good (the row stays, status cancelled). A
    running-text booking whose SKRD is issued is refused: void the unpaid SKRD first; a paid one stands."""
    row = session.get(RunningText, text_id)
    if row is None:
        raise NotFound("text.not_found", "running text {value!r} not found", field="id", value=text_id)
    authorize(session, actor, "booking.edit" if row.kind == "ad" else "setup.load")
    if not (reason or "").strip():
        raise ValidationError("text.cancel_reason", "a cancellation needs a reason (it is kept in the audit trail)",
                              field="reason")  # fmt: skip
    if row.status in ("assessed", "completed", "cancelled"):
        raise ValidationError("text.not_cancellable", "running text {value} is {status:tr}: only a message or a "
                              "draft booking is cancelled (void an unpaid SKRD first; a paid one stands)", field="id",
                              value=text_id, status=row.status)  # fmt: skip
    before = {"status": row.status}
    row.status = "cancelled"
    entity = "text_booking" if row.kind == "ad" else "message"
    audit.record(session, actor=actor, action=f"{entity}.cancel", entity=entity, entity_id=text_id, before=before,
                 after={"status": "cancelled", "reason": reason.strip()}, clock=clock)  # fmt: skip
    return row


def list_texts(session: Session, *, kind: str | None = None, screen_id: str | None = None,
               day: date | None = None) -> list[RunningText]:  # fmt: skip
    """Running texts in id order, optionally of one kind (psa | ad), on a screen, in force on a day."""
    stmt = select(RunningText).options(selectinload(RunningText.screens)).order_by(RunningText.id)
    if kind is not None:
        stmt = stmt.where(RunningText.kind == kind)
    if screen_id is not None:
        sub = select(RunningTextScreen.running_text_id).where(RunningTextScreen.screen_id == screen_id)
        stmt = stmt.where(RunningText.id.in_(sub))
    if day is not None:
        stmt = stmt.where(RunningText.start_date <= day, RunningText.end_date >= day)
    return list(session.scalars(stmt))
