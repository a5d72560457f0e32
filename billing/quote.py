"""What a booking costs: retribution = price x blocks(media length) x quantity x band factor, one line per screen.

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

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from billing.models import TariffRate, TariffVersion
from billing.money import plain, round_half_up
from billing.tariff_file import band_segments, segments
from billing.tariffs import version_at
from playlists.models import Booking, Screen
from videotron.core.errors import NotFound, VideotronError
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


@dataclass(frozen=True)
class ScreenRef:
    id: str
    name: str
    location: str
    zone: str


@dataclass(frozen=True)
class Order:
    """What is priced: the facts of a booking, detached from the database."""

    booking_id: str
    category: str
    plays_per_day: int
    start_date: date
    end_date: date
    band: str | None
    duration_ms: int
    screens: tuple[ScreenRef, ...]

    @property
    def days(self) -> int:
        return booking_days(self.start_date, self.end_date)


@dataclass(frozen=True)
class QuoteLine:
    screen: ScreenRef
    rate_zone: str
    account: str
    unit: str
    unit_price: int
    blocks: int
    quantity: int
    factor: Decimal
    band_name: str | None
    amount: int
    description: str

    def as_json(self) -> dict[str, object]:
        return {
            "screen": self.screen.id,
            "description": self.description,
            "account": self.account,
            "blocks": self.blocks,
            "quantity": self.quantity,
            "unit": self.unit,
            "unit_price": self.unit_price,
            "factor": plain(self.factor),
            "amount": self.amount,
        }


@dataclass(frozen=True)
class Quote:
    order: Order
    tariff_version_id: int
    tariff_name: str
    tariff_effective_from: date
    exempt: bool
    lines: tuple[QuoteLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def as_json(self) -> dict[str, object]:
        """The `videotron quote --json` shape; factors are strings ("1.5") so no float ever appears."""
        return {
            "booking": self.order.booking_id,
            "tariff": self.tariff_name,
            "tariff_version": self.tariff_version_id,
            "tariff_effective_from": self.tariff_effective_from.isoformat(),
            "category": self.order.category,
            "exempt": self.exempt,
            "lines": [line.as_json() for line in self.lines],
            "total": self.total,
        }


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


def compute_quote(version: TariffVersion, order: Order, language: str = "id") -> Quote:
    """Price an order with one tariff version. Pure: no database, so property tests can call it directly."""
    exempt = order.category in version.exempt
    if not order.screens:
        raise VideotronError("quote.no_screens", "booking {booking} has no screens to price", booking=order.booking_id)
    # What a refusal names: the booking, its category, and the tariff version it was priced with.
    facts: dict[str, Any] = {"booking": order.booking_id, "category": order.category, "version": version.id,
                             "tariff": version.name, "effective_from": version.effective_from}  # fmt: skip
    blocks = billable_blocks(order.duration_ms, version.block_seconds)
    factor, band_name = band_factor(version, order.band)
    lines: list[QuoteLine] = []
    for screen in order.screens:
        rate = find_rate(version, order.category, screen.zone)
        if exempt:
            unit = rate.unit if rate else "play"
            quantity = quantity_for(unit, order.plays_per_day, order.days)
            lines.append(
                QuoteLine(
                    screen,
                    rate.zone if rate else "*",
                    rate.account if rate else "",
                    unit,
                    0,
                    blocks,
                    quantity,
                    ONE,
                    None,
                    0,
                    f"{screen.name}: {exempt_text(language, order.category)}",
                )
            )
            continue
        if rate is None:
            raise VideotronError("quote.no_rate", "booking {booking}: no rate for category {category!r} in zone "
                                 "{zone!r} (screen {screen}) nor in zone '*' in tariff version {version} {tariff!r} "
                                 "(effective {effective_from})", zone=screen.zone, screen=screen.id,
                                 **facts)  # fmt: skip
        if version.min_plays_per_day and order.plays_per_day < version.min_plays_per_day:
            raise VideotronError("quote.below_minimum_plays", "booking {booking}: {plays} plays a day is below the "
                                 "minimum of {minimum} for category {category!r} in zone {zone!r} in tariff version "
                                 "{version} {tariff!r} (effective {effective_from})", plays=order.plays_per_day,
                                 minimum=version.min_plays_per_day, zone=screen.zone, **facts)  # fmt: skip
        quantity = quantity_for(rate.unit, order.plays_per_day, order.days)
        amount = line_amount(rate.price, blocks, quantity, factor, version.rounding)
        calc = calculation_text(
            language, rate.price, blocks, rate.unit, quantity, order.plays_per_day, order.days, factor, band_name
        )
        lines.append(
            QuoteLine(
                screen,
                rate.zone,
                rate.account,
                rate.unit,
                rate.price,
                blocks,
                quantity,
                factor,
                band_name,
                amount,
                f"{screen.name}: {calc}",
            )
        )
    return Quote(order, version.id, version.name, version.effective_from, exempt, tuple(lines))


def load_order(session: Session, booking_id: str) -> Order:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("quote.booking_not_found", "booking {booking!r} not found", booking=booking_id)
    if booking.status != "active":
        raise VideotronError("quote.booking_not_active", "booking {booking} is {status}; only active bookings are "
                             "priced", booking=booking_id, status=booking.status)  # fmt: skip
    screens = []
    for screen_id in sorted(booking.screen_ids):
        s = session.get(Screen, screen_id)
        if s is None:  # pragma: no cover - prevented by the foreign key
            raise NotFound("quote.screen_not_found", "screen {screen!r} of booking {booking} not found",
                           screen=screen_id, booking=booking_id)  # fmt: skip
        screens.append(ScreenRef(s.id, s.name, s.location, s.zone))
    return Order(
        booking.id,
        booking.category,
        booking.plays_per_day,
        booking.start_date,
        booking.end_date,
        booking.band,
        booking.media.duration_ms,
        tuple(screens),
    )


def quote_booking(session: Session, booking_id: str, day: date, language: str = "id") -> Quote:
    """The quote for a booking with the tariff version in force on `day` (normally today, in the office's zone)."""
    return compute_quote(version_at(session, day), load_order(session, booking_id), language)
