"""`videotron makegood plan DATE`: grant the plays alerts displaced on the days from DATE, within capacity.

For each booking and screen that is owed plays (see `playlists.makegoods`), day after day from DATE, the largest
number of extra plays the real compiler can still place that day (with every rule kept: PSA share of each loop,
the booking's band, no two ads of one advertiser back to back) is granted, until nothing is owed. Whatever does
not fit in the window is reported with the compiler's reason. Grants made for DATE or later count as paid, so
running the command twice grants nothing the second time.

Runs in the caller's transaction, with the screens' capacity locks held, like a booking.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy.orm import Session

from playlists.capacity import PLACEHOLDER_PSA_MS, lock_screens
from playlists.compiler import unschedulable
from playlists.inputs import BookingSpec, ScheduleInputs
from playlists.makegoods import ALERT_REASON, Key, MakeGood, ledgers
from playlists.planning import get_screen, load_inputs
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import ValidationError
from videotron.core.permissions import authorize

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Grant:
    booking_id: str
    screen_id: str
    day: date
    plays: int


@dataclass(frozen=True)
class Unfit:
    booking_id: str
    screen_id: str
    plays: int
    reason: str


@dataclass
class MakeGoodPlan:
    owed: dict[Key, int] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    unfit: list[Unfit] = field(default_factory=list)


def _with_extra(inputs: ScheduleInputs, booking_id: str, day: date, plays: int) -> ScheduleInputs:
    bookings = tuple(
        replace(b, extra_plays=(*b.extra_plays, (day, plays))) if b.id == booking_id else b for b in inputs.bookings
    )
    return replace(inputs, bookings=bookings)


def _problem(inputs: ScheduleInputs, day: date) -> str | None:
    exc = unschedulable(inputs, day, count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS)
    return None if exc is None else str(exc)


def largest_extra(inputs: ScheduleInputs, booking_id: str, day: date, wanted: int) -> tuple[int, str | None]:
    """The most extra plays (<= wanted) the day can take, and why one more does not fit (None if all fit).
    Bisection; the compiler is not strictly monotone, so only a figure seen to compile is returned."""
    already = _problem(inputs, day)
    if already is not None:
        return 0, f"the plan of {day} does not compile even without make-goods: {already}"
    why = _problem(_with_extra(inputs, booking_id, day, wanted), day)
    if why is None:
        return wanted, None
    lo, hi = 0, wanted - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _problem(_with_extra(inputs, booking_id, day, mid), day) is None:
            lo = mid
        else:
            hi = mid - 1
    return lo, why


def _spec(inputs: ScheduleInputs, booking_id: str) -> BookingSpec | None:
    return next((b for b in inputs.bookings if b.id == booking_id), None)


def plan_makegoods(session: Session, start: date, *, clock: Clock, actor: str, days: int = 7,
                   screen_id: str | None = None) -> MakeGoodPlan:  # fmt: skip
    """Grant owed plays on `days` days from `start` (on one screen or all); see the module docstring."""
    authorize(session, actor, "makegood.plan")
    if not 1 <= days <= 92:
        raise ValidationError("makegood.days", "{value} must be between 1 and 92", field="days", value=days)
    if screen_id is not None:
        get_screen(session, screen_id)
    first = ledgers(session, screen_id=screen_id)
    lock_screens(session, sorted({sid for (_b, sid), lg in first.items() if lg.to_plan(start)}))
    result = MakeGoodPlan()
    # Read again under the locks: another desk may have granted meanwhile.
    for key, lg in sorted(ledgers(session, screen_id=screen_id).items()):
        if lg.to_plan(start):
            result.owed[key] = lg.to_plan(start)
    window = [start + timedelta(days=n) for n in range(days)]
    for sid in sorted({sid for _b, sid in result.owed}):
        inputs = load_inputs(session, sid, fresh=True)
        for (bid, _s), owed in sorted((k, v) for k, v in result.owed.items() if k[1] == sid):
            spec = _spec(inputs, bid)
            if spec is None:
                result.unfit.append(Unfit(bid, sid, owed, "the booking is cancelled or no longer on this screen"))
                continue
            if spec.status == "completed":  # settled after its end (`delivery settle`): what it lacked was credited
                result.unfit.append(Unfit(bid, sid, owed, "the booking is completed: its delivery was settled"))
                continue
            remaining, why = owed, None
            for day in window:
                if remaining == 0:
                    break
                if day < spec.start_date:
                    continue
                plays, reason = largest_extra(inputs, bid, day, remaining)
                why = reason or why
                if plays:
                    inputs = _with_extra(inputs, bid, day, plays)
                    result.grants.append(Grant(bid, sid, day, plays))
                    remaining -= plays
            if remaining:
                span = f"{window[0]}..{window[-1]}"
                result.unfit.append(Unfit(bid, sid, remaining, f"no room on {span}: {why or 'no day to use'}"))
    now = clock.now()
    for g in result.grants:
        row = MakeGood(booking_id=g.booking_id, screen_id=g.screen_id, day=g.day, plays=g.plays, created_at=now,
                       created_by=actor, reason=ALERT_REASON)  # fmt: skip
        session.add(row)
        session.flush()
        audit.record(session, actor=actor, action="makegood.grant", entity="make_good", entity_id=str(row.id),
                     after={"booking": g.booking_id, "screen": g.screen_id, "day": g.day.isoformat(),
                            "plays": g.plays, "reason": ALERT_REASON}, clock=clock)  # fmt: skip
    log.info("make-goods from %s: %d grant(s), %d line(s) not placed", start, len(result.grants), len(result.unfit))
    return result
