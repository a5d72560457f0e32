"""Money in integer rupiah: half-up rounding to a step, exact decimals for factors, amounts as people type them.
(How amounts and dates read: `videotron.core.formats`.)

Decimal is used only inside a calculation and every result is an int; a float is refused wherever it could
sneak in, because 0.1 + 0.2 rupiah is not something a treasurer can defend.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from videotron.core.errors import ValidationError

_AMOUNT = re.compile(r"(?:Rp\.?\s?)?(\d{1,3}(?:\.\d{3})+|\d+)")


def round_half_up(value: Decimal | Fraction | int, step: int) -> int:
    """Round to a multiple of `step` rupiah, halves up (away from zero): round_half_up(Decimal("1250"), 100) == 1300.
    A Fraction (a pro-rata month: 5.000.000 x 17/31) is rounded exactly, never through a decimal expansion."""
    if isinstance(value, float | bool):
        raise TypeError(f"money must be int, Decimal or Fraction, got {value!r}")
    if step <= 0:
        raise ValueError("rounding step must be positive")
    if isinstance(value, Fraction):
        steps = math.floor(abs(value) / step + Fraction(1, 2))
        return (-steps if value < 0 else steps) * step
    units = (Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * step


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.5000 -> "1.5", 100 -> "100"."""
    text = format(value.normalize(), "f")
    return text


def parse_rupiah(text: str, field: str = "amount") -> int:
    """Whole rupiah as people write them: 1500000, 1.500.000 or Rp1.500.000; cents and decimals are refused."""
    m = _AMOUNT.fullmatch(text.strip())
    if not m:
        raise ValidationError("money.not_rupiah", "{text!r} is not a whole rupiah amount (e.g. 1500000 or 1.500.000)",
                              field=field, text=text)  # fmt: skip
    amount = int(m.group(1).replace(".", ""))
    if amount <= 0:
        raise ValidationError("money.not_positive", "must be above 0", field=field)
    return amount
