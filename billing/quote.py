"""What a booking costs: its `Order` priced with one tariff version, a `Quote` of one line per screen (the rules,
each a decision a treasurer must be able to explain, are in `billing.pricing`). Issuing an SKRD freezes a quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from billing.models import TariffVersion
from billing.money import plain
from billing.pricing import (
    ONE,
    band_factor,
    billable_blocks,
    booking_days,
    calculation_text,
    exempt_text,
    find_rate,
    line_amount,
    quantity_for,
)
from billing.tariffs import version_at
from playlists.models import Booking, Screen
from videotron.core.errors import NotFound, VideotronError


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
            description = f"{screen.name}: {exempt_text(language, order.category)}"
            lines.append(QuoteLine(screen, rate.zone if rate else "*", rate.account if rate else "", unit, 0, blocks,
                                   quantity, ONE, None, 0, description))  # fmt: skip
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
        lines.append(QuoteLine(screen, rate.zone, rate.account, rate.unit, rate.price, blocks, quantity, factor,
                               band_name, amount, f"{screen.name}: {calc}"))  # fmt: skip
    return Quote(order, version.id, version.name, version.effective_from, exempt, tuple(lines))


def load_order(session: Session, booking_id: str) -> Order:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("quote.booking_not_found", "booking {booking!r} not found", booking=booking_id)
    if booking.status == "cancelled":
        raise VideotronError("quote.booking_not_active", "booking {booking} is {status}; only active bookings are "
                             "priced", booking=booking_id, status=booking.status)  # fmt: skip
    screens = []
    for screen_id in sorted(booking.screen_ids):
        s = session.get(Screen, screen_id)
        if s is None:  # pragma: no cover - prevented by the foreign key
            raise NotFound("quote.screen_not_found", "screen {screen!r} of booking {booking} not found",
                           screen=screen_id, booking=booking_id)  # fmt: skip
        screens.append(ScreenRef(s.id, s.name, s.location, s.zone))
    return Order(booking.id, booking.category, booking.plays_per_day, booking.start_date, booking.end_date,
                 booking.band, booking.media.duration_ms, tuple(screens))  # fmt: skip


def quote_booking(session: Session, booking_id: str, day: date, language: str = "id") -> Quote:
    """The quote for a booking with the tariff version in force on `day` (normally today, in the office's zone)."""
    return compute_quote(version_at(session, day), load_order(session, booking_id), language)
