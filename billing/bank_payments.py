"""The bank side of a payment: its reference, checked the same way whether the treasurer types it or a statement
import brings it.

Cash (tunai) has no bank reference; a QRIS or virtual-account payment always has one (the bank's transaction
reference, on the payer's proof and on the statement); a transfer has one when the treasurer has it. A reference is
recorded once: the same transfer typed at the desk and then found on the statement is one payment, not two
(`billing.bank.importer` links the statement line to the payment already recorded).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billing.models import BANK_METHODS, Payment, Receipt
from videotron.core.errors import VideotronError

MAX_REFERENCE = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normal_reference(text: str | None) -> str:
    """A bank reference as stored: trimmed, inner whitespace collapsed."""
    return " ".join((text or "").split())


def check_bank_reference(session: Session, method: str, reference: str | None) -> str | None:
    """The reference to store for a payment by `method` (None for none), or a refusal naming the field."""
    ref = normal_reference(reference)
    if method == "tunai":
        if ref:
            raise VideotronError("payment.reference_for_cash", "a cash payment has no bank reference; choose the "
                                 "method the money came by", field="bank_reference")  # fmt: skip
        return None
    if not ref:
        if method in BANK_METHODS:
            raise VideotronError("payment.reference_required", "a payment by {method} needs the bank's reference "
                                 "(on the payer's proof or the statement)", field="bank_reference",
                                 method=method)  # fmt: skip
        return None
    if len(ref) > MAX_REFERENCE or _CONTROL.search(ref):
        raise VideotronError("payment.reference_invalid", "{reference!r} is not a bank reference (at most {n} "
                             "characters, no control characters)", field="bank_reference", reference=ref[:40],
                             n=MAX_REFERENCE)  # fmt: skip
    earlier = recorded_with(session, ref)
    if earlier is not None:
        raise VideotronError("payment.reference_used", "bank reference {reference} is already recorded: receipt "
                             "{receipt} of {day:date} for SKRD {number}", field="bank_reference", reference=ref,
                             receipt=earlier.receipt.number, day=earlier.paid_on,
                             number=earlier.assessment.number)  # fmt: skip
    return ref


def recorded_with(session: Session, reference: str) -> Payment | None:
    """The payment already recorded with this bank reference (case does not count), if any."""
    stmt = (
        select(Payment)
        .join(Receipt)
        .where(func.upper(Payment.bank_reference) == reference.upper())
        .order_by(Payment.id)
        .limit(1)
    )
    return session.scalar(stmt)
