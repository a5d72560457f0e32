"""Chart data as plain values, for the PDF charts and for the GUI to draw: realisation vs target per month of
a year, and plays delivered vs booked per screen in a month (`delivery_data.ScreenDelivery`, drawn from the delivery
report: this module reads that report, never the other way round)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from billing.models import Payment
from billing.reports.delivery import delivery_report
from billing.reports.delivery_data import ScreenDelivery
from billing.reports.period import Month, result_rows
from videotron.core.config import Config


@dataclass(frozen=True)
class MonthlyRealisation:
    month: int  # 1..12
    received: int  # realisasi in the month
    cumulative: int  # realisasi s.d. the month
    target_cumulative: int | None  # the year's target spread evenly: target x month / 12


def monthly_realisation(session: Session, year: int, config: Config, *, through: int = 12) -> list[MonthlyRealisation]:
    """Money received per month of `year` (months 1..`through`), cumulated, beside the pro-rata target."""
    month_col = extract("month", Payment.paid_on)
    stmt = (
        select(month_col, func.sum(Payment.amount))
        .where(Payment.paid_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(month_col)
    )
    per_month = {int(m): int(total or 0) for m, total in result_rows(session, stmt)}
    target = config.targets.get(year)
    points, running = [], 0
    for m in range(1, through + 1):
        running += per_month.get(m, 0)
        points.append(MonthlyRealisation(m, per_month.get(m, 0), running, None if target is None else target * m // 12))
    return points


def delivery_by_screen(
    session: Session, month_text: str, *, booking_id: str | None = None, advertiser_id: str | None = None
) -> list[ScreenDelivery]:
    """Plays booked and played per screen for a month (`YYYY-MM`), optionally for one booking or advertiser."""
    report = delivery_report(session, Month.parse(month_text), booking_id=booking_id, advertiser_id=advertiser_id)
    return report.by_screen
