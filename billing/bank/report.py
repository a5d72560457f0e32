"""The bank reconciliation report (PDF or XLSX, in the office's language): what the statements brought in and what
became of every line — booked as payments (SKRD, receipt, how it was matched), still to match by hand (the reason,
and the SKRDs that fit), set aside (the treasurer's note), and the debits (listed, never paid in).

`reconciliation` reads the figures; `billing.bank.report_pdf` and `billing.bank.report_xlsx` lay them out. The
totals add up as a treasurer checks them: credits = booked + to match + set aside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from billing.bank.booking import reason_of
from billing.bank.models import OPEN_STATUSES, BankLine
from billing.bank.reconcile import bank_lines
from billing.output import write_file
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import VideotronError


@dataclass(frozen=True)
class Row:
    """One statement line as the report shows it (amounts in sen, signed as the bank printed them)."""

    line: int
    day: date
    reference: str
    amount_sen: int
    narrative: str
    status: str
    skrd: str  # the SKRD(s) paid, or found but refused
    receipts: str
    method: str
    rule: str
    why: str  # the reason, the SKRDs that fit, or the treasurer's note


@dataclass(frozen=True)
class Reconciliation:
    first: date | None
    last: date | None
    accounts: tuple[str, ...]
    booked: tuple[Row, ...]
    to_match: tuple[Row, ...]
    set_aside: tuple[Row, ...]
    debits: tuple[Row, ...]

    @property
    def credits_sen(self) -> int:
        return sum(r.amount_sen for rows in (self.booked, self.to_match, self.set_aside) for r in rows)


def reconciliation(session: Session, *, first: date | None, last: date | None, language: str) -> Reconciliation:
    lines = bank_lines(session, first=first, last=last)
    rows = [_row(ln, language) for ln in lines]
    by = {status: tuple(r for r in rows if r.status == status) for status in ("matched", "set_aside", "debit")}
    open_rows = tuple(r for r in rows if r.status in OPEN_STATUSES)
    accounts = tuple(sorted({ln.account for ln in lines}))
    return Reconciliation(first, last, accounts, by["matched"], open_rows, by["set_aside"], by["debit"])


def _row(ln: BankLine, language: str) -> Row:
    paid = ln.payments
    skrd = ", ".join(p.assessment.number for p in paid) or (ln.assessment.number if ln.assessment else "")
    receipts = ", ".join(p.receipt.number for p in paid if p.receipt is not None)
    why = ln.note or reason_of(ln, language)  # the treasurer's note, once set aside
    if ln.candidates and ln.status in OPEN_STATUSES and ln.candidates.split(",")[0] not in why:
        why = f"{why} [{ln.candidates.replace(',', ', ')}]"
    return Row(ln.id, ln.booked_on, ln.bank_reference, ln.amount_sen, ln.description,
               ln.status, skrd, receipts, ln.method or "", ln.matched_by or "", why)  # fmt: skip


def write_reconciliation(session: Session, out: str | Path, *, first: date | None, last: date | None, config: Config,
                         clock: Clock) -> Reconciliation:  # fmt: skip
    """Write the report to `out` (.pdf or .xlsx), whole or not at all, signed on the office's today."""
    from billing.bank.report_pdf import render_reconciliation_pdf
    from billing.bank.report_xlsx import write_reconciliation_xlsx

    suffix = Path(out).suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise VideotronError("bank.report_format", "the report is written as .pdf or .xlsx, not {path}", field="out",
                             path=str(out))  # fmt: skip
    data = reconciliation(session, first=first, last=last, language=config.language)
    today = config.today(clock)
    if suffix == ".pdf":
        write_file(out, lambda path: render_reconciliation_pdf(data, path, config=config, signed_on=today))
    else:
        write_file(out, lambda path: write_reconciliation_xlsx(data, path, config=config, signed_on=today))
    return data
