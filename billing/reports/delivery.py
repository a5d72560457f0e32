"""Proof-of-play reconciliation: plays booked vs plays actually played, per booking, screen and day.

Booked plays come from the bookings (plays_per_day on every day of the booking inside the month, on every
screen of the booking; cancelled bookings are left out). What happened comes from the play log, counted in the
database grouped by booking, screen, the screen's day (plays follow its zone), outcome and reason, so the report
reads one row per group, never one per play. A day's shortfall is booked minus played; its causes are the failed
and skipped plays (with the player's reasons) and the plays with no record at all (screen off, power or network
outage).

Make-goods: plays an emergency alert displaced are logged `skipped` / `alert`. Each line shows the plays owed
back at the end of the month (owed before the month + alert-skipped in it - make-good plays that aired in it,
see `playlists.makegoods`); days after the booking's end that carry make-good grants are part of the line, with
nothing booked, so the make-good plays on them count. A settled month (`billing.settlement`) adds its lines: per
booking and screen the plays due, delivered and why not, and what the shortfall became. What the report holds:
`delivery_data`. Sold running texts are reported beside the spots from their proof of display
(`billing.reports.text_delivery`: seconds in the band and passes across it, per day).
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from billing.lifecycle_models import Settlement
from billing.reports.delivery_data import DeliveryDay, DeliveryLine, DeliveryReport
from billing.reports.period import Month, as_date, local_day, result_rows
from billing.reports.text_delivery import text_delivery
from playlists.makegoods import MakeGood, ledgers
from playlists.models import Advertiser, Booking, PlayLog, RunningText, Screen
from videotron.core.errors import NotFound


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
            Booking.status != "cancelled",
            or_(
                (Booking.start_date <= month.end) & (Booking.end_date >= month.start),
                Booking.id.in_(with_grants),
            ),
        )
        .options(selectinload(Booking.screens), selectinload(Booking.advertiser), selectinload(Booking.media))
        .order_by(Booking.id)
    )
    if booking_id is not None:
        if session.get(Booking, booking_id) is None and session.get(RunningText, booking_id) is None:
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
    ids = [b.id for b in bookings]
    settled = select(Settlement).where(Settlement.month == str(month), Settlement.booking_id.in_(ids))
    settlements = list(session.scalars(settled.order_by(Settlement.booking_id, Settlement.screen_id)))
    texts = text_delivery(session, month, booking_id=booking_id, advertiser_id=advertiser_id)
    return DeliveryReport(month, list(lines.values()), advertiser, settlements, texts)


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
    """Plays per booking, screen, day, outcome and reason, counted in the database; a play's day is its screen's
    (plays follow the screen's zone), so screens are counted zone by zone."""
    if not lines:
        return
    zones = dict(result_rows(session, select(Screen.id, Screen.timezone).where(Screen.id.in_({s for _b, s in lines}))))
    for zone_name in sorted(set(zones.values())):
        _count_zone(session, month, lines, sorted(s for s, z in zones.items() if z == zone_name), ZoneInfo(zone_name))


def _count_zone(session: Session, month: Month, lines: dict[tuple[str, str], DeliveryLine], screens: list[str],
                zone: ZoneInfo) -> None:  # fmt: skip
    dialect = session.get_bind().dialect.name
    start, end = month.utc_bounds(zone)
    day = local_day(PlayLog.planned_start, dialect, zone, start, end).label("day")
    bookings = sorted({b for b, s in lines if s in screens})
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
