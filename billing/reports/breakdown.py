"""Assessed and received per category, zone, screen or advertiser for the month report.

Assessed is what SKRDs issued in the month (void excluded) charged; received is what was paid in the month.
Money received for an SKRD is spread over its screens (and so its zones) in proportion to the lines' amounts,
with largest-remainder rounding so the parts add up to the rupiah exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from billing.models import Assessment, AssessmentLine, Payment
from billing.reports.period import Month, result_rows


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    skrd_count: int
    assessed: int
    received: int


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` rupiah in proportion to `weights`, largest remainders first, so the parts sum to `total`."""
    whole = sum(weights)
    if whole <= 0:
        return [total] + [0] * (len(weights) - 1) if weights else []
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def breakdown(session: Session, month: Month, by: str) -> list[BreakdownRow]:
    """Assessed (issued in the month, void excluded) and received (paid in the month) per category, zone,
    screen or advertiser."""
    live_in_month = and_(Assessment.status != "void", Assessment.issue_date.between(month.start, month.end))
    paid_in_month = Payment.paid_on.between(month.start, month.end)
    acc: dict[str, list] = {}  # type: ignore[type-arg]

    def add(key: str, label: str, count: int, assessed: int, received: int) -> None:
        row = acc.setdefault(key, [label, 0, 0, 0])
        row[1] += count
        row[2] += assessed
        row[3] += received

    if by in ("category", "advertiser"):
        key_cols = (
            (Assessment.category, func.max(Assessment.category))
            if by == "category"
            else (Assessment.advertiser_id, func.max(Assessment.payer_name))
        )
        group = key_cols[0]
        for key, label, n, amount in result_rows(
            session,
            select(group, key_cols[1], func.count(), func.sum(Assessment.principal))
            .where(live_in_month)
            .group_by(group),
        ):
            add(key, label, int(n), int(amount or 0), 0)
        for key, label, amount in result_rows(
            session,
            select(group, key_cols[1], func.sum(Payment.amount))
            .join(Payment.assessment)
            .where(paid_in_month)
            .group_by(group),
        ):
            add(key, label, 0, 0, int(amount or 0))
    else:
        key_col = AssessmentLine.zone if by == "zone" else AssessmentLine.screen_id
        label_col = AssessmentLine.zone if by == "zone" else AssessmentLine.screen_name
        for key, label, n, amount in result_rows(
            session,
            select(
                key_col,
                func.max(label_col),
                func.count(func.distinct(AssessmentLine.assessment_id)),
                func.sum(AssessmentLine.amount),
            )
            .join(AssessmentLine.assessment)
            .where(live_in_month)
            .group_by(key_col),
        ):
            add(key, label, int(n), int(amount or 0), 0)
        received = (
            select(Payment.assessment_id, func.sum(Payment.amount).label("amount"))
            .where(paid_in_month)
            .group_by(Payment.assessment_id)
            .subquery()
        )
        lines: dict[int, list[tuple[str, str, int, int]]] = {}
        stmt = (
            select(received.c.assessment_id, key_col, label_col, AssessmentLine.amount, received.c.amount)
            .join(AssessmentLine, AssessmentLine.assessment_id == received.c.assessment_id)
            .order_by(received.c.assessment_id, AssessmentLine.position)
        )
        for assessment_id, key, label, weight, amount in result_rows(session, stmt):
            lines.setdefault(assessment_id, []).append((key, label, int(weight), int(amount)))
        for parts in lines.values():
            for (key, label, _w, _a), share in zip(parts, allocate(parts[0][3], [p[2] for p in parts]), strict=True):
                add(key, label, 0, 0, share)
    return [BreakdownRow(k, v[0], v[1], v[2], v[3]) for k, v in sorted(acc.items())]
