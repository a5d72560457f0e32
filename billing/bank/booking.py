"""A statement credit booked as payments through the payment service, or refused with the reason.

`book_line` pays each SKRD a credit was matched to (`billing.payments.record_payment`: receipt, late interest,
audit, the booking's airing gate), all of the line's payments or none (a savepoint inside the import's one
transaction). What the payment service refuses (overpaid, dated before the SKRD or before its last payment, in the
future) and what is never paid in (a void SKRD, one already paid in full) leaves the line `refused` with the reason
kept as a problem — code, English text, parameters — worded in the reader's language by `reason_of`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from billing.bank.models import BankLine, BankLinePayment
from billing.dating import newest_receipt_date
from billing.models import Assessment
from billing.payments import RECEIPT_SERIES, record_payment
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import Problem, VideotronError, problem
from videotron.core.i18n import render


def book_line(session: Session, line: BankLine, parts: list[tuple[Assessment, int]], *, rule: str, method: str,
              config: Config, actor: str, clock: Clock) -> bool:  # fmt: skip
    """Pay `parts` ((SKRD, rupiah), ...) from `line`; True when booked, False when the line is refused."""
    line.assessment = parts[0][0]
    refusal = never_paid_in(parts)
    if refusal is not None:
        refuse(line, refusal)
        return False
    try:
        with session.begin_nested():
            for a, amount in parts:
                pay(session, line, a, amount, method, config=config, actor=actor, clock=clock)
    except VideotronError as exc:
        refuse(line, exc.problems[0])
        return False
    line.status, line.matched_by, line.method = "matched", rule, method
    line.settled_at, line.settled_by = clock.now(), actor
    line.reason_code = line.reason_text = line.reason_params = None
    return True


def pay(session: Session, line: BankLine, a: Assessment, amount: int, method: str, *, config: Config, actor: str,
        clock: Clock) -> None:  # fmt: skip
    """One payment of `amount` on SKRD `a` from `line`, dated the day the money reached the account. Its receipt
    carries that date too, unless the desk has already issued a receipt dated later (cash taken while the statement
    was on its way): receipt numbers follow their dates, so it is then dated with that newest receipt."""
    newest = newest_receipt_date(session, RECEIPT_SERIES, line.booked_on.year)
    receipt_on = max(line.booked_on, newest) if newest else line.booked_on
    payment = record_payment(session, a.number, amount=amount, paid_on=line.booked_on, method=method, config=config,
                             actor=actor, clock=clock, bank_reference=line.bank_reference or None,
                             value_date=line.value_date, bank_account=line.account, receipt_on=receipt_on)  # fmt: skip
    session.add(BankLinePayment(payment=payment, line=line))
    session.flush()


def never_paid_in(parts: list[tuple[Assessment, int]]) -> Problem | None:
    """Why a credit for these SKRDs is not booked at all, if it is not: a void SKRD, or one already paid."""
    for a, _ in parts:
        if a.status == "void":
            return problem("bank.skrd_void", "SKRD {number} is void ({reason}): a payment after the void is not "
                           "booked; refund it or ask the payer which bill it is for", number=a.number,
                           reason=a.void_reason or "")  # fmt: skip
        if a.status == "paid":
            receipts = [p.receipt.number for p in a.payments if p.receipt is not None]
            return problem("bank.skrd_paid", "SKRD {number} is already paid in full (receipt {receipts:list}): a "
                           "second payment is not booked; refund it or offset it", number=a.number,
                           receipts=receipts)  # fmt: skip
    return None


def refuse(line: BankLine, reason: Problem) -> None:
    line.status = "refused"
    keep_reason(line, reason)


def keep_reason(line: BankLine, reason: Problem) -> None:
    line.reason_code, line.reason_text = reason.code, reason.text
    line.reason_params = json.dumps(dict(reason.params), default=_encode, ensure_ascii=False, sort_keys=True)


def reason_of(line: BankLine, language: str) -> str:
    """Why the line is where it stands, in `language` ("" when there is no reason to give)."""
    if not line.reason_code or line.reason_text is None:
        return ""
    params = json.loads(line.reason_params or "{}", object_hook=_decode)
    return render(Problem(line.reason_code, line.reason_text, None, params), language)


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple | set):
        return list(value)
    return str(value)


def _decode(obj: dict[str, Any]) -> Any:
    return date.fromisoformat(obj["$date"]) if set(obj) == {"$date"} else obj
