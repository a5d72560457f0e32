"""Working days for the deposit deadline: cash received is deposited (STS) within 1x24 hours, that is by the next
working day; Saturday, Sunday and the office's configured holidays (`deposit.holidays`, cuti bersama too) are not
working days."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date]) -> date:
    """The first working day after `day`."""
    following = day + timedelta(days=1)
    while not is_working_day(following, holidays):
        following += timedelta(days=1)
    return following


def deposit_deadline(received_on: date, holidays: Collection[date]) -> date:
    """The last day money received on `received_on` may be deposited without being late: the next working day."""
    return next_working_day(received_on, holidays)
