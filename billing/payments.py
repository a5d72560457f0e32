"""Payments against an SKRD, late interest (STRD) and receipts (tanda bukti pembayaran).

- Partial payments are allowed; a payment above what is still owed is refused.
- Late interest: `late_interest_percent` of the tariff version the SKRD was priced with, per started month
  after the due date, on the principal still unpaid. It is assessed when a payment dated after the due date is
  recorded, as an STRD with its own number for the months not yet charged; each STRD therefore charges a run
  of months during which the unpaid principal did not change. Interest is rounded half-up to whole rupiah and
  is never charged on interest.
- A payment settles principal first, then sanksi. Every payment gets a receipt from its own gapless series
  (the year of the payment date). Payments are recorded in date order, never before the SKRD was issued.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.assessments import get_assessment, issuer_snapshot, office_today
from billing.models import PAYMENT_METHODS, Assessment, Payment, Penalty, Receipt
from billing.money import round_half_up
from billing.numbering import format_number, next_number
from billing.verification import verification_code
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize

RECEIPT_SERIES = "receipt"
STRD_SERIES = "strd"


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


def principal_paid(assessment: Assessment) -> int:
    return sum(p.principal_part for p in assessment.payments)


def late_interest(assessment: Assessment, paid_on: date) -> tuple[int, int, int, int]:
    """(amount, first month, last month, base) of interest not yet charged on `paid_on`; amount 0 if none."""
    months = started_months_late(assessment.due_date, paid_on)
    charged = max((p.months_to for p in assessment.penalties), default=0)
    base = assessment.principal - principal_paid(assessment)
    if months <= charged or base <= 0:
        return 0, 0, 0, base
    percent = Decimal(assessment.tariff_version.late_interest_x1000) / 1000
    amount = round_half_up(Decimal(base) * percent / 100 * (months - charged), 1)
    return amount, charged + 1, months, base


def record_payment(
    session: Session,
    number: str,
    *,
    amount: int,
    paid_on: date,
    method: str,
    config: Config,
    actor: str,
    clock: Clock,
) -> Payment:
    """Record money received for SKRD `number`, charge late interest if due, and issue the receipt."""
    authorize(session, actor, "payment.record")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise VideotronError("payment.amount_not_positive", "must be a whole number of rupiah above 0, got {amount!r}",
                             field="amount", amount=amount)  # fmt: skip
    if method not in PAYMENT_METHODS:
        raise VideotronError("payment.unknown_method", "must be one of {methods:list}, got {method!r}", field="method",
                             methods=PAYMENT_METHODS, method=method)  # fmt: skip
    a = get_assessment(session, number, for_update=True)
    if a.status == "void":
        raise VideotronError("payment.skrd_void", "SKRD {number} is void ({reason}); it cannot be paid", number=number,
                             reason=a.void_reason)  # fmt: skip
    if paid_on > office_today(clock):
        raise VideotronError("payment.date_in_future", "{day} is in the future", field="paid_on", day=paid_on)
    if paid_on < a.issue_date:
        raise VideotronError("payment.date_before_issue", "{day} is before SKRD {number} was issued ({issued})",
                             field="paid_on", day=paid_on, number=number, issued=a.issue_date)  # fmt: skip
    last = max((p.paid_on for p in a.payments), default=None)
    if last and paid_on < last:
        raise VideotronError("payment.date_out_of_order", "{day} is before the last payment ({last}); payments are "
                             "recorded in date order", field="paid_on", day=paid_on, last=last)  # fmt: skip
    before = {"status": a.status, "paid": a.paid_total, "sanksi": a.sanksi, "outstanding": a.outstanding}
    interest, first, months_to, base = late_interest(a, paid_on)
    penalty = None
    if interest:
        seq = next_number(session, STRD_SERIES, paid_on.year)
        penalty = Penalty(
            number=format_number(config.numbering.strd, seq, paid_on.year),
            series=STRD_SERIES,
            year=paid_on.year,
            seq=seq,
            assessment=a,
            issue_date=paid_on,
            months_from=first,
            months_to=months_to,
            percent_x1000=a.tariff_version.late_interest_x1000,
            base=base,
            amount=interest,
        )
        session.add(penalty)
        session.flush()
        session.refresh(a, ["penalties"])
        audit.record(
            session,
            actor=actor,
            action="strd.issue",
            entity="penalty",
            entity_id=penalty.number,
            after={
                "skrd": number,
                "months": [first, months_to],
                "percent": str(penalty.percent),
                "base": base,
                "amount": interest,
            },
            clock=clock,
        )
    outstanding = a.outstanding
    if amount > outstanding and a.sanksi:
        raise VideotronError("payment.overpaid_with_sanksi", "{amount:rupiah} is more than the {owed:rupiah} still "
                             "owed on SKRD {number} including sanksi {sanksi:rupiah}; overpayment is refused",
                             field="amount", amount=amount, owed=outstanding, number=number,
                             sanksi=a.sanksi)  # fmt: skip
    if amount > outstanding:
        raise VideotronError("payment.overpaid", "{amount:rupiah} is more than the {owed:rupiah} still owed on SKRD "
                             "{number}; overpayment is refused", field="amount", amount=amount, owed=outstanding,
                             number=number)  # fmt: skip
    principal_part = min(amount, a.principal - principal_paid(a))
    payment = Payment(
        assessment=a,
        paid_on=paid_on,
        amount=amount,
        principal_part=principal_part,
        sanksi_part=amount - principal_part,
        method=method,
        recorded_at=clock.now(),
        recorded_by=actor,
    )
    session.add(payment)
    a.paid_total += amount
    a.status = "paid" if a.paid_total == a.total else "partial"
    seq = next_number(session, RECEIPT_SERIES, paid_on.year)
    receipt_number = format_number(config.numbering.receipt, seq, paid_on.year)
    payment.receipt = Receipt(
        number=receipt_number,
        series=RECEIPT_SERIES,
        year=paid_on.year,
        seq=seq,
        issue_date=paid_on,
        issuer_json=issuer_snapshot(config),
        verification=verification_code("TBP", receipt_number, amount, a.payer_name, paid_on),
    )
    session.flush()
    after = {
        "status": a.status,
        "paid": a.paid_total,
        "sanksi": a.sanksi,
        "outstanding": a.outstanding,
        "payment": {
            "amount": amount,
            "date": paid_on.isoformat(),
            "method": method,
            "principal": principal_part,
            "sanksi": amount - principal_part,
        },
        "receipt": receipt_number,
        "strd": penalty.number if penalty else None,
    }
    audit.record(
        session,
        actor=actor,
        action="skrd.pay",
        entity="assessment",
        entity_id=number,
        before=before,
        after=after,
        clock=clock,
    )
    return payment


def get_receipt(session: Session, number: str) -> Receipt:
    receipt = session.scalar(
        select(Receipt)
        .where(Receipt.number == number)
        .options(selectinload(Receipt.payment).selectinload(Payment.assessment))
    )
    if receipt is None:
        raise NotFound("receipt.not_found", "receipt {number!r} not found", number=number)
    return receipt


def list_payments(session: Session, *, start: date | None = None, end: date | None = None) -> list[Payment]:
    """Payments dated between two dates (inclusive) with their receipt and SKRD, in receipt order: the
    Buku Penerimaan rows for a monthly report."""
    stmt = (
        select(Payment)
        .join(Receipt)
        .options(selectinload(Payment.receipt), selectinload(Payment.assessment).selectinload(Assessment.lines))
    )
    if start:
        stmt = stmt.where(Payment.paid_on >= start)
    if end:
        stmt = stmt.where(Payment.paid_on <= end)
    return list(session.scalars(stmt.order_by(Receipt.year, Receipt.seq)))


def list_penalties(session: Session, *, start: date | None = None, end: date | None = None) -> list[Penalty]:
    """STRDs issued between two dates (inclusive), in number order."""
    stmt = select(Penalty)
    if start:
        stmt = stmt.where(Penalty.issue_date >= start)
    if end:
        stmt = stmt.where(Penalty.issue_date <= end)
    return list(session.scalars(stmt.order_by(Penalty.year, Penalty.seq)))
