"""Late interest on an SKRD (sanksi administratif bunga), charged by an STRD.

`late_interest_percent` of the tariff version the SKRD was priced with, per started month after the due date, on
the principal still unpaid, for at most `interest.max_months` months in all (the office's configuration; HKPD-era
regulations often say 24). It is charged, as an STRD with its own number for the months not yet charged, when a
payment dated after the due date is recorded and when the treasurer bills it (`billing.strd`: the STRD on its own or
with a reminder letter); each STRD therefore charges a run of months during which the unpaid principal did not
change. Interest is rounded half-up to whole rupiah, never charged on interest, and booked to its own kode rekening
(`interest.account`, denda retribusi), frozen on the STRD and on the payments that settle it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from billing.assessments import issuer_snapshot
from billing.dating import ensure_open
from billing.models import Assessment, Penalty
from billing.money import round_half_up
from billing.numbering import number_fields
from billing.verification import verification_code
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.office_identity import require_interest_account

SERIES = "strd"


@dataclass(frozen=True)
class Due:
    """Interest not yet charged on a day: `amount` for months `first`..`last` on the unpaid principal `base`."""

    amount: int
    first: int
    last: int
    base: int
    months_late: int  # started months after the due date (uncapped), for the documents


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


def charged_months(assessment: Assessment) -> int:
    return max((p.months_to for p in assessment.penalties), default=0)


def late_interest(assessment: Assessment, day: date, cap: int) -> Due:
    """The interest not yet charged on `day`, with at most `cap` months charged in all; amount 0 if none."""
    late = started_months_late(assessment.due_date, day)
    months, charged = min(late, cap), charged_months(assessment)
    base = assessment.principal - principal_paid(assessment)
    if months <= charged or base <= 0 or assessment.status == "void":
        return Due(0, 0, 0, max(base, 0), late)
    amount = interest(base, assessment.tariff_version.late_interest_x1000, months - charged)
    return Due(amount, charged + 1, months, base, late)


def charge_late_interest(session: Session, a: Assessment, day: date, *, config: Config, actor: str,
                         clock: Clock) -> Penalty | None:  # fmt: skip
    """Issue the STRD, dated `day`, for the interest not yet charged on it (in the caller's transaction, audited)."""
    due = late_interest(a, day, config.interest.max_months)
    if not due.amount:
        return None
    require_interest_account(config)
    issuer = issuer_snapshot(config)
    numbered = number_fields(session, SERIES, config.numbering.strd, day.year)
    ensure_open(session, day, field="paid_on", config=config)
    penalty = Penalty(**numbered, assessment=a, issue_date=day, months_from=due.first, months_to=due.last,
                      percent_x1000=a.tariff_version.late_interest_x1000, base=due.base, amount=due.amount,
                      account=config.interest.account, issuer_json=issuer, issued_at=clock.now(), issued_by=actor,
                      verification=verification_code("STRD", numbered["number"], due.amount, a.payer_name,
                                                     day))  # fmt: skip
    session.add(penalty)
    session.flush()
    session.refresh(a, ["penalties"])
    a.settle_status()  # owing interest again: a settled SKRD with new sanksi is partly paid
    after = {"skrd": a.number, "months": [due.first, due.last], "percent": str(penalty.percent), "base": due.base,
             "amount": due.amount, "account": penalty.account}  # fmt: skip
    audit.record(session, actor=actor, action="strd.issue", entity="penalty", entity_id=penalty.number, after=after,
                 clock=clock)  # fmt: skip
    return penalty


def sanksi_account(a: Assessment) -> str | None:
    """The kode rekening a payment's sanksi part is booked to: its STRDs' (the latest), None before migration 0011
    (interest then went to the SKRD's own kode rekening, and the reports keep it there)."""
    return a.penalties[-1].account if a.penalties else None
