"""Money and dates the Indonesian way: integer rupiah, half-up rounding to a step, `Rp1.500.000`, `19 Juli 2022`.

Decimal is used only inside a calculation and every result is an int; a float is refused wherever it could
sneak in, because 0.1 + 0.2 rupiah is not something a treasurer can defend.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

# The office's time zone decides which day an assessment or payment belongs to. Every Dinas Kominfo this
# program was written for is in WIB; it is a constant here, not a guess from the computer's settings.
OFFICE_TZ = ZoneInfo("Asia/Jakarta")


def _locale(language: str) -> str:
    return "en_ID" if language == "en" else "id_ID"


def round_half_up(value: Decimal | int, step: int) -> int:
    """Round to a multiple of `step` rupiah, halves up: round_half_up(Decimal("1250"), 100) == 1300."""
    if isinstance(value, float | bool):
        raise TypeError(f"money must be int or Decimal, got {value!r}")
    if step <= 0:
        raise ValueError("rounding step must be positive")
    units = (Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * step


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.5000 -> "1.5", 100 -> "100"."""
    text = format(value.normalize(), "f")
    return text


def rupiah(amount: int, language: str = "id") -> str:
    """`Rp1.500.000` (no cents: retribution is assessed in whole rupiah)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"rupiah amounts are int, got {amount!r}")
    return str(format_currency(amount, "IDR", locale=_locale(language), format="¤#,##0", currency_digits=False))


def number(value: int | Decimal, language: str = "id") -> str:
    """A number with Indonesian grouping and decimal comma: 1.500, 1,5."""
    return str(format_decimal(value, locale=_locale(language)))


def long_date(day: date, language: str = "id") -> str:
    """`19 Juli 2022` (or `19 July 2022` in English)."""
    return str(format_date(day, "long", locale=_locale(language)))
