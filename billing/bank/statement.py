"""A bank statement as read from its file, whatever the format: the account, the balances when the file has them,
and its lines (booking date, value date, signed amount in sen, the bank's reference, the narrative, and the payer and
virtual account when the bank gives them). Read by `billing.bank.reading`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StatementLine:
    position: int  # the line of the file it was read from
    booked_on: date
    value_date: date | None
    amount_sen: int  # credit > 0, debit < 0
    bank_reference: str
    narrative: str
    payer: str = ""
    virtual_account: str = ""


@dataclass(frozen=True)
class Statement:
    source: str
    sha256: str
    format: str
    account: str | None  # as the file names it (MT940 :25:); None when the file does not say (CSV)
    reference: str
    opening_sen: int | None
    closing_sen: int | None
    lines: tuple[StatementLine, ...]


def digits(text: str) -> str:
    """An account or virtual account number as digits only (banks print them with dots, dashes and spaces)."""
    return "".join(ch for ch in text if ch.isdigit())
