"""What a rate row's price multiplies by: blocks of a spot or of a day's airtime, packages of plays, calendar months.

Each rule is a decision a treasurer must be able to explain, so each is small, exact (int or Fraction, never float)
and worded in `billing.calculation`:
- **A spot's length.** Containers pad a producer's "15 s" spot to 15.02-15.08 s (audio priming, a last frame), so
  up to `BLOCK_TOLERANCE_MS` (100 ms = 2.5 frames at 25 fps) past a whole second is dropped: 15 040 ms and 15 100 ms
  are billed as 15 s, 15 101 ms as 15,101 s.
- **Blocks of a spot.** That length rounded up to whole blocks: 15 s is 1 block of 15 s, 15,101 s is 2. Anything
  shorter than a block is still 1 block.
- **Blocks of airtime a day** ("per minute of airing a day"): plays a day x the spot's length, rounded up to whole
  blocks: a 30 s spot 3x a day is 90 s, 2 started minutes; 2x a day is 60 s, 1 minute.
- **Packages** ("N plays a day for one price"): the plays a day divided by the package's plays, a part package
  rounded up: 20 plays with packages of 10 is 2 packages, 11 plays is 2 packages too.
- **Calendar months.** The booking's days are split by calendar month; a month wholly booked counts 1, so 1-31
  December is 1 month and a calendar year 12. A part month counts by the tariff's `part_month` rule: `whole` (any
  started calendar month counts 1) or `days` (pro rata: the days booked over the days of that month, kept exact;
  only the line is rounded).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

BLOCK_TOLERANCE_MS = 100
PERIOD_DAYS = 30  # the unit `period30`: started 30-day periods (what `month` meant before migration 0009)


def _positive_ms(duration_ms: int) -> int:
    if isinstance(duration_ms, bool) or not isinstance(duration_ms, int) or duration_ms <= 0:
        raise ValueError(f"media length must be a positive number of milliseconds, got {duration_ms!r}")
    return duration_ms


def billed_ms(duration_ms: int) -> int:
    """A probed length as billed: up to 100 ms past a whole second dropped (15 040 -> 15 000, 15 101 stays)."""
    over = _positive_ms(duration_ms) % 1000
    return duration_ms - over if over <= BLOCK_TOLERANCE_MS else duration_ms


def _blocks(ms: int, block_seconds: int) -> int:
    return max(1, -(-ms // (block_seconds * 1000)))


def billable_blocks(duration_ms: int, block_seconds: int) -> int:
    """Whole blocks of a spot: its billed length rounded up (`max(1, ceil(billed_ms / block_ms))`). For whole-second
    blocks this is `ceil((ms - 100) / block_ms)`: the rule the first tariffs were priced by."""
    return _blocks(billed_ms(duration_ms), block_seconds)


def airtime_blocks(duration_ms: int, plays_per_day: int, block_seconds: int) -> int:
    """Whole blocks of a day's airtime: `max(1, ceil(plays x billed_ms / block_ms))`."""
    return _blocks(plays_per_day * billed_ms(duration_ms), block_seconds)


def packages(plays_per_day: int, package_plays: int) -> int:
    """Packages of `package_plays` plays a day that carry `plays_per_day`, a part package rounded up."""
    return -(-plays_per_day // package_plays)


def booking_days(start: date, end: date) -> int:
    """Days of a booking, the first and the last both counted."""
    return (end - start).days + 1


def started_periods(days: int) -> int:
    return -(-days // PERIOD_DAYS)


@dataclass(frozen=True)
class MonthPart:
    """The days of one calendar month a booking covers."""

    year: int
    month: int
    days: int
    days_in_month: int

    @property
    def whole(self) -> bool:
        return self.days == self.days_in_month

    def counted(self, rule: str) -> Fraction:
        """1 for a whole month; a part month by `rule` ("whole": 1, "days": days / days of the month)."""
        if self.whole or rule == "whole":
            return Fraction(1)
        if rule == "days":
            return Fraction(self.days, self.days_in_month)
        raise ValueError(f"unknown part_month rule {rule!r}")


def month_parts(start: date, end: date) -> tuple[MonthPart, ...]:
    """The calendar months from `start` to `end` (inclusive), each with the days booked in it."""
    parts = []
    day = start
    while day <= end:
        length = calendar.monthrange(day.year, day.month)[1]
        last = min(end, date(day.year, day.month, length))
        parts.append(MonthPart(day.year, day.month, (last - day).days + 1, length))
        day = last + timedelta(days=1)
    return tuple(parts)


def months(parts: tuple[MonthPart, ...], rule: str) -> Fraction:
    """How many months the parts count under `rule`."""
    return sum((p.counted(rule) for p in parts), Fraction(0))
