"""Money in integer rupiah: half-up rounding to a step, exact decimals for factors. (How amounts and dates read:
`videotron.core.formats`.)

Decimal is used only inside a calculation and every result is an int; a float is refused wherever it could
sneak in, because 0.1 + 0.2 rupiah is not something a treasurer can defend.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


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
