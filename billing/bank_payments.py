"""The bank side of a payment: its reference, checked the same way whether the treasurer types it or a statement
import brings it.

Cash (tunai) has no bank reference; a QRIS or virtual-account payment always has one (the bank's transaction
reference, on the payer's proof and on the statement); a transfer has one when the treasurer has it. A reference is
recorded once per SKRD: one transfer may pay two SKRDs (two payments, one reference), but never the same SKRD twice;
and the same transfer typed at the desk and then found on the statement is one payment, not two
(`billing.bank.importer` links the statement line to the payment already recorded).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billing.models import BANK_METHODS, Assessment, Payment, Receipt
from videotron.core.errors import VideotronError

MAX_REFERENCE = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normal_reference(text: str | None) -> str:
    """A bank reference as stored: trimmed, inner whitespace collapsed."""
    return " ".join((text or "").split())


def check_bank_reference(session: Session, a: Assessment, method: str, reference: str | None) -> str | None:
    """The reference to store for a payment by `method` on SKRD `a` (None for none), or a refusal naming the
    field."""
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
    earlier = [p for p in recorded_with(session, ref) if p.assessment_id == a.id]
    if earlier:
        raise VideotronError("payment.reference_used", "bank reference {reference} is already recorded for SKRD "
                             "{number}: receipt {receipt} of {day:date}", field="bank_reference", reference=ref,
                             number=a.number, receipt=earlier[0].receipt.number, day=earlier[0].paid_on)  # fmt: skip
    return ref


def recorded_with(session: Session, reference: str) -> list[Payment]:
    """The payments already recorded with this bank reference (case does not count), in the order recorded."""
    stmt = select(Payment).join(Receipt).where(func.upper(Payment.bank_reference) == reference.upper())
    return list(session.scalars(stmt.order_by(Payment.id)))
