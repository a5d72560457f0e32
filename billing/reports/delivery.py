"""Proof-of-play reconciliation: plays booked vs plays actually played, per booking, screen and day.

Booked plays come from the bookings (plays_per_day on every day of the booking inside the month, on every
screen of the booking; cancelled bookings are left out). What happened comes from the play log, counted in the
database grouped by booking, screen, office day, outcome and reason, so the report reads one row per group,
never one per play. A day's shortfall is booked minus played; its causes are the failed and skipped plays
(with the player's reasons) and the plays with no record at all (screen off, power or network outage).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from billing.reports.charts_data import ScreenDelivery
from billing.reports.labels import labels
from billing.reports.period import Month, as_date, office_day, result_rows
from playlists.models import Advertiser, Booking, PlayLog, Screen
from videotron.errors import NotFound


@dataclass
class DeliveryDay:
    day: date
    booked: int
    played: int = 0
    failed: int = 0
    skipped: int = 0
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (outcome, player reason) -> plays

    @property
    def logged(self) -> int:
        return self.played + self.failed + self.skipped

    @property
    def missing(self) -> int:
        """Booked plays with no record at all: the screen or its player was off."""
        return max(self.booked - self.logged, 0)

    @property
    def shortfall(self) -> int:
        return max(self.booked - self.played, 0)

    @property
    def delivered(self) -> int:
        """Plays that count towards the booking: extra plays on a day make up for nothing."""
        return min(self.played, self.booked)


@dataclass
class DeliveryLine:
    """One booking on one screen for the month."""

    booking_id: str
    advertiser_id: str
    advertiser_name: str
    media_title: str
    plays_per_day: int
    screen_id: str
    screen_name: str
    days: list[DeliveryDay]

    @property
    def booked(self) -> int:
        return sum(d.booked for d in self.days)

    @property
    def played(self) -> int:
        return sum(d.played for d in self.days)

    @property
    def delivered(self) -> int:
        return sum(d.delivered for d in self.days)

    @property
    def failed(self) -> int:
        return sum(d.failed for d in self.days)

    @property
    def skipped(self) -> int:
        return sum(d.skipped for d in self.days)

    @property
    def missing(self) -> int:
        return sum(d.missing for d in self.days)

    @property
    def shortfall(self) -> int:
        return sum(d.shortfall for d in self.days)

    @property
    def shortfall_days(self) -> list[DeliveryDay]:
        return [d for d in self.days if d.shortfall]


@dataclass
class DeliveryReport:
    month: Month
    lines: list[DeliveryLine]
    advertiser: Advertiser | None = None

    @property
    def booked(self) -> int:
        return sum(ln.booked for ln in self.lines)

    @property
    def played(self) -> int:
        return sum(ln.played for ln in self.lines)

    @property
    def delivered(self) -> int:
        return sum(ln.delivered for ln in self.lines)

    @property
    def shortfall(self) -> int:
        return sum(ln.shortfall for ln in self.lines)

    @property
    def by_screen(self) -> list[ScreenDelivery]:
        acc: dict[str, list] = {}  # type: ignore[type-arg]
        for ln in self.lines:
            row = acc.setdefault(ln.screen_id, [ln.screen_name, 0, 0])
            row[1] += ln.booked
            row[2] += ln.delivered
        return [ScreenDelivery(k, v[0], v[1], v[2]) for k, v in sorted(acc.items())]


def cause_text(day: DeliveryDay, language: str) -> str:
    """Why a day fell short, in the report's language: failed and skipped plays with the player's reasons, then
    the plays with no record."""
    t = labels(language)
    parts = []
    for (outcome, reason), n in sorted(day.reasons.items()):
        word = t[outcome].lower()
        parts.append(f"{word}: {reason} ({n})" if reason else f"{word} ({n})")
    if day.missing:
        parts.append(f"{t['missing_cause']} ({day.missing})")
    return "; ".join(parts)


def delivery_report(
    session: Session, month: Month, *, booking_id: str | None = None, advertiser_id: str | None = None
) -> DeliveryReport:
    """Booked vs played for every active booking overlapping `month` (or one booking, or one advertiser's)."""
    advertiser = None
    if advertiser_id is not None:
        advertiser = session.get(Advertiser, advertiser_id)
        if advertiser is None:
            raise NotFound(f"--advertiser: advertiser {advertiser_id!r} not found")
    stmt = (
        select(Booking)
        .where(Booking.status == "active", Booking.start_date <= month.end, Booking.end_date >= month.start)
        .options(selectinload(Booking.screens), selectinload(Booking.advertiser), selectinload(Booking.media))
        .order_by(Booking.id)
    )
    if booking_id is not None:
        if session.get(Booking, booking_id) is None:
            raise NotFound(f"--booking: booking {booking_id!r} not found")
        stmt = stmt.where(Booking.id == booking_id)
    if advertiser_id is not None:
        stmt = stmt.where(Booking.advertiser_id == advertiser_id)
    bookings = list(session.scalars(stmt))
    screen_names: dict[str, str] = {sid: name for sid, name in result_rows(session, select(Screen.id, Screen.name))}
    lines: dict[tuple[str, str], DeliveryLine] = {}
    for b in bookings:
        first, last = max(b.start_date, month.start), min(b.end_date, month.end)
        for screen_id in sorted(b.screen_ids):
            days = [DeliveryDay(first + timedelta(days=i), b.plays_per_day) for i in range((last - first).days + 1)]
            lines[(b.id, screen_id)] = DeliveryLine(
                b.id,
                b.advertiser_id,
                b.advertiser.name,
                b.media.title or b.media.original_name,
                b.plays_per_day,
                screen_id,
                screen_names.get(screen_id, screen_id),
                days,
            )
    _count_plays(session, month, lines)
    return DeliveryReport(month, list(lines.values()), advertiser)


def _count_plays(session: Session, month: Month, lines: dict[tuple[str, str], DeliveryLine]) -> None:
    if not lines:
        return
    dialect = session.get_bind().dialect.name
    start, end = month.utc_bounds()
    day = office_day(PlayLog.planned_start, dialect).label("day")
    screens = sorted({s for _b, s in lines})
    bookings = sorted({b for b, _s in lines})
    # screen_id IN (...) plus the planned_start range lets both databases use ix_play_log_screen_planned.
    stmt = (
        select(PlayLog.booking_id, PlayLog.screen_id, day, PlayLog.outcome, PlayLog.reason, func.count())
        .where(
            PlayLog.screen_id.in_(screens),
            PlayLog.planned_start >= start,
            PlayLog.planned_start < end,
            PlayLog.booking_id.in_(bookings),
        )
        .group_by(PlayLog.booking_id, PlayLog.screen_id, day, PlayLog.outcome, PlayLog.reason)
    )
    for booking_id, screen_id, day_value, outcome, reason, count in result_rows(session, stmt):
        line = lines.get((booking_id or "", screen_id))
        if line is None:
            continue
        offset = (as_date(day_value) - line.days[0].day).days
        if not 0 <= offset < len(line.days):
            continue  # played outside the booked days: not what was paid for
        d = line.days[offset]
        setattr(d, outcome, getattr(d, outcome) + int(count))
        if outcome != "played":
            d.reasons[(outcome, reason or "")] += int(count)
