"""A month's delivery, counted for settling: per assessed booking and screen, the plays due (booked on the month's
days, plus make-good plays granted on them) against the plays the proof of play says were `played`, and why the
rest were not (failed, skipped for an alert, skipped otherwise, or no record at all: screen or player off).

Counted in the database: one GROUP BY over the month's play log by booking, screen, outcome and reason (the
`ix_play_log_screen_planned` range, no per-row day arithmetic), one over the month's make-good grants; Python sees a
handful of rows per booking line, never a play. Days are the office's, as in the delivery report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from billing.reports.period import Month, result_rows
from playlists.makegoods import ALERT_REASON, MakeGood
from playlists.models import Booking, PlayLog, Screen

Key = tuple[str, str]  # (booking id, screen id)


@dataclass
class Count:
    """One booking on one screen in the month."""

    booked: int  # plays_per_day x the booking's days in the month
    granted: int = 0  # make-good plays granted on the month's days
    played: int = 0
    failed: int = 0
    alert: int = 0
    skipped: int = 0

    @property
    def due(self) -> int:
        return self.booked + self.granted

    @property
    def delivered(self) -> int:
        return min(self.played, self.due)

    @property
    def shortfall(self) -> int:
        return self.due - self.delivered

    @property
    def missing(self) -> int:
        """Due plays with no record at all: the screen or its player was off."""
        return max(self.due - self.played - self.failed - self.alert - self.skipped, 0)


def settled_bookings(session: Session, month: Month) -> list[Booking]:
    """Assessed (or completed) bookings that run in the month or have make-goods granted in it, in id order."""
    granted = select(MakeGood.booking_id).where(MakeGood.day >= month.start, MakeGood.day <= month.end)
    stmt = (
        select(Booking)
        .where(
            Booking.status.in_(("assessed", "completed")),
            or_((Booking.start_date <= month.end) & (Booking.end_date >= month.start), Booking.id.in_(granted)),
        )
        .options(selectinload(Booking.screens))
        .order_by(Booking.id)
    )
    return list(session.scalars(stmt))


def booked_days(b: Booking, month: Month) -> int:
    first, last = max(b.start_date, month.start), min(b.end_date, month.end)
    return max((last - first).days + 1, 0)


def count_month(session: Session, month: Month, bookings: list[Booking]) -> dict[Key, Count]:
    """Due and delivered plays, and the reasons for the rest, per booking and screen."""
    out = {(b.id, s): Count(b.plays_per_day * booked_days(b, month)) for b in bookings for s in sorted(b.screen_ids)}
    if not out:
        return out
    ids, screens = sorted({b for b, _s in out}), sorted({s for _b, s in out})
    grants = (
        select(MakeGood.booking_id, MakeGood.screen_id, func.sum(MakeGood.plays))
        .where(MakeGood.booking_id.in_(ids), MakeGood.day >= month.start, MakeGood.day <= month.end)
        .group_by(MakeGood.booking_id, MakeGood.screen_id)
    )
    for booking_id, screen_id, plays in result_rows(session, grants):
        if (booking_id, screen_id) in out:
            out[(booking_id, screen_id)].granted = int(plays)
    # A play belongs to its screen's day (plays follow the screen's zone): one grouped query per zone.
    zones = dict(result_rows(session, select(Screen.id, Screen.timezone).where(Screen.id.in_(screens))))
    for zone_key in sorted(set(zones.values())):
        start, end = month.utc_bounds(ZoneInfo(zone_key))
        in_zone = sorted(s for s, z in zones.items() if z == zone_key)
        plays = (
            select(PlayLog.booking_id, PlayLog.screen_id, PlayLog.outcome, PlayLog.reason, func.count())
            .where(PlayLog.screen_id.in_(in_zone), PlayLog.planned_start >= start, PlayLog.planned_start < end,
                   PlayLog.booking_id.in_(ids))
            .group_by(PlayLog.booking_id, PlayLog.screen_id, PlayLog.outcome, PlayLog.reason)
        )  # fmt: skip
        for booking_id, screen_id, outcome, reason, n in result_rows(session, plays):
            c = out.get((booking_id or "", screen_id))
            if c is None:
                continue
            kind = "alert" if outcome == "skipped" and reason == ALERT_REASON else outcome
            setattr(c, kind, getattr(c, kind) + int(n))
    return out


def days_after(month: Month, n: int) -> list[date]:
    return [month.end + timedelta(days=i) for i in range(1, n + 1)]
