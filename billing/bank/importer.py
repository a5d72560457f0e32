"""Importing a bank statement: each new line stored with its identity, each credit matched and booked.

`import_statement` runs in the caller's one transaction (the CLI's, the desk's): every line of the statement is
stored and every match booked, or nothing is. A line already imported (same account, booking date, amount, bank
reference and place among identical lines) is skipped, so importing the same statement — or one that overlaps
it — twice changes nothing; when no line is new nothing at all is written.

For each new line, in date order:
- a debit is listed (`debit`), never paid in;
- a credit with sen (bank interest) is no retribution payment (`unmatched`); a credit dated after the office's
  today is `refused`;
- a credit whose bank reference is already on payments typed at the desk, adding up to it, is linked to them
  (`matched`, rule `recorded`): one transfer, one payment;
- else `billing.bank.matching.find` looks for the SKRD (virtual account, reference, exact amount and payer) and
  `billing.bank.booking.book_line` books it, or the line stays `unmatched`, `ambiguous` or `refused` with why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.bank.booking import book_line, keep_reason, refuse
from billing.bank.matching import Index, find
from billing.bank.models import BankLine, BankLinePayment, BankStatement
from billing.bank.statement import Statement, StatementLine, digits
from billing.bank_payments import normal_reference, recorded_with
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import VideotronError, problem
from videotron.core.permissions import authorize


@dataclass
class Imported:
    """What an import did: the statement stored (None when no line was new) and how many lines were known."""

    statement: BankStatement | None
    lines: list[BankLine] = field(default_factory=list)
    known: int = 0

    def count(self, status: str) -> int:
        return sum(1 for ln in self.lines if ln.status == status)


def import_statement(session: Session, st: Statement, *, account: str | None, config: Config, actor: str,
                     clock: Clock) -> Imported:  # fmt: skip
    authorize(session, actor, "payment.record")
    acct = statement_account(st, account, config)
    result = Imported(None)
    seen: Counter[tuple[object, ...]] = Counter()
    fresh: list[tuple[StatementLine, int]] = []
    for sl in sorted(st.lines, key=lambda ln: (ln.booked_on, ln.position)):
        key = (sl.booked_on, sl.amount_sen, normal_reference(sl.bank_reference))
        seen[key] += 1
        if _known(session, acct, key, seen[key]):
            result.known += 1
        else:
            fresh.append((sl, seen[key]))
    if not fresh:
        return result
    stored = BankStatement(account=acct, format=st.format, source_name=st.source[-500:], source_sha256=st.sha256,
                           reference=st.reference[:64], first_day=min(ln.booked_on for ln in st.lines),
                           last_day=max(ln.booked_on for ln in st.lines), opening_sen=st.opening_sen,
                           closing_sen=st.closing_sen, new_lines=len(fresh), known_lines=result.known,
                           imported_at=clock.now(), imported_by=actor)  # fmt: skip
    session.add(stored)
    result.statement = stored
    index = Index(session, config.payment.va_prefix)
    for sl, occurrence in fresh:
        line = _stored_line(stored, acct, sl, occurrence)
        session.add(line)
        session.flush()
        if line.is_credit:
            _settle(session, line, index, config=config, actor=actor, clock=clock)
        result.lines.append(line)
    session.flush()
    after = {"account": acct, "file": st.source, "sha256": st.sha256, "new": len(fresh), "known": result.known,
             "matched": result.count("matched")}  # fmt: skip
    audit.record(session, actor=actor, action="bank.import", entity="bank_statement", entity_id=str(stored.id),
                 before=None, after=after, clock=clock)  # fmt: skip
    return result


def statement_account(st: Statement, account: str | None, config: Config) -> str:
    """The account the statement is for (digits only): the one the file names, else the one asked for, else the
    office's first; it must be one of the office's accounts (`[bank] accounts`, default the SKRD's account)."""
    mine = [digits(a) for a in (config.bank.accounts or (config.payment.account_number,))]
    named, asked = digits(st.account or ""), digits(account or "")
    if named and asked and named != asked:
        raise VideotronError("bank.account_differs", "the statement is for account {named}, not {asked}",
                             field="account", named=st.account, asked=account)  # fmt: skip
    chosen = named or asked or mine[0]
    if chosen not in mine:
        raise VideotronError("bank.account_unknown", "account {account} is not one of the office's accounts "
                             "({accounts:list}); add it to [bank] accounts", field="account",
                             account=st.account or account, accounts=mine)  # fmt: skip
    return chosen


def _known(session: Session, acct: str, key: tuple[object, ...], occurrence: int) -> bool:
    booked_on, amount, ref = key
    stmt = select(BankLine.id).where(BankLine.account == acct, BankLine.booked_on == booked_on,
                                     BankLine.amount_sen == amount, BankLine.bank_reference == ref,
                                     BankLine.occurrence == occurrence)  # fmt: skip
    return session.scalar(stmt) is not None


def _stored_line(stored: BankStatement, acct: str, sl: StatementLine, occurrence: int) -> BankLine:
    return BankLine(statement=stored, account=acct, booked_on=sl.booked_on, value_date=sl.value_date,
                    amount_sen=sl.amount_sen, bank_reference=normal_reference(sl.bank_reference)[:100],
                    occurrence=occurrence, position=sl.position, narrative=sl.narrative, payer=sl.payer[:300],
                    virtual_account=sl.virtual_account[:32], status="debit" if sl.amount_sen < 0 else "unmatched",
                    candidates="", note="")  # fmt: skip


def _settle(session: Session, line: BankLine, index: Index, *, config: Config, actor: str, clock: Clock) -> None:
    """What becomes of a new credit (see the module docstring)."""
    amount = line.rupiah
    if amount is None:
        keep_reason(line, problem("bank.has_sen", "the amount has {cents} sen: not a retribution payment (bank "
                                  "interest?)", cents=line.amount_sen % 100))  # fmt: skip
        return
    today = config.today(clock)
    if line.booked_on > today:
        refuse(line, problem("bank.future", "dated {day:date}, after the office's today ({today:date}): not booked",
                             day=line.booked_on, today=today))  # fmt: skip
        return
    if _link_recorded(session, line, amount, clock=clock, actor=actor):
        return
    found = find(index, amount, line.narrative, line.virtual_account, line.payer)
    line.candidates = ",".join(found.candidates)
    if found.status != "matched":
        line.status = found.status
        if found.reason is not None:
            keep_reason(line, found.reason)
        return
    parts = [(a, amount if part < 0 else part) for a, part in found.parts]
    book_line(session, line, parts, rule=found.rule or "reference", method=found.method or "transfer", config=config,
              actor=actor, clock=clock)  # fmt: skip


def _link_recorded(session: Session, line: BankLine, amount: int, *, clock: Clock, actor: str) -> bool:
    """Link the line to payments typed at the desk with its bank reference, when they add up to it."""
    if not line.bank_reference:
        return False
    recorded = recorded_with(session, line.bank_reference)
    stmt = select(BankLinePayment.payment_id).where(BankLinePayment.payment_id.in_([p.id for p in recorded]))
    linked = set(session.scalars(stmt))  # already a statement line's
    typed = [p for p in recorded if p.id not in linked]
    if not typed or sum(p.amount for p in typed) != amount:
        return False
    for p in typed:
        session.add(BankLinePayment(payment=p, line=line))
    line.assessment, line.method = typed[0].assessment, typed[0].method
    line.status, line.matched_by = "matched", "recorded"
    line.settled_at, line.settled_by = clock.now(), actor
    return True
