"""What the treasurer does by hand with the lines the import could not book: list them, match one to an SKRD
(a payment through the payment service, as the import would have booked it), or set one aside with a note (money
that is not retribution: a refund, a transfer between the office's own accounts).

A hand match is one user action: it is booked whole or refused whole with the payment service's reason (the error
reaches the treasurer; nothing is written). Only credits still open (unmatched, ambiguous, refused) may be matched
or set aside; a booked line stays booked (a wrong payment is corrected the way every payment is).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.assessments import get_assessment
from billing.bank.booking import never_paid_in, pay
from billing.bank.models import OPEN_STATUSES, BankLine
from billing.virtual_account import virtual_accounts_in
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize

_QRIS = re.compile(r"(?<![A-Z0-9])QRIS(?![A-Z0-9])")


def bank_lines(session: Session, *, open_only: bool = False, first: date | None = None,
               last: date | None = None) -> list[BankLine]:  # fmt: skip
    """Statement lines in date order (only those still to match by hand with `open_only`)."""
    stmt = select(BankLine).order_by(BankLine.booked_on, BankLine.id)
    if open_only:
        stmt = stmt.where(BankLine.status.in_(OPEN_STATUSES), BankLine.amount_sen > 0)
    if first is not None:
        stmt = stmt.where(BankLine.booked_on >= first)
    if last is not None:
        stmt = stmt.where(BankLine.booked_on <= last)
    return list(session.scalars(stmt))


def open_line(session: Session, line_id: int) -> BankLine:
    line = session.get(BankLine, line_id, with_for_update=True)
    if line is None:
        raise NotFound("bank.no_line", "no statement line {line}", field="line", line=line_id)
    if line.status not in OPEN_STATUSES:
        raise VideotronError("bank.line_settled", "statement line {line} is already {status}; only unmatched, "
                             "ambiguous or refused credits are matched by hand", field="line", line=line_id,
                             status=line.status)  # fmt: skip
    return line


def match_by_hand(session: Session, line_id: int, number: str, *, config: Config, actor: str,
                  clock: Clock) -> BankLine:  # fmt: skip
    """Book statement line `line_id` as a payment on SKRD `number` (the whole credit)."""
    authorize(session, actor, "payment.record")
    line = open_line(session, line_id)
    if line.rupiah is None:
        raise VideotronError("bank.hand_has_sen", "the credit has sen; a retribution is paid in whole rupiah",
                             field="line")  # fmt: skip
    if line.booked_on > config.today(clock):
        raise VideotronError("bank.hand_future", "the credit is dated {day:date}, after the office's today",
                             field="line", day=line.booked_on)  # fmt: skip
    a = get_assessment(session, number, for_update=True)
    refusal = never_paid_in([(a, line.rupiah)])
    if refusal is not None:
        raise VideotronError(refusal)
    pay(session, line, a, line.rupiah, _method(line, a.virtual_account, config), config=config, actor=actor,
        clock=clock)  # fmt: skip
    before = line.status
    line.assessment, line.status, line.matched_by = a, "matched", "hand"
    line.method = line.links[-1].payment.method if line.links else None
    line.settled_at, line.settled_by = clock.now(), actor
    audit.record(session, actor=actor, action="bank.match", entity="bank_line", entity_id=str(line.id),
                 before={"status": before}, after={"status": "matched", "skrd": a.number}, clock=clock)  # fmt: skip
    return line


def set_aside(session: Session, line_id: int, note: str, *, actor: str, clock: Clock) -> BankLine:
    """Mark statement line `line_id` as not retribution, with the treasurer's note saying what it is."""
    authorize(session, actor, "payment.record")
    line = open_line(session, line_id)
    note = " ".join(note.split())
    if not note:
        raise VideotronError("bank.note_required", "say what the money is (a note)", field="note")
    before = line.status
    line.status, line.note, line.settled_at, line.settled_by = "set_aside", note[:1000], clock.now(), actor
    audit.record(session, actor=actor, action="bank.set_aside", entity="bank_line", entity_id=str(line.id),
                 before={"status": before}, after={"status": "set_aside", "note": line.note}, clock=clock)  # fmt: skip
    return line


def _method(line: BankLine, va: str | None, config: Config) -> str:
    if va and (line.virtual_account == va or va in virtual_accounts_in(line.narrative, config.payment.va_prefix)):
        return "va"
    return "qris" if _QRIS.search(line.narrative.upper()) else "transfer"
