"""Capacity: may a screen carry these bookings, and how much ad airtime is booked and free?

A screen's ad capacity is, in every `loop_seconds` window counted from opening, (1 - psa_share) of the window.
Whether a set of bookings fits is decided by the compiler itself, so "accepted" means "the plan compiles with
every rule kept" on every day of the bookings' date ranges, not a looser sum of seconds:

* sold bookings count even while their media waits for approval or the airing gate holds them back (no SKRD yet,
  not paid: the airtime is reserved all the same), and a screen with no
  PSA media yet is assumed to get 15 s PSA items, so capacity does not depend on content not yet imported;
* days whose passes read the same inputs (`passes.pass_keys`: hours, loop budgets, daypart coverage, and each
  booking's advertiser, spot length, window and plays) compile the same, so only one day per such group is
  compiled, and a key seen to compile is remembered (`capacity_fit.known_good`): asking again (the desk checks a
  draft, then saves it; booking the suggestion after a refusal) compiles only what changed.

`ensure_bookable` is called inside the transaction that writes bookings (setup loader, `booking add`, GUI) and
serialises per screen: a `CapacityLock` row locked with SELECT ... FOR UPDATE on PostgreSQL; SQLite
transactions already hold the database write lock (BEGIN IMMEDIATE, see `videotron.core.db`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from playlists.capacity_fit import PLACEHOLDER_PSA_MS, known_good, remember_good
from playlists.capacity_refusal import band_capacity, booking_load, refusal
from playlists.compiler import Unschedulable, active_bookings, compile_plan, unschedulable
from playlists.inputs import BookingSpec, MediaInfo, ScheduleInputs
from playlists.models import BookingScreen, CapacityLock, Screen
from playlists.passes import Prepared, pass_keys
from playlists.timeline import day_frame
from videotron.core.errors import CapacityError, Problem, problem

log = logging.getLogger(__name__)

__all__ = ["PLACEHOLDER_PSA_MS", "band_capacity", "booking_load"]
MAX_SCREENS = 3  # other screens offered in a refusal


class BookingRefused(CapacityError):
    """A booking that would oversell a screen; `booking_id` says which (the message may name others as cause)."""

    def __init__(self, problems: list[Problem], booking_id: str) -> None:
        super().__init__(problems)
        self.booking_id = booking_id


def _compiles(inputs: ScheduleInputs, day: date, key: tuple[Any, ...] | None = None) -> Unschedulable | None:
    """Why the day cannot be compiled, or None; a day whose pass key was seen to compile is not compiled again."""
    if key is None:
        key = pass_keys(inputs, [day], count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS)[0]
    if known_good(key):
        return None
    exc = unschedulable(inputs, day, count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS)
    if exc is None:
        remember_good(key)
    return exc


def _passes(prepared: Prepared, day: date, key: tuple[Any, ...]) -> bool:
    """Whether the day compiles (a key seen to compile is not compiled again)."""
    if known_good(key):
        return True
    if prepared.unschedulable(day) is not None:
        return False
    remember_good(key)
    return True


def day_groups(inputs: ScheduleInputs, days: Iterable[date]) -> dict[date, list[date]]:
    """The first day of each group of days that compile alike (equal `passes.pass_keys`) -> every day of its
    group, in date order."""
    return {day: group for day, (_key, group) in _grouped(inputs, days).items()}


def _grouped(inputs: ScheduleInputs, days: Iterable[date], prepared: Prepared | None = None
             ) -> dict[date, tuple[tuple[Any, ...], list[date]]]:  # fmt: skip
    prepared = prepared or Prepared(inputs, True, PLACEHOLDER_PSA_MS)
    seen: dict[tuple[Any, ...], list[date]] = {}
    out: dict[date, tuple[tuple[Any, ...], list[date]]] = {}
    for day in days:
        key = prepared.key(day)
        group = seen.setdefault(key, [])
        if not group:
            out[day] = (key, group)
        group.append(day)
    return out


def representative_days(inputs: ScheduleInputs, days: Iterable[date]) -> list[date]:
    """The first day of each group of days that compile alike, in date order."""
    return list(day_groups(inputs, days))


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

    When it cannot, the new bookings are tried one at a time in id order on top of the others, so the refusal
    names the first that does not fit, the most plays_per_day it could have and what else would take it
    (`playlists.capacity_refusal`).
    """
    new = sorted((b for b in inputs.bookings if b.id in set(new_ids) and b.status != "cancelled"), key=lambda b: b.id)
    days = sorted({d for b in new for d in date_range(b.start_date, b.end_date)})
    prepared = Prepared(inputs, True, PLACEHOLDER_PSA_MS)
    grouped = _grouped(inputs, days, prepared)
    groups = {day: group for day, (_key, group) in grouped.items()}
    failing = [d for d, (key, _group) in grouped.items() if not _passes(prepared, d, key)]
    if not failing:
        return
    base = inputs
    for b in new:
        base = _with_plays(base, b.id, None)
    for b in new:
        trial = replace(base, bookings=(*base.bookings, b))
        bad = [d for d in failing if b.start_date <= d <= b.end_date and _compiles(trial, d) is not None]
        if bad:
            kinds = [d for d in groups if b.start_date <= d <= b.end_date]
            raise BookingRefused(refusal(base, b, bad, kinds, groups), b.id)
        base = trial
    # Each new booking fits on the days that failed together; re-check the whole group (should not happen).
    exc = _compiles(inputs, failing[0])
    raise BookingRefused(exc.problems if exc else [], exc.booking_id if exc else new[0].id)


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
        try:
            check_screen(inputs, [r.booking_id for r in rows if r.screen_id == sid])
        except BookingRefused as exc:
            spec = next((b for b in inputs.bookings if b.id == exc.booking_id), None)
            room = [] if spec is None else screens_with_room(session, spec, inputs.media[spec.media], load_inputs)
            if not room:
                raise
            more = problem("capacity.other_screens", "screens with room for it as asked: {screens:list}",
                           field="screens", screens=room)  # fmt: skip
            raise BookingRefused([*exc.problems, more], exc.booking_id) from None
    log.info("bookings %s fit on screens %s", ", ".join(sorted(booking_ids)), ", ".join(screens))


def screens_with_room(session: Session, spec: BookingSpec, media: MediaInfo, load: Callable[..., ScheduleInputs]
                      ) -> list[str]:  # fmt: skip
    """The office's other screens on which `spec` fits as asked on every day of its dates (at most MAX_SCREENS)."""
    found: list[str] = []
    for sid in session.scalars(select(Screen.id).order_by(Screen.id)):
        if sid in spec.screens:
            continue
        inputs = load(session, sid)
        moved = replace(spec, screens=(sid,))
        trial = replace(inputs, media={**inputs.media, media.id: media}, bookings=(*inputs.bookings, moved))
        kinds = day_groups(trial, date_range(spec.start_date, spec.end_date))
        if all(_compiles(trial, d) is None for d in kinds):
            found.append(sid)
            if len(found) == MAX_SCREENS:
                break
    return found
