"""The pricing rules: one line per screen, amount = price x blocks x packages x quantity x band factor, rounded,
never below the row's minimum charge.

Rules, each a decision a treasurer must be able to explain (the counting rules themselves are in `billing.units`):
- **Rate.** The rate row for the booking's category and the screen's zone; when none, the category's "*" row.
  No row at all refuses the quote, naming category, zone and tariff version.
- **Unit** (what `quantity` counts): `play` — plays a day x days; `day` — days; `month` — calendar months, a part
  month by the tariff's `part_month` rule; `contract` — 1: a flat price for the booking's whole period, never
  multiplied by blocks, plays, packages or a band factor; `period30` — started 30-day periods (rows imported before
  calendar months, keeping the meaning they were imported with). Days count the first and the last day.
- **Blocks** (the row's `block_seconds`, the file's unless the row names its own): `spot` — the spot's length in
  blocks (the default for play and day); `airtime` — a day's airtime (plays a day x length) in blocks; `none` — the
  price is not multiplied by length (the default for month; a monthly fee is per month, not per block).
  `chars` — a running text's characters (every character of the text, spaces included; one block a character).
- **Packages.** A row with `plays = N` prices a package of N plays a day; a part package rounds up.
- **Band factor.** `billing.bands`: inside a tariff band its factor, outside 1, across an edge refused.
- **Rounding.** Each line is computed exactly (int and Fraction) and rounded once, half up, to a multiple of the
  tariff's `rounding`; then the row's `minimum_charge` is its floor. The total is the sum of the lines.
- **Exemption.** Categories in `exempt_categories` are assessed at Rp0 with one line per screen, so the documents
  are still issued; the minimum plays a day, the band check and the minimum charge apply to the others only.
Money is int; Decimal and Fraction only inside a calculation; a float is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from billing.calculation import ONE, Calculation
from billing.models import TariffRate, TariffVersion
from billing.money import round_half_up
from billing.units import (
    airtime_blocks,
    billable_blocks,
    booking_days,
    month_parts,
    months,
    packages,
    started_periods,
)

__all__ = ["ONE", "billable_blocks", "booking_days", "find_rate", "line_amount", "price_line"]


def find_rate(version: TariffVersion, category: str, zone: str) -> TariffRate | None:
    """The most specific rate row: exact zone beats "*"."""
    exact = [r for r in version.rates if r.category == category and r.zone == zone]
    wildcard = [r for r in version.rates if r.category == category and r.zone == "*"]
    rows = exact or wildcard
    return rows[0] if rows else None


def exact_amount(price: int, blocks: int, quantity: int | Fraction, factor: Decimal) -> Fraction:
    """price x blocks x quantity x factor, exactly; anything but int (Fraction for a quantity, Decimal for a factor)
    is refused, so a float never gets in."""
    for value in (price, blocks):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected int, got {value!r}")
    if isinstance(quantity, bool) or not isinstance(quantity, int | Fraction):
        raise TypeError(f"quantity must be int or Fraction, got {quantity!r}")
    if not isinstance(factor, Decimal):
        raise TypeError(f"band factor must be Decimal, got {factor!r}")
    return Fraction(price) * blocks * quantity * Fraction(factor)


def line_amount(price: int, blocks: int, quantity: int | Fraction, factor: Decimal, rounding: int) -> int:
    if isinstance(rounding, bool) or not isinstance(rounding, int):
        raise TypeError(f"expected int, got {rounding!r}")
    return round_half_up(exact_amount(price, blocks, quantity, factor), rounding)


def _quantity(rate: TariffRate, plays_per_day: int, start: date, end: date, part_month: str | None) -> Fraction:
    days = booking_days(start, end)
    if rate.unit == "play":
        return Fraction(plays_per_day * days)
    if rate.unit == "day":
        return Fraction(days)
    if rate.unit == "month":
        if part_month is None:
            raise ValueError(f"tariff rate {rate.category}/{rate.zone} is per month but its version has no part_month")
        return months(month_parts(start, end), part_month)
    if rate.unit == "period30":
        return Fraction(started_periods(days))
    if rate.unit == "contract":
        return Fraction(1)
    raise ValueError(f"unknown unit {rate.unit!r}")


def _blocks(rate: TariffRate, duration_ms: int, plays_per_day: int, characters: int) -> int:
    if rate.block_basis == "chars":
        return characters
    if rate.block_basis == "spot":
        return billable_blocks(duration_ms, rate.block_seconds)
    if rate.block_basis == "airtime":
        return airtime_blocks(duration_ms, plays_per_day, rate.block_seconds)
    return 1


def price_line(rate: TariffRate, *, rounding: int, part_month: str | None, plays_per_day: int, start: date, end: date,
               duration_ms: int, factor: Decimal, band: str | None, characters: int = 0) -> Calculation:  # fmt: skip
    """One line's calculation with `rate` for a booking's terms (the band factor already found)."""
    if rate.unit == "contract":
        factor, band = ONE, None  # flat: nothing multiplies a contract
    blocks = 1 if rate.unit == "contract" else _blocks(rate, duration_ms, plays_per_day, characters)
    count = packages(plays_per_day, rate.package_plays) if rate.package_plays else 1
    quantity = _quantity(rate, plays_per_day, start, end, part_month)
    exact = exact_amount(rate.price, blocks * count, quantity, factor)
    rounded = round_half_up(exact, rounding)
    return Calculation(unit=rate.unit, price=rate.price, basis="none" if rate.unit == "contract" else rate.block_basis,
                       block_seconds=rate.block_seconds, blocks=blocks, spot_ms=duration_ms,
                       plays_per_day=plays_per_day, days=booking_days(start, end), start=start, end=end,
                       quantity=quantity, packages=count, package_plays=rate.package_plays,
                       months=month_parts(start, end) if rate.unit == "month" else (),
                       part_month=part_month if rate.unit == "month" else None, factor=factor, band=band,
                       minimum_charge=rate.minimum_charge, exact=exact, rounded=rounded,
                       amount=max(rounded, rate.minimum_charge))  # fmt: skip
