"""The pricing rules: retribution = price x blocks(media length) x quantity x band factor, one line per screen.

Rules, each a decision a treasurer must be able to explain:
- **Blocks.** A media item is billed in whole blocks of `block_seconds`. Containers pad a producer's "15 s" spot
  to 15.02-15.08 s (audio priming, a last frame), so the probed length first drops up to `BLOCK_TOLERANCE_MS`
  (100 ms = 2.5 frames at 25 fps, 3 frames at 30 fps) of overhang, then is rounded up to whole blocks:
  15 000-15 100 ms is 1 block of 15 s, 15 101 ms is 2. Anything shorter than a block is still 1 block.
- **Quantity.** Unit "play": plays_per_day x days; "day": days; "month": started 30-day periods
  (ceil(days / 30)). Days count both the first and the last day of the booking.
- **Rate.** The rate row for the booking's category and the screen's zone; when none, the category's "*" row.
  No row at all refuses the quote, naming category, zone and tariff version.
- **Band factor.** When the booking's time band ("HH:MM-HH:MM") lies wholly inside a tariff band, that band's
  factor applies; otherwise (or with no band) the factor is 1. Tariff bands never overlap (checked on import).
- **Rounding.** Each line is rounded half-up to a multiple of `rounding`; the total is the sum of the lines.
- **Exemption.** Categories listed in `exempt_categories` are assessed at Rp0 with one line per screen, so the
  documents are still issued; the minimum plays a day applies to the others only.
Money is int; Decimal only inside `line_amount`; a float is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from billing.models import TariffRate, TariffVersion
from billing.money import round_half_up
from billing.tariff_file import band_segments, segments
from videotron.core.formats import number, rupiah
from videotron.core.timeofday import parse_span

BLOCK_TOLERANCE_MS = 100
PERIOD_DAYS = 30
ONE = Decimal(1)

_UNIT_WORDS = {
    "id": {"play": "tayang", "day": "hari", "month": "periode 30 hari", "block": "blok", "factor": "faktor"},
    "en": {"play": "plays", "day": "days", "month": "30-day periods", "block": "block(s)", "factor": "factor"},
}


def billable_blocks(duration_ms: int, block_seconds: int) -> int:
    """Whole blocks for a probed length: `max(1, ceil((ms - 100) / block_ms))` in integer arithmetic."""
    if isinstance(duration_ms, bool) or not isinstance(duration_ms, int) or duration_ms <= 0:
        raise ValueError(f"media length must be a positive number of milliseconds, got {duration_ms!r}")
    block_ms = block_seconds * 1000
    billable = duration_ms - BLOCK_TOLERANCE_MS
    return max(1, -(-billable // block_ms))


def booking_days(start: date, end: date) -> int:
    return (end - start).days + 1


def quantity_for(unit: str, plays_per_day: int, days: int) -> int:
    if unit == "play":
        return plays_per_day * days
    if unit == "day":
        return days
    if unit == "month":
        return -(-days // PERIOD_DAYS)
    raise ValueError(f"unknown unit {unit!r}")


def line_amount(price: int, blocks: int, quantity: int, factor: Decimal, rounding: int) -> int:
    for value in (price, blocks, quantity, rounding):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected int, got {value!r}")
    if not isinstance(factor, Decimal):
        raise TypeError(f"band factor must be Decimal, got {factor!r}")
    return round_half_up(Decimal(price) * blocks * quantity * factor, rounding)


def find_rate(version: TariffVersion, category: str, zone: str) -> TariffRate | None:
    """The most specific rate row: exact zone beats "*"."""
    exact = [r for r in version.rates if r.category == category and r.zone == zone]
    wildcard = [r for r in version.rates if r.category == category and r.zone == "*"]
    rows = exact or wildcard
    return rows[0] if rows else None


def band_factor(version: TariffVersion, band: str | None) -> tuple[Decimal, str | None]:
    """The factor of the tariff band the booking's band lies wholly inside, else (1, None)."""
    if not band:
        return ONE, None
    wanted = segments(*parse_span(band, "band"))
    for b in version.bands:
        have = band_segments(b.start, b.end)
        if all(any(c <= a and bb <= d for c, d in have) for a, bb in wanted):
            return b.factor, b.name
    return ONE, None


def calculation_text(language: str, price: int, blocks: int, unit: str, quantity: int, plays_per_day: int,
                     days: int, factor: Decimal, band_name: str | None) -> str:  # fmt: skip
    """The calculation printed on a line, e.g.
    "Rp2.500 x 1 blok x 310 tayang (10 tayang/hari x 31 hari) x faktor prime 1,5"."""
    w = _UNIT_WORDS.get(language, _UNIT_WORDS["id"])
    text = f"{rupiah(price, language)} x {blocks} {w['block']} x {number(quantity, language)} {w[unit]}"
    if unit == "play":
        per_day = "tayang/hari" if language != "en" else "plays/day"
        text += f" ({plays_per_day} {per_day} x {days} {w['day']})"
    if factor != ONE:
        text += f" x {w['factor']} {band_name} {number(factor, language)}"
    return text


def exempt_text(language: str, category: str) -> str:
    return f"dibebaskan, kategori {category} (Rp0)" if language != "en" else f"exempt, category {category} (Rp0)"
