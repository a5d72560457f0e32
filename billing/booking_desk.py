"""The booking desk behind the operator app's form: a live check of a draft booking, and entering it.

A draft is checked by really entering it with `playlists.bookings.save_booking` — validation, capacity (with its
lock) — and quoting it against the tariff, in a transaction that is always rolled back. So what the operator sees
while typing is exactly what saving will say, with no second implementation of the rules to drift apart. A time band
across a tariff band's edge is a problem of the `band` field (`billing.bands`): scheduling cannot see the tariff, so
this is where the operator learns it, before any SKRD is issued.
(Advertisers are saved with `playlists.advertisers.save_advertiser`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from playlists.bookings import BookingFields, save_booking
from playlists.models import Booking
from videotron.core.clock import Clock
from videotron.core.errors import CapacityError, Problem, ValidationError, VideotronError

BookingDraft = BookingFields  # what the desk's form holds: a booking's terms, not yet saved


@dataclass
class DraftCheck:
    problems: list[str] = field(default_factory=list)  # bad fields, worded in English
    found: list[Problem] = field(default_factory=list)  # the same, and a capacity refusal, structured (code, field)
    capacity: str | None = None  # the refusal, naming screen, day, band, capacity and the largest fit
    total: int | None = None  # rupiah
    quote_lines: list[str] = field(default_factory=list)
    quote_problem: str | None = None  # why it cannot be priced (no tariff in force, say), in English
    quote_found: list[Problem] = field(default_factory=list)  # the same, structured (for the user's language)
    tariff: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.capacity is None and self.quote_problem is None


def _enter(session: Session, draft: BookingDraft, actor: str, clock: Clock) -> Booking:
    return save_booking(session, draft, actor=actor, clock=clock, new=True).row


def check_draft(
    sessions: sessionmaker[Session], draft: BookingDraft, *, actor: str, clock: Clock, today: date
) -> DraftCheck:
    from billing.bands import band_problems
    from billing.quote import quote_booking
    from billing.tariffs import version_at

    out = DraftCheck()
    session = sessions()
    try:
        session.begin()
        try:
            _enter(session, draft, actor, clock)
        except ValidationError as exc:
            out.problems = [p.english() for p in exc.problems]
            out.found = list(exc.problems)
            return out
        except CapacityError as exc:
            out.capacity = str(exc)
            out.found = list(exc.problems)
        try:
            across = band_problems(version_at(session, today), draft.band)
            if across:
                out.problems += [p.english() for p in across]
                out.found += across
                return out
            quote = quote_booking(session, draft.booking_id, today)
            out.total = quote.total
            out.tariff = f"{quote.tariff_name} ({quote.tariff_effective_from:%d-%m-%Y})"
            out.quote_lines = [ln.description for ln in quote.lines]  # each names its screen and amount
        except VideotronError as exc:
            out.quote_problem, out.quote_found = str(exc), list(exc.problems)
        return out
    finally:
        session.rollback()
        session.close()


def enter_booking(sessions: sessionmaker[Session], draft: BookingDraft, *, actor: str, clock: Clock) -> None:
    """Enter the booking for real: one transaction, refused whole when anything is wrong."""
    with sessions.begin() as s:
        _enter(s, draft, actor, clock)
