"""The booking desk behind the operator app's form: advertisers, and a live check of a draft booking.

A draft is checked by really entering it — validation, capacity (with its lock) and the tariff quote — in a
transaction that is always rolled back. So what the operator sees while typing is exactly what saving will
say, with no second implementation of the rules to drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from playlists.bookings import add_booking
from playlists.media.library import ID_PATTERN
from playlists.models import Advertiser, Booking
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import CapacityError, ValidationError, VideotronError
from videotron.core.permissions import authorize


@dataclass(frozen=True)
class BookingDraft:
    booking_id: str
    advertiser_id: str
    media_id: str
    screen_ids: list[str]
    category: str
    plays_per_day: int
    start_date: date
    end_date: date
    band: str | None


@dataclass
class DraftCheck:
    problems: list[str] = field(default_factory=list)  # bad fields, worded in English (the desk words them itself)
    capacity: str | None = None  # the refusal, naming screen, day, band, capacity and the largest fit
    total: int | None = None  # rupiah
    quote_lines: list[str] = field(default_factory=list)
    quote_problem: str | None = None
    tariff: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.capacity is None and self.quote_problem is None


def _enter(session: Session, draft: BookingDraft, actor: str, clock: Clock) -> Booking:
    return add_booking(
        session,
        booking_id=draft.booking_id,
        advertiser_id=draft.advertiser_id,
        media_id=draft.media_id,
        screen_ids=draft.screen_ids,
        category=draft.category,
        plays_per_day=draft.plays_per_day,
        start_date=draft.start_date,
        end_date=draft.end_date,
        band=draft.band,
        clock=clock,
        actor=actor,
    )


def check_draft(
    sessions: sessionmaker[Session], draft: BookingDraft, *, actor: str, clock: Clock, today: date
) -> DraftCheck:
    from billing.quote import quote_booking

    out = DraftCheck()
    session = sessions()
    try:
        session.begin()
        try:
            _enter(session, draft, actor, clock)
        except ValidationError as exc:
            out.problems = [p.english() for p in exc.problems]
            return out
        except CapacityError as exc:
            out.capacity = str(exc)
        try:
            quote = quote_booking(session, draft.booking_id, today)
            out.total = quote.total
            out.tariff = f"{quote.tariff_name} ({quote.tariff_effective_from:%d-%m-%Y})"
            out.quote_lines = [ln.description for ln in quote.lines]  # each names its screen and amount
        except VideotronError as exc:
            out.quote_problem = str(exc)
        return out
    finally:
        session.rollback()
        session.close()


def save_booking(sessions: sessionmaker[Session], draft: BookingDraft, *, actor: str, clock: Clock) -> None:
    """Enter the booking for real: one transaction, refused whole when anything is wrong."""
    with sessions.begin() as s:
        authorize(s, actor, "booking.edit")
        _enter(s, draft, actor, clock)


def save_advertiser(
    session: Session, advertiser_id: str, name: str, address: str, npwrd: str, *, actor: str, clock: Clock
) -> Advertiser:
    authorize(session, actor, "advertiser.edit")
    problems = []
    if not re.fullmatch(ID_PATTERN, advertiser_id or ""):
        problems.append(f"id: {advertiser_id!r} is not valid (lowercase letters, digits and '-')")
    if not name.strip():
        problems.append("name: must not be empty")
    if problems:
        raise ValidationError(problems, source=f"advertiser {advertiser_id}")
    row = session.get(Advertiser, advertiser_id)
    values = {"name": name.strip(), "address": address.strip(), "npwrd": npwrd.strip()}
    before = None if row is None else {k: getattr(row, k) for k in values}
    if row is None:
        row = Advertiser(id=advertiser_id, **values)
        session.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    if before != values:
        audit.record(
            session,
            actor=actor,
            action="advertiser.save",
            entity="advertiser",
            entity_id=advertiser_id,
            before=before,
            after=values,
            clock=clock,
        )
    session.flush()
    return row
