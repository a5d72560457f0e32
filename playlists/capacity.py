"""Capacity: may a screen carry these bookings, and how much ad airtime is booked and free?

A screen's ad capacity is, in every `loop_seconds` window counted from opening, (1 - psa_share) of the window.
Whether a set of bookings fits is decided by the compiler itself, so "accepted" means "the plan compiles with
every rule kept" on every day of the bookings' date ranges, not a looser sum of seconds:

* sold bookings count even while their media waits for approval or the airing gate holds them back (no SKRD yet,
  not paid: the airtime is reserved all the same), and a screen with no
  PSA media yet is assumed to get 15 s PSA items, so capacity does not depend on content not yet imported;
* days whose inputs are the same (same bookings, same daypart coverage, same hours) compile the same, so only one
  day per such group is compiled: a year-long booking costs a handful of compilations, not 365.

`ensure_bookable` is called inside the transaction that writes bookings (setup loader, `booking add`, GUI) and
serialises per screen: a `CapacityLock` row locked with SELECT ... FOR UPDATE on PostgreSQL; SQLite
transactions already hold the database write lock (BEGIN IMMEDIATE, see `videotron.core.db`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from playlists.compiler import Unschedulable, active_bookings, compile_plan, filler_sources, unschedulable
from playlists.inputs import BookingSpec, ScheduleInputs
from playlists.models import BookingScreen, CapacityLock
from playlists.timeline import HOUSE, DayFrame, day_frame, daypart_segments
from videotron.core.errors import CapacityError, Problem, problem

log = logging.getLogger(__name__)

PLACEHOLDER_PSA_MS = 15_000


class BookingRefused(CapacityError):
    """A booking that would oversell a screen; `booking_id` says which (the message may name others as cause)."""

    def __init__(self, problems: list[Problem], booking_id: str) -> None:
        super().__init__(problems)
        self.booking_id = booking_id


def _compiles(inputs: ScheduleInputs, day: date) -> Unschedulable | None:
    return unschedulable(inputs, day, count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS)


def day_signature(inputs: ScheduleInputs, day: date) -> tuple[Any, ...]:
    """Days with equal signatures compile to the same plan, shifted in time."""
    frame = day_frame(inputs.screen, day)
    sources = filler_sources(inputs, PLACEHOLDER_PSA_MS)
    segments = tuple(daypart_segments(frame, inputs.dayparts, set(sources) - {HOUSE}))
    ids = tuple((b.id, b.plays_on(day)) for b in active_bookings(inputs, day, count_unapproved=True))
    return frame.length_ms, frame.open_minute, frame.open_at.utcoffset(), segments, ids


def representative_days(inputs: ScheduleInputs, days: Iterable[date]) -> list[date]:
    """The first day of each group of days that compile alike, in date order."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for day in days:
        sig = day_signature(inputs, day)
        if sig not in seen:
            seen.add(sig)
            out.append(day)
    return out


def date_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _with_plays(inputs: ScheduleInputs, booking_id: str, plays: int | None) -> ScheduleInputs:
    """The inputs with one booking changed to `plays` a day (None: left out)."""
    kept = []
    for b in inputs.bookings:
        if b.id != booking_id:
            kept.append(b)
        elif plays:
            kept.append(replace(b, plays_per_day=plays))
    return replace(inputs, bookings=tuple(kept))


def check_screen(inputs: ScheduleInputs, new_ids: list[str]) -> None:
    """Raise CapacityError if the screen cannot carry its bookings on the days the new bookings cover.

    When it cannot, the new bookings are tried one at a time in id order on top of the others, so the message
    names the first that does not fit and the largest plays_per_day it could have.
    """
    new = sorted((b for b in inputs.bookings if b.id in set(new_ids) and b.status != "cancelled"), key=lambda b: b.id)
    days = sorted({d for b in new for d in date_range(b.start_date, b.end_date)})
    reps = representative_days(inputs, days)
    failing = [d for d in reps if _compiles(inputs, d) is not None]
    if not failing:
        return
    base = inputs
    for b in new:
        base = _with_plays(base, b.id, None)
    for b in new:
        trial = replace(base, bookings=(*base.bookings, b))
        bad = [d for d in failing if b.start_date <= d <= b.end_date and _compiles(trial, d) is not None]
        if bad:
            others = [d for d in reps if b.start_date <= d <= b.end_date and d not in bad]
            raise BookingRefused(refusal(base, b, bad, others), b.id)
        base = trial
    # Each new booking fits on the days that failed together; re-check the whole group (should not happen).
    exc = _compiles(inputs, failing[0])
    raise BookingRefused(exc.problems if exc else [], exc.booking_id if exc else new[0].id)


def largest_fit(base: ScheduleInputs, booking: BookingSpec, days: list[date]) -> int:
    """The largest plays_per_day below the requested one that compiles on all `days` (give a representative of
    every kind of day the booking runs on, the failing ones first). Found by bisection; the compiler is not
    strictly monotone in the number of plays, so a figure is only ever reported after it was seen to compile."""

    def fits(plays: int) -> bool:
        trial = replace(base, bookings=(*base.bookings, replace(booking, plays_per_day=plays)))
        return all(_compiles(trial, d) is None for d in days)

    lo, hi = 0, booking.plays_per_day - 1  # lo always fits (0 plays: nothing added)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def refusal(base: ScheduleInputs, booking: BookingSpec, bad_days: list[date], other_days: list[date]) -> list[Problem]:
    """Screen, day and band, capacity, what is booked already, what this booking needs, and what would fit; then the
    compiler's own account of the first play it could not place."""
    day = bad_days[0]
    frame = day_frame(base.screen, day)
    ws, we = frame.band_window(booking.band, "band")
    others = [b for b in active_bookings(base, day, count_unapproved=True) if b.id != booking.id]
    duration = base.media[booking.media].duration_ms if booking.media in base.media else 0
    facts: dict[str, Any] = {
        "booking": booking.id, "screen": base.screen.id, "day": day, "capacity": band_capacity(frame, ws, we) / 1000,
        "share": float((1 - Decimal(str(base.screen.psa_share))) * 100), "loop": base.screen.loop_seconds,
        "booked": sum(booking_load(base, frame, b, ws, we) for b in others) / 1000, "others": len(others),
        "plays": booking.plays_per_day, "duration": duration / 1000, "needed": booking.plays_per_day * duration / 1000,
        "fit": largest_fit(base, booking, bad_days + other_days),
    }  # fmt: skip
    if booking.band:
        out = [problem("capacity.band_full", "booking {booking} does not fit on screen {screen} on {day}, band {band}: "
                       "capacity {capacity:g} s of ads ({share:g}% of each {loop} s loop), already booked {booked:g} s "
                       "by {others} booking(s), this booking needs {plays} x {duration:g} s = {needed:g} s; the "
                       "largest plays_per_day that fits is {fit}", band=booking.band, **facts)]  # fmt: skip
    else:
        out = [problem("capacity.day_full", "booking {booking} does not fit on screen {screen} on {day}, operating "
                       "hours {hours}: capacity {capacity:g} s of ads ({share:g}% of each {loop} s loop), already "
                       "booked {booked:g} s by {others} booking(s), this booking needs {plays} x {duration:g} s = "
                       "{needed:g} s; the largest plays_per_day that fits is {fit}", hours=frame.hours_text(),
                       **facts)]  # fmt: skip
    if len(bad_days) > 1:
        out.append(problem("capacity.more_days", "{count} more kind(s) of day do not fit either",
                           count=len(bad_days) - 1))  # fmt: skip
    cause = _compiles(replace(base, bookings=(*base.bookings, booking)), day)
    return out + (cause.problems if cause else [])


def band_capacity(frame: DayFrame, ws: int, we: int) -> int:
    """Ad milliseconds the loop windows allow inside [ws, we) (windows cut by the band count pro rata)."""
    total = 0
    for k, budget in enumerate(frame.budgets):
        lo, hi = frame.window_bounds(k)
        overlap = min(hi, we) - max(lo, ws)
        if overlap > 0:
            total += budget * overlap // (hi - lo)
    return total


def booking_load(inputs: ScheduleInputs, frame: DayFrame, b: BookingSpec, ws: int, we: int) -> int:
    """Ad milliseconds a booking spends inside [ws, we), its plays spread evenly over its own window."""
    bs, be = frame.band_window(b.band, "band")
    overlap = min(be, we) - max(bs, ws)
    media = inputs.media.get(b.media)
    if overlap <= 0 or media is None or be <= bs:
        return 0
    return b.plays_per_day * media.duration_ms * overlap // (be - bs)


@dataclass(frozen=True)
class HourLoad:
    """Ad airtime of one clock hour of a screen's day."""

    start: datetime
    end: datetime
    capacity_ms: int
    booked_ms: int

    @property
    def free_ms(self) -> int:
        return max(0, self.capacity_ms - self.booked_ms)


def hourly_load(inputs: ScheduleInputs, day: date) -> tuple[list[HourLoad], str | None]:
    """Booked and free ad airtime per clock hour, measured on the compiled plan (sold bookings count even before
    approval). If the day is already oversold the bookings' even spread is shown, with the compiler's complaint."""
    frame = day_frame(inputs.screen, day)
    ads: list[tuple[int, int]] = []
    problem: str | None = None
    try:
        plan = compile_plan(inputs, day, count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS)
        ads = [(frame.offset(i.start), frame.offset(i.end)) for i in plan.items if i.kind == "ad"]
    except Unschedulable as exc:
        problem = str(exc)
    hour = 3_600_000
    first = (60 - frame.open_minute % 60) % 60 * 60_000 or hour
    cuts = [0, *range(first, frame.length_ms, hour), frame.length_ms]
    out = []
    for lo, hi in pairwise(cuts):
        if problem is None:
            booked = sum(max(0, min(e, hi) - max(s, lo)) for s, e in ads)
        else:
            sold = active_bookings(inputs, day, count_unapproved=True)
            booked = sum(booking_load(inputs, frame, b, lo, hi) for b in sold)
        out.append(HourLoad(frame.at(lo), frame.at(hi), band_capacity(frame, lo, hi), booked))
    return out, problem


def lock_screens(session: Session, screen_ids: Iterable[str]) -> None:
    """Serialise capacity checks per screen until the transaction ends (ids in sorted order: no deadlocks)."""
    dialect = session.get_bind().dialect.name
    for sid in sorted(set(screen_ids)):
        if dialect == "postgresql":
            session.execute(pg_insert(CapacityLock).values(screen_id=sid, version=0).on_conflict_do_nothing())
        elif dialect == "sqlite":
            session.execute(sqlite_insert(CapacityLock).values(screen_id=sid, version=0).on_conflict_do_nothing())
        elif session.get(CapacityLock, sid) is None:
            session.add(CapacityLock(screen_id=sid, version=0))
            session.flush()
        session.execute(select(CapacityLock.screen_id).where(CapacityLock.screen_id == sid).with_for_update())
        session.execute(update(CapacityLock).where(CapacityLock.screen_id == sid)
                        .values(version=CapacityLock.version + 1))  # fmt: skip


def ensure_bookable(session: Session, booking_ids: list[str]) -> None:
    """Refuse (CapacityError) bookings just written in this transaction that would oversell a screen.

    Call after flushing the bookings, inside the same transaction; it locks each screen the bookings touch, so
    of two desks selling the last free airtime at once exactly one succeeds and the other gets the error.
    """
    from playlists.planning import load_inputs  # service imports this module's neighbours; keep the cycle lazy

    if not booking_ids:
        return
    rows = session.scalars(select(BookingScreen).where(BookingScreen.booking_id.in_(sorted(set(booking_ids))))).all()
    screens = sorted({r.screen_id for r in rows})
    lock_screens(session, screens)
    for sid in screens:
        inputs = load_inputs(session, sid, fresh=True)
        check_screen(inputs, [r.booking_id for r in rows if r.screen_id == sid])
    log.info("bookings %s fit on screens %s", ", ".join(sorted(booking_ids)), ", ".join(screens))
