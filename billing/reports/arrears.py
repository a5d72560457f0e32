"""What is still owed on a day, and what is past due: the month report's receivables and arrears (tunggakan).

An SKRD owes its principal and the STRD sanksi issued up to the day, less the payments made up to it and the credit
notes offset against it up to it (they settle principal without new money). Past its due
date it also accrues late interest not yet charged by an STRD (the rule of `billing.interest`, as of the day, for at
most the office's cap of months in all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billing.interest import interest, started_months_late
from billing.lifecycle_models import CreditUse
from billing.models import Assessment, Payment, Penalty, TariffVersion
from billing.reports.period import result_rows


@dataclass(frozen=True)
class OverdueRow:
    skrd: str
    payer: str
    due_date: date
    months_late: int
    unpaid: int  # principal and STRD sanksi still owed on the report date
    interest: int  # interest accrued and not yet charged by an STRD


def _of_skrd(aggregate: Any, *where: Any) -> Any:
    """SQL for `aggregate` (0 when there is nothing) over an SKRD's rows: a scalar subquery correlated to it."""
    return select(func.coalesce(aggregate, 0)).where(*where).scalar_subquery()


def _penalties(aggregate: Any, as_of: date) -> Any:
    """`aggregate` over the STRDs of the SKRD issued up to `as_of`."""
    return _of_skrd(aggregate, Penalty.assessment_id == Assessment.id, Penalty.issue_date <= as_of)


def _payments(aggregate: Any, as_of: date) -> Any:
    """`aggregate` over the payments of the SKRD made up to `as_of`."""
    return _of_skrd(aggregate, Payment.assessment_id == Assessment.id, Payment.paid_on <= as_of)


def _offsets(as_of: date) -> Any:
    """Credit notes offset against the SKRD up to `as_of`."""
    return _of_skrd(func.sum(CreditUse.amount), CreditUse.assessment_id == Assessment.id, CreditUse.used_on <= as_of)


def owed_on(as_of: date) -> Any:
    """SQL for an SKRD's principal + STRD sanksi - payments - offsets as they stood on `as_of`."""
    sanksi, paid = _penalties(func.sum(Penalty.amount), as_of), _payments(func.sum(Payment.amount), as_of)
    return Assessment.principal + sanksi - paid - _offsets(as_of)


def open_balances(session: Session, as_of: date) -> dict[str, int]:
    """SKRD number -> amount still owed on `as_of`, for the SKRDs (void excluded) that still owe."""
    owed = owed_on(as_of)
    stmt = select(Assessment.number, owed).where(Assessment.status != "void", Assessment.issue_date <= as_of, owed > 0)
    return {number: int(amount) for number, amount in result_rows(session, stmt)}


def overdue(session: Session, as_of: date, cap: int) -> list[OverdueRow]:
    """SKRDs past their due date on `as_of` with money still owed, and the interest accrued but not yet charged (at
    most `cap` months of interest on an SKRD in all)."""
    charged_months = _penalties(func.max(Penalty.months_to), as_of)
    principal_paid = _payments(func.sum(Payment.principal_part), as_of) + _offsets(as_of)
    owed = owed_on(as_of)
    stmt = (
        select(
            Assessment.number,
            Assessment.payer_name,
            Assessment.due_date,
            Assessment.principal,
            principal_paid,
            charged_months,
            TariffVersion.late_interest_x1000,
            owed,
        )
        .join(TariffVersion, TariffVersion.id == Assessment.tariff_version_id)
        .where(Assessment.status != "void", Assessment.issue_date <= as_of, Assessment.due_date < as_of, owed > 0)
        .order_by(Assessment.due_date, Assessment.number)
    )
    rows = []
    for number, payer, due, principal, paid, charged, pct_x1000, unpaid in result_rows(session, stmt):
        months = started_months_late(due, as_of)
        base, chargeable = int(principal) - int(paid), min(months, cap)
        accrued = interest(base, pct_x1000, chargeable - charged) if chargeable > charged and base > 0 else 0
        rows.append(OverdueRow(number, payer, due, months, int(unpaid), accrued))  # as interest.late_interest would
    return rows
