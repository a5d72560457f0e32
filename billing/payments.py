"""Payments against an SKRD and their receipts (tanda bukti pembayaran).

- Partial payments are allowed; a payment above what is still owed is refused.
- A payment dated after the due date first charges the late interest not yet charged (an STRD, `interest`).
- A payment settles principal first, then sanksi. Every payment gets a receipt from its own gapless series
  (the year of the payment date). Payments are recorded in date order, never before the SKRD was issued.
- A payment by bank (transfer, QRIS, virtual account) keeps the bank's reference, the value date and the account
  it reached; QRIS and virtual-account payments always have a reference, cash never has one, and a reference is
  recorded once per SKRD (`billing.bank_payments`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.assessments import get_assessment, issuer_snapshot, refresh_subject
from billing.bank_payments import check_bank_reference
from billing.dating import ensure_open, ensure_receipt_in_order
from billing.interest import charge_late_interest, principal_paid, sanksi_account
from billing.models import PAYMENT_METHODS, Assessment, Payment, Penalty, Receipt
from billing.numbering import number_fields
from billing.verification import verification_code
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.formats import zone_name
from videotron.core.permissions import authorize

RECEIPT_SERIES = "receipt"


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
    bank_reference: str | None = None,
    value_date: date | None = None,
    bank_account: str | None = None,
    receipt_on: date | None = None,
) -> Payment:
    """Record money received for SKRD `number`, charge late interest if due, and issue the receipt. A payment by
    bank names the bank's `bank_reference` (and, from a statement, its `value_date` and `bank_account`). The receipt
    is dated `receipt_on` (default: `paid_on`; never before it): the day the money is recorded here, when that is
    later than the day it reached the account."""
    authorize(session, actor, "payment.record")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise VideotronError("payment.amount_not_positive", "must be a whole number of rupiah above 0, got {amount!r}",
                             field="amount", amount=amount)  # fmt: skip
    if method not in PAYMENT_METHODS:
        raise VideotronError("payment.unknown_method", "must be one of {methods:list}, got {method!r}", field="method",
                             methods=PAYMENT_METHODS, method=method)  # fmt: skip
    a = get_assessment(session, number, for_update=True)
    bank_reference = check_bank_reference(session, a, method, bank_reference)
    if a.status == "void":
        raise VideotronError("payment.skrd_void", "SKRD {number} is void ({reason}); it cannot be paid", number=number,
                             reason=a.void_reason)  # fmt: skip
    _check_date(a, paid_on, config.today(clock), zone_name(config.zone))
    ensure_open(session, paid_on, field="paid_on", config=config)
    before = {"status": a.status, "paid": a.paid_total, "sanksi": a.sanksi, "outstanding": a.outstanding}
    penalty = charge_late_interest(session, a, paid_on, config=config, actor=actor, clock=clock)
    _check_not_overpaid(a, amount)
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
        bank_reference=bank_reference,
        value_date=value_date,
        bank_account=bank_account,
        sanksi_account=sanksi_account(a) if amount > principal_part else None,
    )
    session.add(payment)
    a.paid_total += amount
    a.settle_status()
    receipt_on = max(receipt_on or paid_on, paid_on)
    numbered = number_fields(session, RECEIPT_SERIES, config.numbering.receipt, receipt_on.year)
    ensure_receipt_in_order(session, RECEIPT_SERIES, receipt_on.year, numbered["seq"], receipt_on, config=config)
    receipt_number = numbered["number"]
    payment.receipt = Receipt(
        **numbered,
        issue_date=receipt_on,
        issuer_json=issuer_snapshot(config),
        verification=verification_code("TBP", receipt_number, amount, a.payer_name, receipt_on),
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
            **({"bank_reference": bank_reference} if bank_reference else {}),
        },
        "receipt": receipt_number,
        "strd": penalty.number if penalty else None,
    }
    audit.record(session, actor=actor, action="skrd.pay", entity="assessment", entity_id=number, before=before,
                 after=after, clock=clock)  # fmt: skip
    refresh_subject(session, a, actor=actor, clock=clock)  # paid in full: the 'paid' gate opens
    return payment


def _check_date(a: Assessment, paid_on: date, today: date, zone: str) -> None:
    """Payments are dated from the SKRD's issue to the office's today (in its `zone`), in order."""
    if paid_on > today:
        raise VideotronError("payment.date_in_future", "{day} is in the future (the office's today is {today}, "
                             "{zone})", field="paid_on", day=paid_on, today=today, zone=zone)  # fmt: skip
    if paid_on < a.issue_date:
        raise VideotronError("payment.date_before_issue", "{day} is before SKRD {number} was issued ({issued})",
                             field="paid_on", day=paid_on, number=a.number, issued=a.issue_date)  # fmt: skip
    last = max((p.paid_on for p in a.payments), default=None)
    if last and paid_on < last:
        raise VideotronError("payment.date_out_of_order", "{day} is before the last payment ({last}); payments are "
                             "recorded in date order", field="paid_on", day=paid_on, last=last)  # fmt: skip


def _check_not_overpaid(a: Assessment, amount: int) -> None:
    """What is still owed (sanksi included, once the late interest is charged) caps a payment."""
    owed = a.outstanding
    if amount > owed and a.sanksi:
        raise VideotronError("payment.overpaid_with_sanksi", "{amount:rupiah} is more than the {owed:rupiah} still "
                             "owed on SKRD {number} including sanksi {sanksi:rupiah}; overpayment is refused",
                             field="amount", amount=amount, owed=owed, number=a.number, sanksi=a.sanksi)  # fmt: skip
    if amount > owed:
        raise VideotronError("payment.overpaid", "{amount:rupiah} is more than the {owed:rupiah} still owed on SKRD "
                             "{number}; overpayment is refused", field="amount", amount=amount, owed=owed,
                             number=a.number)  # fmt: skip


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
