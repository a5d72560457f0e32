"""Bookings: the one place a booking's terms are checked and written (`save_booking`, `save_bookings`), whoever
enters them — the setup file, `videotron booking add` or the desk's form — and the list of bookings.

Every rule is here: the id, the plays a day (at least 1, at most MAX_PLAYS_PER_DAY), the dates, the band, the
screens, the advertiser, the media (ad media; it may still await approval: the airtime is reserved now and the ad
airs once approved) and the capacity of every screen. This is also the one place a booking's billable terms are
written, so a rule about what may change once an SKRD is issued belongs here.

Runs in the caller's transaction: the bookings, their capacity check and their audit entries commit together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from playlists import checks
from playlists.capacity import BookingRefused, ensure_bookable
from playlists.inputs import parse_band
from playlists.models import Advertiser, Booking, BookingScreen, Media, Screen
from playlists.saving import ID_PATTERN, Saved, refuse, write
from playlists.screens import HOURS
from videotron.core.clock import Clock
from videotron.core.errors import Problem, ValidationError, problem
from videotron.core.permissions import authorize

BOOKING_ID = r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}"  # office numbering such as BK/2026/001 is welcome
CATEGORY = r"[A-Za-z0-9_.-]{1,64}"  # a tariff's category names (billing.tariff_file)
MAX_PLAYS_PER_DAY = 20_000
Placer = Callable[[int, list[Problem]], list[Problem]]  # where the i-th booking's problems are (file and line)
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
MAX_BOOKING_DAYS = 3 * 366  # tariffs are reviewed at most every 3 years (UU 1/2022)


@dataclass(frozen=True)
class BookingFields:
    """A booking's terms as entered (problems name them by the setup file's keys: id, advertiser, media, screens,
    category, plays_per_day, start, end, band)."""

    booking_id: str
    advertiser_id: str
    media_id: str
    screen_ids: list[str]
    category: str
    plays_per_day: int
    start_date: date
    end_date: date
    band: str | None = None


def terms_problems(t: BookingFields) -> list[Problem]:
    """What is wrong with a booking's terms on their own (the setup file checks this while parsing)."""
    out: checks.Problems = []
    if not re.fullmatch(BOOKING_ID, t.booking_id or ""):
        out.append(problem("booking.id", "{value!r} is not a usable booking id (letters, digits, . _ / -)", "id",
                           value=t.booking_id))  # fmt: skip
    checks.matches(out, "advertiser", t.advertiser_id, ID_PATTERN)
    checks.matches(out, "media", t.media_id, ID_PATTERN)
    if not t.screen_ids:
        out.append(problem("booking.no_screen", "name at least one screen", "screens"))
    elif len(set(t.screen_ids)) != len(t.screen_ids):
        out.append(problem("booking.screen_twice", "a screen is listed twice", "screens"))
    if checks.text(out, "category", t.category, 64):
        checks.matches(out, "category", t.category, CATEGORY)
    checks.within(out, "plays_per_day", t.plays_per_day, 1, MAX_PLAYS_PER_DAY)
    for name, day in (("start", t.start_date), ("end", t.end_date)):
        checks.dated(out, name, day, EARLIEST, LATEST)
    if t.end_date < t.start_date:
        out.append(problem("booking.end_before_start", "{end} is before start {start}", "end", end=t.end_date,
                           start=t.start_date))  # fmt: skip
    elif t.end_date - t.start_date > timedelta(days=MAX_BOOKING_DAYS):
        out.append(problem("booking.too_long", "a booking may run at most {days} days; {start} to {end} is longer",
                           "end", days=MAX_BOOKING_DAYS, start=t.start_date, end=t.end_date))  # fmt: skip
    if t.band is not None:
        _band(out, t.band)
    return out


def _band(out: checks.Problems, band: str) -> None:
    if not re.fullmatch(HOURS, band):
        out.append(problem("booking.band", "{value!r} is not valid (HH:MM-HH:MM inside one day)", "band", value=band))
        return
    try:
        parse_band(band, "band")
    except ValidationError as exc:
        out += exc.problems


def _references(session: Session, t: BookingFields, bad: set[str | None]) -> list[Problem]:
    """Whether what the booking names exists (skipping fields already found malformed)."""
    out: checks.Problems = []
    if "advertiser" not in bad and not checks.exists(session, Advertiser, t.advertiser_id):
        out.append(problem("advertiser.not_found", "advertiser {value!r} does not exist", "advertiser",
                           value=t.advertiser_id))  # fmt: skip
    media = session.get(Media, t.media_id) if "media" not in bad else None
    if media is None and "media" not in bad:
        out.append(problem("media.not_found", "media {value!r} does not exist", "media", value=t.media_id))
    elif media is not None and media.kind != "ad":
        out.append(problem("booking.media_not_ad", "{value} is {kind} media; a booking airs ad media", "media",
                           value=t.media_id, kind=media.kind))  # fmt: skip
    for sid in sorted(set(t.screen_ids)):
        if not checks.exists(session, Screen, sid):
            out.append(problem("screen.not_found", "screen {value!r} does not exist", "screens", value=sid))
    return out


def _write(session: Session, t: BookingFields, *, new: bool, actor: str, clock: Clock) -> Saved[Booking]:
    problems = terms_problems(t)
    bad = {p.field for p in problems}
    if new and "id" not in bad and checks.exists(session, Booking, t.booking_id):
        problems.append(problem("booking.exists", "booking {value} already exists", "id", value=t.booking_id))
    problems += _references(session, t, bad)
    refuse(problems, f"booking {t.booking_id}")
    row = session.get(Booking, t.booking_id)
    old_screens = sorted(row.screen_ids) if row is not None else None
    screens = sorted(t.screen_ids)
    values = {
        "advertiser_id": t.advertiser_id,
        "media_id": t.media_id,
        "category": t.category.strip(),
        "plays_per_day": t.plays_per_day,
        "start_date": t.start_date,
        "end_date": t.end_date,
        "band": t.band,
    }
    saved = write(session, Booking, t.booking_id, values, entity="booking", actor=actor, clock=clock,
                  lists={"screens": (old_screens, screens)},
                  on_create={"status": "active", "created_at": clock.now()})  # fmt: skip
    if old_screens != screens:
        saved.row.screens.clear()
        session.flush()
        saved.row.screens.extend(BookingScreen(screen_id=sid) for sid in screens)
    return saved


def save_bookings(session: Session, terms: Sequence[BookingFields], *, actor: str, clock: Clock, new: bool = False,
                  place: Placer | None = None) -> list[Saved[Booking]]:  # fmt: skip
    """Create or update bookings (`new`: refuse an id that exists), then check the screens' capacity once for all
    that changed, so a batch that only fits together (one booking shrinks, another grows) is accepted.

    ValidationError names each bad field; CapacityError (BookingRefused) names the booking that does not fit. With
    `place(i, problems)` (a setup file's lines) every booking's problems are collected, placed, and raised together
    as one ValidationError, a capacity refusal too."""
    authorize(session, actor, "booking.edit")
    saved: list[Saved[Booking]] = []
    problems: list[Problem] = []
    for i, t in enumerate(terms):
        try:
            saved.append(_write(session, t, new=new, actor=actor, clock=clock))
        except ValidationError as exc:
            if place is None:
                raise
            problems += place(i, exc.problems)
    refuse(problems, "bookings")
    session.flush()
    try:
        ensure_bookable(session, [s.row.id for s in saved if s.change])
    except BookingRefused as exc:
        if place is None:
            raise
        index = next(i for i, t in enumerate(terms) if t.booking_id == exc.booking_id)
        raise ValidationError(place(index, exc.problems)) from None
    return saved


def save_booking(session: Session, terms: BookingFields, *, actor: str, clock: Clock,
                 new: bool = False) -> Saved[Booking]:  # fmt: skip
    """Create or update one booking; see `save_bookings`."""
    return save_bookings(session, [terms], actor=actor, clock=clock, new=new)[0]


def list_bookings(session: Session, *, screen_id: str | None = None, day: date | None = None) -> list[Booking]:
    """Bookings in id order, optionally only those on a screen and/or running on a day."""
    stmt = select(Booking).options(selectinload(Booking.screens)).order_by(Booking.id)
    if screen_id is not None:
        stmt = stmt.where(Booking.id.in_(select(BookingScreen.booking_id).where(BookingScreen.screen_id == screen_id)))
    if day is not None:
        stmt = stmt.where(Booking.start_date <= day, Booking.end_date >= day)
    return list(session.scalars(stmt))
