"""Late interest on an SKRD (sanksi administrasi), charged by an STRD.

`late_interest_percent` of the tariff version the SKRD was priced with, per started month after the due date, on
the principal still unpaid. It is assessed when a payment dated after the due date is recorded, as an STRD with
its own number for the months not yet charged; each STRD therefore charges a run of months during which the
unpaid principal did not change. Interest is rounded half-up to whole rupiah and is never charged on interest.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from billing.models import Assessment, Penalty
from billing.money import round_half_up
from billing.numbering import number_fields
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config

SERIES = "strd"


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clipped to the month's end: 31 Jan + 1 month = 28/29 Feb."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def started_months_late(due: date, paid_on: date) -> int:
    """0 when paid on or before the due date; 1 for the first day up to one month after it; and so on."""
    if paid_on <= due:
        return 0
    months = 1
    while paid_on > add_months(due, months):
        months += 1
    return months


def interest(base: int, percent_x1000: int, months: int) -> int:
    """`months` of interest at `percent_x1000` / 1000 % a month on `base` rupiah, rounded half-up to the rupiah."""
    return round_half_up(Decimal(base) * Decimal(percent_x1000) / 1000 / 100 * months, 1)


def principal_paid(assessment: Assessment) -> int:
    """Principal settled: paid, and offset by credit notes (which settle principal, never sanksi)."""
    return sum(p.principal_part for p in assessment.payments) + assessment.credited


def late_interest(assessment: Assessment, paid_on: date) -> tuple[int, int, int, int]:
    """(amount, first month, last month, base) of interest not yet charged on `paid_on`; amount 0 if none."""
    months = started_months_late(assessment.due_date, paid_on)
    charged = max((p.months_to for p in assessment.penalties), default=0)
    base = assessment.principal - principal_paid(assessment)
    if months <= charged or base <= 0:
        return 0, 0, 0, base
    amount = interest(base, assessment.tariff_version.late_interest_x1000, months - charged)
    return amount, charged + 1, months, base


def charge_late_interest(session: Session, a: Assessment, paid_on: date, *, config: Config, actor: str,
                         clock: Clock) -> Penalty | None:  # fmt: skip
    """Issue the STRD for the interest not yet charged on `paid_on` (in the caller's transaction, audited)."""
    amount, first, last, base = late_interest(a, paid_on)
    if not amount:
        return None
    penalty = Penalty(**number_fields(session, SERIES, config.numbering.strd, paid_on.year), assessment=a,
                      issue_date=paid_on, months_from=first, months_to=last,
                      percent_x1000=a.tariff_version.late_interest_x1000, base=base, amount=amount)  # fmt: skip
    session.add(penalty)
    session.flush()
    session.refresh(a, ["penalties"])
    after = {"skrd": a.number, "months": [first, last], "percent": str(penalty.percent), "base": base, "amount": amount}
    audit.record(session, actor=actor, action="strd.issue", entity="penalty", entity_id=penalty.number, after=after,
                 clock=clock)  # fmt: skip
    return penalty
