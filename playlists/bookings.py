"""Bookings: the one place a booking's terms are checked and written (`save_booking`, `save_bookings`), whoever
enters them — the setup file, `videotron booking add` or the desk's form — and the list of bookings.

Every rule is here: the id, the plays a day (at least 1, at most MAX_PLAYS_PER_DAY), the dates, the band, the
screens, the advertiser, the media (ad media; it may still await approval: the airtime is reserved now and the ad
airs once approved) and the capacity of every screen. This is also the one place a booking's billable terms are
written, so the lifecycle's rule is here too: once its SKRD is issued (status assessed, later completed) a
booking's billable terms — dates, screens, plays a day, band, category, its payer, and the media's length as far
as the SKRD priced it — do not change, whoever saves it; a change is an amendment (`billing.amendments`, which
saves through here with `amending=True` and assesses the difference). A cancelled booking does not change at all.
Its status is written by `set_status` only (billing moves it as SKRDs are issued, voided, amended and settled).

Runs in the caller's transaction: the bookings, their capacity check and their audit entries commit together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from playlists import checks
from playlists.capacity import ensure_bookable
from playlists.inputs import parse_band
from playlists.models import BOOKING_STATUSES, Advertiser, Booking, BookingScreen, Media, Screen
from playlists.saving import ID_PATTERN, Saved, plain, refuse, save_all, write
from playlists.screens import HOURS
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, Problem, ValidationError, problem
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
    dates_and_band(out, t.start_date, t.end_date, t.band)
    return out


def dates_and_band(out: checks.Problems, start: date, end: date, band: str | None) -> None:
    """A booking's (or a running text's) dates and optional band of hours."""
    for name, day in (("start", start), ("end", end)):
        checks.dated(out, name, day, EARLIEST, LATEST)
    if end < start:
        out.append(problem("booking.end_before_start", "{end} is before start {start}", "end", end=end, start=start))
    elif end - start > timedelta(days=MAX_BOOKING_DAYS):
        out.append(problem("booking.too_long", "a booking may run at most {days} days; {start} to {end} is longer",
                           "end", days=MAX_BOOKING_DAYS, start=start, end=end))  # fmt: skip
    if band is not None:
        _band(out, band)


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


def terms_of(b: Booking) -> BookingFields:
    """A saved booking's terms, as `save_booking` takes them."""
    return BookingFields(b.id, b.advertiser_id, b.media_id, sorted(b.screen_ids), b.category, b.plays_per_day,
                         b.start_date, b.end_date, b.band)  # fmt: skip


# The billable terms of an assessed booking, as (setup-file key, BookingFields attribute); media is judged apart.
FROZEN = (
    ("advertiser", "advertiser_id"),
    ("screens", "screen_ids"),
    ("category", "category"),
    ("plays_per_day", "plays_per_day"),
    ("start", "start_date"),
    ("end", "end_date"),
    ("band", "band"),
)


def _frozen_problems(session: Session, row: Booking, t: BookingFields) -> list[Problem]:
    """What an edit of an assessed (or completed) booking would change of its billable terms."""
    now, out = terms_of(row), []
    for key, attr in FROZEN:
        old, new = getattr(now, attr), getattr(t, attr)
        if key == "screens":
            old, new = sorted(old), sorted(new)
        elif key == "category":
            new = new.strip()
        if plain(old) != plain(new):
            out.append(problem("booking.assessed_term", "booking {booking} is {status:tr} (its SKRD is issued): {old} "
                               "cannot become {new} here; a change to it is an amendment: `videotron booking amend "
                               "{booking}`", key, booking=row.id, status=row.status, old=_shown(old),
                               new=_shown(new)))  # fmt: skip
    media = session.get(Media, t.media_id) if t.media_id != row.media_id else None
    if media is not None and not _covered(row, media.duration_ms):
        low, high = row.media_ms_min or row.media.duration_ms, row.media_ms_max or row.media.duration_ms
        out.append(problem("booking.assessed_media", "booking {booking} is {status:tr}: media {media} lasts "
                           "{seconds:g} s but its SKRD covers media of {low:g}-{high:g} s; another length is an "
                           "amendment: `videotron booking amend {booking}`", "media", booking=row.id, status=row.status,
                           media=media.id, seconds=media.duration_ms / 1000, low=low / 1000,
                           high=high / 1000))  # fmt: skip
    return out


def _covered(row: Booking, duration_ms: int) -> bool:
    """Whether media of this length prices as the SKRD priced the booking's media (billing says which lengths do)."""
    if row.media_ms_min is None or row.media_ms_max is None:
        return duration_ms == row.media.duration_ms
    return row.media_ms_min <= duration_ms <= row.media_ms_max


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "-" if value is None else str(value)


def _write(session: Session, t: BookingFields, *, new: bool, actor: str, clock: Clock,
           amending: bool = False) -> Saved[Booking]:  # fmt: skip
    problems = terms_problems(t)
    bad = {p.field for p in problems}
    if new and "id" not in bad and checks.exists(session, Booking, t.booking_id):
        problems.append(problem("booking.exists", "booking {value} already exists", "id", value=t.booking_id))
    problems += _references(session, t, bad)
    refuse(problems, f"booking {t.booking_id}")
    row = session.get(Booking, t.booking_id)
    if row is not None and row.status == "cancelled" and _differs(row, t):
        refuse([problem("booking.cancelled", "booking {booking} is cancelled: it does not change any more (enter a new "
                        "booking)", "id", booking=row.id)], f"booking {t.booking_id}")  # fmt: skip
    if row is not None and row.status in ("assessed", "completed") and not amending:
        refuse(_frozen_problems(session, row, t), f"booking {t.booking_id}")
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
                  on_create={"status": "draft", "created_at": clock.now()})  # fmt: skip
    if old_screens != screens:
        saved.row.screens.clear()
        session.flush()
        saved.row.screens.extend(BookingScreen(screen_id=sid) for sid in screens)
    return saved


def _differs(row: Booking, t: BookingFields) -> bool:
    return terms_of(row) != replace(t, screen_ids=sorted(t.screen_ids), category=t.category.strip())


def save_bookings(session: Session, terms: Sequence[BookingFields], *, actor: str, clock: Clock, new: bool = False,
                  place: Placer | None = None, amending: bool = False) -> list[Saved[Booking]]:  # fmt: skip
    """Create or update bookings (`new`: refuse an id that exists), then check the screens' capacity once for all
    that changed, so a batch that only fits together (one booking shrinks, another grows) is accepted.

    ValidationError names each bad field; CapacityError (BookingRefused) names the booking that does not fit. With
    `place(i, problems)` (a setup file's lines) every booking's problems are collected, placed, and raised together
    as one ValidationError, a capacity refusal too. `amending` is for `billing.amendments` only: it lets an
    assessed booking's billable terms change, because the amendment assesses the difference."""
    authorize(session, actor, "booking.edit")
    return save_all(session, terms, lambda t: _write(session, t, new=new, actor=actor, clock=clock, amending=amending),
                    ident=lambda t: t.booking_id, check=lambda ids: ensure_bookable(session, ids), place=place,
                    source="bookings")  # fmt: skip


def save_booking(session: Session, terms: BookingFields, *, actor: str, clock: Clock, new: bool = False,
                 amending: bool = False) -> Saved[Booking]:  # fmt: skip
    """Create or update one booking; see `save_bookings`."""
    return save_bookings(session, [terms], actor=actor, clock=clock, new=new, amending=amending)[0]


def set_status(session: Session, booking_id: str, status: str, *, actor: str, clock: Clock, reason: str = "",
               audit_as: str | None = None) -> Booking:  # fmt: skip
    """Move a booking along its lifecycle (draft, assessed, completed, cancelled). Billing calls it as an SKRD is
    issued or voided, a booking cancelled or its delivery settled; those actions are audited themselves (the status
    they move is in their entries), so a transition is audited on its own only as `audit_as` (a draft's cancel)."""
    if status not in BOOKING_STATUSES:
        raise ValueError(f"unknown booking status {status!r}")
    row = session.get(Booking, booking_id)
    if row is None:
        raise NotFound("booking.not_found", "booking {booking!r} not found", field="booking", booking=booking_id)
    if row.status != status:
        before = {"status": row.status}
        row.status = status
        if audit_as is not None:
            after = {"status": status, **({"reason": reason} if reason else {})}
            audit.record(session, actor=actor, action=audit_as, entity="booking", entity_id=booking_id,
                         before=before, after=after, clock=clock)  # fmt: skip
    return row


def set_billing_facts(booking: Booking, *, paid_on: date | None, due_on: date | None,
                      media_ms: tuple[int, int] | None) -> None:  # fmt: skip
    """What billing knows of a booking and scheduling reads: paid in full on which office day (None while something
    is owed), the earliest due date of what is owed, the media lengths its SKRD covers. Derived from the SKRDs,
    payments and credits (each audited itself), so written without an audit entry of its own."""
    booking.paid_on, booking.due_on = paid_on, due_on
    booking.media_ms_min, booking.media_ms_max = media_ms if media_ms is not None else (None, None)


def list_bookings(session: Session, *, screen_id: str | None = None, day: date | None = None) -> list[Booking]:
    """Bookings in id order, optionally only those on a screen and/or running on a day."""
    stmt = select(Booking).options(selectinload(Booking.screens)).order_by(Booking.id)
    if screen_id is not None:
        stmt = stmt.where(Booking.id.in_(select(BookingScreen.booking_id).where(BookingScreen.screen_id == screen_id)))
    if day is not None:
        stmt = stmt.where(Booking.start_date <= day, Booking.end_date >= day)
    return list(session.scalars(stmt))
