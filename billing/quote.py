"""What a booking costs: its `Order` priced with one tariff version, a `Quote` of one line per screen (the rules,
each a decision a treasurer must be able to explain, are in `billing.pricing`). Issuing an SKRD freezes a quote.

The one pricing entry point is `compute_quote(version, order, language) -> Quote`: pure (no database), stable, and
what every caller prices with — `quote_booking` (the CLI's `quote`, the desk's draft check), `issue_assessment`, and
an amendment pricing the difference between two orders under the same version
(`compute_quote(v, amended).total - compute_quote(v, original).total`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy.orm import Session

from billing.bands import band_factor
from billing.calculation import ONE, Calculation, calculation_text, exempt_text
from billing.models import TariffRate, TariffVersion
from billing.money import plain
from billing.pricing import find_rate, price_line
from billing.tariffs import version_at
from billing.units import booking_days
from playlists.models import Booking, Screen
from videotron.core.errors import NotFound, VideotronError
from videotron.core.i18n import N_


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
    characters: int = 0  # a running-text booking's text length (`billing.text_assessments`); 0 for a spot

    @property
    def is_text(self) -> bool:
        return self.characters > 0

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
    blocks: int  # of the spot's length or of a day's airtime; 1 when the price is not per block
    quantity: Fraction  # plays, days, months (a part month exact), 1 for a contract
    factor: Decimal
    band_name: str | None
    amount: int
    description: str
    calculation: Calculation | None = None  # every term (None on an exempt line: Rp0 whatever the terms)

    def as_json(self) -> dict[str, object]:
        """A line for `videotron quote --json`: money int, factor a string, quantity an int or "79/31"."""
        c = self.calculation
        return {
            "screen": self.screen.id,
            "description": self.description,
            "account": self.account,
            "blocks": self.blocks,
            "quantity": int(self.quantity) if self.quantity.denominator == 1 else str(self.quantity),
            "unit": self.unit,
            "unit_price": self.unit_price,
            "factor": plain(self.factor),
            "amount": self.amount,
            "block_seconds": c.block_seconds if c else None,
            "blocks_of": c.basis if c else None,
            "packages": c.packages if c and c.package_plays else None,
            "minimum_charge": c.minimum_charge if c else 0,
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
    """Price `order` with tariff `version`: one line per screen, each worded in `language`, and their total.

    Pure (no database) and stable: the SKRD, the quote command, the desk's draft check and an amendment's difference
    all price with it. Refuses (VideotronError, nothing priced) an order without screens, a screen with no rate, plays
    a day below the tariff's minimum, and a time band across a tariff band's edge (field `band`)."""
    exempt = order.category in version.exempt
    if not order.screens:
        raise VideotronError("quote.no_screens", "booking {booking} has no screens to price", booking=order.booking_id)
    # What a refusal names: the booking, its category, and the tariff version it was priced with.
    facts: dict[str, Any] = {"booking": order.booking_id, "category": order.category, "version": version.id,
                             "tariff": version.name, "effective_from": version.effective_from}  # fmt: skip
    factor, band_name = (ONE, None) if exempt else band_factor(version, order.band)
    lines: list[QuoteLine] = []
    for screen in order.screens:
        rate = find_rate(version, order.category, screen.zone)
        if exempt:
            lines.append(_exempt_line(version, order, screen, rate, language))
            continue
        if rate is None:
            raise VideotronError("quote.no_rate", "booking {booking}: no rate for category {category!r} in zone "
                                 "{zone!r} (screen {screen}) nor in zone '*' in tariff version {version} {tariff!r} "
                                 "(effective {effective_from})", zone=screen.zone, screen=screen.id,
                                 **facts)  # fmt: skip
        if rate.block_basis in (("spot", "airtime") if order.is_text else ("chars",)):
            raise VideotronError("quote.rate_kind", "booking {booking}: the rate for category {category!r} in zone "
                                 "{zone!r} prices {basis}, which does not fit a {what:tr} in tariff version {version} "
                                 "{tariff!r} (effective {effective_from}); use a category priced for it",
                                 zone=rate.zone, basis=rate.block_basis, what=N_("running text") if order.is_text
                                 else N_("spot"), **facts)  # fmt: skip
        if not order.is_text and version.min_plays_per_day and order.plays_per_day < version.min_plays_per_day:
            raise VideotronError("quote.below_minimum_plays", "booking {booking}: {plays} plays a day is below the "
                                 "minimum of {minimum} for category {category!r} in zone {zone!r} in tariff version "
                                 "{version} {tariff!r} (effective {effective_from})", plays=order.plays_per_day,
                                 minimum=version.min_plays_per_day, zone=screen.zone, **facts)  # fmt: skip
        calc = _price(version, order, rate, factor, band_name)
        lines.append(QuoteLine(screen, rate.zone, rate.account, rate.unit, rate.price, calc.blocks, calc.quantity,
                               calc.factor, calc.band, calc.amount,
                               f"{screen.name}: {calculation_text(calc, language)}", calc))  # fmt: skip
    return Quote(order, version.id, version.name, version.effective_from, exempt, tuple(lines))


def _price(version: TariffVersion, order: Order, rate: TariffRate, factor: Decimal, band: str | None) -> Calculation:
    return price_line(rate, rounding=version.rounding, part_month=version.part_month, plays_per_day=order.plays_per_day,
                      start=order.start_date, end=order.end_date, duration_ms=order.duration_ms, factor=factor,
                      band=band, characters=order.characters)  # fmt: skip


def _exempt_line(version: TariffVersion, order: Order, screen: ScreenRef, rate: TariffRate | None,
                 language: str) -> QuoteLine:  # fmt: skip
    """Rp0, with the quantity the row would count (plays when there is no row), so the SKRD still says what aired."""
    description = f"{screen.name}: {exempt_text(language, order.category)}"
    if rate is None:
        return QuoteLine(screen, "*", "", "play", 0, 1, Fraction(order.plays_per_day * order.days), ONE, None, 0,
                         description)  # fmt: skip
    calc = _price(version, order, rate, ONE, None)
    return QuoteLine(screen, rate.zone, rate.account, rate.unit, 0, calc.blocks, calc.quantity, ONE, None, 0,
                     description)  # fmt: skip


def load_order(session: Session, booking_id: str) -> Order:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("quote.booking_not_found", "booking {booking!r} not found", booking=booking_id)
    ensure_active(booking_id, booking.status)
    screens = screen_refs(session, booking_id, booking.screen_ids)
    return Order(booking.id, booking.category, booking.plays_per_day, booking.start_date, booking.end_date,
                 booking.band, booking.media.duration_ms, screens)  # fmt: skip


def ensure_active(booking_id: str, status: str) -> None:
    if status == "cancelled":
        raise VideotronError("quote.booking_not_active", "booking {booking} is {status}; only active bookings are "
                             "priced", booking=booking_id, status=status)  # fmt: skip


def screen_refs(session: Session, booking_id: str, screen_ids: list[str]) -> tuple[ScreenRef, ...]:
    """A booking's screens as its SKRD names and places them, in id order."""
    screens = []
    for screen_id in sorted(screen_ids):
        s = session.get(Screen, screen_id)
        if s is None:  # pragma: no cover - prevented by the foreign key
            raise NotFound("quote.screen_not_found", "screen {screen!r} of booking {booking} not found",
                           screen=screen_id, booking=booking_id)  # fmt: skip
        screens.append(ScreenRef(s.id, s.name, s.location, s.zone))
    return tuple(screens)


def quote_booking(session: Session, booking_id: str, day: date, language: str = "id") -> Quote:
    """The quote for a booking with the tariff version in force on `day` (normally today, in the office's zone)."""
    return compute_quote(version_at(session, day), load_order(session, booking_id), language)
