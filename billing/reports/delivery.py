"""Proof-of-play reconciliation: plays booked vs plays actually played, per booking, screen and day.

Booked plays come from the bookings (plays_per_day on every day of the booking inside the month, on every
screen of the booking; cancelled bookings are left out). What happened comes from the play log, counted in the
database grouped by booking, screen, office day, outcome and reason, so the report reads one row per group,
never one per play. A day's shortfall is booked minus played; its causes are the failed and skipped plays
(with the player's reasons) and the plays with no record at all (screen off, power or network outage).

Make-goods: plays an emergency alert displaced are logged `skipped` / `alert`. Each line shows the plays owed
back at the end of the month (owed before the month + alert-skipped in it - make-good plays that aired in it,
see `playlists.makegoods`); days after the booking's end that carry make-good grants are part of the line, with
nothing booked, so the make-good plays on them count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from billing.reports.labels import labels
from billing.reports.period import Month, as_date, office_day, result_rows
from playlists.makegoods import ALERT_REASON, MakeGood, ledgers
from playlists.models import Advertiser, Booking, PlayLog, Screen
from videotron.core.errors import NotFound


@dataclass
class DeliveryDay:
    day: date
    booked: int
    played: int = 0
    failed: int = 0
    skipped: int = 0
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (outcome, player reason) -> plays
    makegood_granted: int = 0  # extra plays granted this day to make up for alert-skipped ones

    @property
    def alert_skipped(self) -> int:
        """Plays an emergency alert displaced (owed back as make-goods)."""
        return self.reasons.get(("skipped", ALERT_REASON), 0)

    @property
    def made_good(self) -> int:
        """Granted make-good plays that aired: the plays beyond the booked ones, up to the grant."""
        return min(self.makegood_granted, max(self.played - self.booked, 0))

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


@dataclass(frozen=True)
class ScreenDelivery:
    """Plays booked and delivered on one screen (the delivery chart's bars)."""

    screen_id: str
    screen_name: str
    booked: int
    delivered: int  # played, counting at most the booked plays of each day


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
    owed_before: int = 0  # make-good plays owed at the start of the month

    @property
    def alert_skipped(self) -> int:
        return sum(d.alert_skipped for d in self.days)

    @property
    def made_good(self) -> int:
        return sum(d.made_good for d in self.days)

    @property
    def makegood_owed(self) -> int:
        """Make-good plays still owed at the end of the month (or of the report's last day)."""
        return self.owed_after()[-1] if self.days else self.owed_before

    def owed_after(self) -> list[int]:
        """Make-good plays owed at the end of each day of the line (a running balance)."""
        out, owed = [], self.owed_before
        for d in self.days:
            owed = max(owed + d.alert_skipped - d.made_good, 0)
            out.append(owed)
        return out

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
    def makegood_owed(self) -> int:
        return sum(ln.makegood_owed for ln in self.lines)

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
        if outcome == "skipped" and reason == ALERT_REASON:
            reason = t["alert_reason"]
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
            raise NotFound("report.advertiser_not_found", "advertiser {advertiser!r} not found", field="advertiser",
                           advertiser=advertiser_id)  # fmt: skip
    with_grants = select(MakeGood.booking_id).where(MakeGood.day >= month.start, MakeGood.day <= month.end)
    stmt = (
        select(Booking)
        .where(
            Booking.status == "active",
            or_(
                (Booking.start_date <= month.end) & (Booking.end_date >= month.start),
                Booking.id.in_(with_grants),
            ),
        )
        .options(selectinload(Booking.screens), selectinload(Booking.advertiser), selectinload(Booking.media))
        .order_by(Booking.id)
    )
    if booking_id is not None:
        if session.get(Booking, booking_id) is None:
            raise NotFound("report.booking_not_found", "booking {booking!r} not found", field="booking",
                           booking=booking_id)  # fmt: skip
        stmt = stmt.where(Booking.id == booking_id)
    if advertiser_id is not None:
        stmt = stmt.where(Booking.advertiser_id == advertiser_id)
    bookings = list(session.scalars(stmt))
    screen_names: dict[str, str] = {sid: name for sid, name in result_rows(session, select(Screen.id, Screen.name))}
    grants = _grants(session, month, [b.id for b in bookings])
    lines: dict[tuple[str, str], DeliveryLine] = {}
    for b in bookings:
        for screen_id in sorted(b.screen_ids):
            granted = grants.get((b.id, screen_id), {})
            first = max(b.start_date, month.start)
            last = max([min(b.end_date, month.end), *granted])  # make-goods may run after the booking ends
            days = [
                DeliveryDay(day, b.plays_per_day if day <= b.end_date else 0, makegood_granted=granted.get(day, 0))
                for day in (first + timedelta(days=i) for i in range((last - first).days + 1))
            ]
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
    owed = ledgers(session, booking_ids=[b.id for b in bookings]) if bookings else {}
    for key, line in lines.items():
        if key in owed:
            line.owed_before = owed[key].owed_before(month.start)
    return DeliveryReport(month, list(lines.values()), advertiser)


def _grants(session: Session, month: Month, booking_ids: list[str]) -> dict[tuple[str, str], dict[date, int]]:
    """(booking, screen) -> day -> make-good plays granted, for the month's days."""
    out: dict[tuple[str, str], dict[date, int]] = {}
    if not booking_ids:
        return out
    stmt = (
        select(MakeGood.booking_id, MakeGood.screen_id, MakeGood.day, func.sum(MakeGood.plays))
        .where(MakeGood.booking_id.in_(booking_ids), MakeGood.day >= month.start, MakeGood.day <= month.end)
        .group_by(MakeGood.booking_id, MakeGood.screen_id, MakeGood.day)
    )
    for booking_id, screen_id, day, plays in result_rows(session, stmt):
        out.setdefault((booking_id, screen_id), {})[as_date(day)] = int(plays)
    return out


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
