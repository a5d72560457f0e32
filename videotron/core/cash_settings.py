"""The treasurer's cash settings in the office configuration: late interest, reminder letters, the deposit deadline.

```toml
[interest]                 # sanksi administratif (bunga), charged by STRD at the tariff's late_interest_percent
account = "4.1.04.18.01"   # kode rekening of denda retribusi: interest is booked here, never under the retribution's
max_months = 24            # at most this many months of interest on one SKRD (HKPD-era regulations: often 24)
[reminders]                # Surat Teguran 1, 2, 3
days = [7, 14, 21]         # days after the SKRD's due date each letter becomes due (increasing, one to three)
pay_within_days = 7        # the payer is asked to pay within this many days of the letter
[deposit]                  # cash is deposited (STS) within 1x24 h: by the next working day
holidays = [2026-12-25, 2027-01-01]   # days off besides Saturday and Sunday (cuti bersama too)
```
The interest rate stays the tariff's (`late_interest_percent`, frozen with each SKRD); its cap and account are the
office's. Every value has a default except `interest.account`, which an STRD needs (`office_identity`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from videotron.core.errors import Problem
from videotron.core.tomlsrc import TableReader, TomlDoc

MAX_INTEREST_MONTHS = 24
MAX_STEPS = 3


@dataclass(frozen=True)
class Interest:
    account: str = ""  # kode rekening of denda retribusi; "" = not configured (an STRD refuses)
    max_months: int = MAX_INTEREST_MONTHS


@dataclass(frozen=True)
class Reminders:
    days: tuple[int, ...] = (7, 14, 21)  # after the due date: Surat Teguran 1, 2, 3
    pay_within_days: int = 7


@dataclass(frozen=True)
class DepositRules:
    holidays: frozenset[date] = frozenset()  # non-working days besides Saturday and Sunday


def read_cash_settings(doc: TomlDoc, problems: list[Problem | str]) -> dict[str, Any]:
    """`interest`, `reminders` and `deposit` from the file (defaults for what it does not say), as Config's fields."""
    interest = TableReader(doc, "interest", None, doc.data.get("interest", {}), problems)
    account = interest.str("account", required=False, default="", max_len=64, pattern=r"[0-9A-Za-z.\-]+")
    months = interest.int("max_months", required=False, default=MAX_INTEREST_MONTHS, minimum=1, maximum=120)
    interest.finish()
    reminders = TableReader(doc, "reminders", None, doc.data.get("reminders", {}), problems)
    days = _days(reminders)
    within = reminders.int("pay_within_days", required=False, default=7, minimum=1, maximum=90)
    reminders.finish()
    deposit = TableReader(doc, "deposit", None, doc.data.get("deposit", {}), problems)
    holidays = _holidays(deposit)
    deposit.finish()
    return {
        "interest": Interest(account or "", months or MAX_INTEREST_MONTHS),
        "reminders": Reminders(days, within or 7),
        "deposit": DepositRules(holidays),
    }


def _days(reader: TableReader) -> tuple[int, ...]:
    value = reader.raw("days")
    if value is None:
        return Reminders.days
    whole = isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    if not whole or not 1 <= len(value) <= MAX_STEPS or any(v < 1 for v in value):
        reader.problem("days", "config.reminder_days", "must be one to {most} whole numbers of days after the due "
                       "date, each above 0, got {value!r}", most=MAX_STEPS, value=value)  # fmt: skip
        return Reminders.days
    if any(b <= a for a, b in pairwise(value)):
        reader.problem("days", "config.reminder_order", "each letter comes after the one before: {value!r} must "
                       "increase", value=value)  # fmt: skip
        return Reminders.days
    return tuple(value)


def _holidays(reader: TableReader) -> frozenset[date]:
    value = reader.raw("holidays")
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, date) and not isinstance(v, datetime) for v in value):
        reader.problem("holidays", "config.holidays", "must be a list of dates written as 2026-12-25 (no quotes), "
                       "got {value!r}", value=value)  # fmt: skip
        return frozenset()
    return frozenset(value)
