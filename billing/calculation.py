"""One line's calculation, term by term, and how it reads: "Rp200.000 x 1 blok x 2 paket (20 tayang/hari, 10 tayang
per paket) x 7 hari" — tarif x quantity x blocks x factor in words a treasurer can check with a pencil.

An SKRD keeps the `Calculation` of each line (as JSON), so its document words the line in the document's language
years later, exactly as it was priced. Lines issued before the calculation was kept are read back from their columns
(`legacy`). The wording comes from the catalogue (`say`), so it is Indonesian by default and English when chosen.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from babel.dates import format_date

from billing.models import Assessment, AssessmentLine
from billing.units import MonthPart, billed_ms, booking_days
from videotron.core.formats import rupiah
from videotron.core.i18n import say

ONE = Decimal(1)


@dataclass(frozen=True)
class Calculation:
    """Every term of one line: amount = max(round(price x blocks x packages x quantity x factor), minimum)."""

    unit: str  # play | day | month | contract | period30
    price: int
    basis: str  # spot | airtime | none | chars: what `blocks` counts
    block_seconds: int
    blocks: int  # 1 when nothing is counted in blocks
    spot_ms: int
    plays_per_day: int
    days: int
    start: date
    end: date
    quantity: Fraction  # plays, days, months (part months exact), 1 for a contract, 30-day periods
    packages: int = 1
    package_plays: int | None = None
    months: tuple[MonthPart, ...] = ()
    part_month: str | None = None
    factor: Decimal = ONE
    band: str | None = None
    minimum_charge: int = 0
    exact: Fraction = Fraction(0)  # the amount before rounding
    rounded: int = 0  # the exact amount rounded half up to the tariff's rounding
    amount: int = 0  # the rounded amount, or the minimum charge when it is below it

    @property
    def minimum_applies(self) -> bool:
        return self.rounded < self.minimum_charge

    def to_json(self) -> str:
        data = asdict(self)
        months = [[p.year, p.month, p.days, p.days_in_month] for p in self.months]
        data.update(start=self.start.isoformat(), end=self.end.isoformat(), quantity=str(self.quantity),
                    factor=str(self.factor), exact=str(self.exact), months=months)  # fmt: skip
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Calculation:
        data: dict[str, Any] = json.loads(text)
        data.update(start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]),
                    quantity=Fraction(data["quantity"]), factor=Decimal(data["factor"]), exact=Fraction(data["exact"]),
                    months=tuple(MonthPart(*p) for p in data["months"]))  # fmt: skip
        return cls(**data)


def fraction_text(value: Fraction, language: str) -> str:
    """12, 17/31 or 2 17/31: a quantity as a person checks it."""
    whole, rest = divmod(value.numerator, value.denominator)
    if not rest:
        return str(whole)
    part = f"{rest}/{value.denominator}"
    return f"{whole} {part}" if whole else part


def _month(part: MonthPart, language: str) -> str:
    return str(format_date(date(part.year, part.month, 1), "MMMM y", locale="en_ID" if language == "en" else "id_ID"))


def months_text(c: Calculation, language: str) -> str:
    """ "Desember 2026", "Januari–Desember 2026", "Januari 2026 17/31 hari; Februari–Maret 2026"."""
    pieces: list[str] = []
    run: list[MonthPart] = []

    def close() -> None:
        if run:
            first, last = _month(run[0], language), _month(run[-1], language)
            if run[0].year == run[-1].year and len(run) > 1:
                first = first.rsplit(" ", 1)[0]
            pieces.append(first if len(run) == 1 else f"{first}–{last}")
            run.clear()

    for part in c.months:
        if part.whole:
            run.append(part)
            continue
        close()
        if c.part_month == "days":
            pieces.append(say(language, "pricing.part_month_days", "{month} {days}/{in_month} days",
                              month=_month(part, language), days=part.days, in_month=part.days_in_month))  # fmt: skip
        else:
            pieces.append(say(language, "pricing.part_month_whole", "{month} {days} of {in_month} days, counted whole",
                              month=_month(part, language), days=part.days, in_month=part.days_in_month))  # fmt: skip
    close()
    return "; ".join(pieces)


def _blocks(c: Calculation, language: str) -> str:
    if c.basis == "chars":
        return say(language, "pricing.characters", " x {blocks:number} character(s)", blocks=c.blocks)
    if c.basis == "spot":
        return say(language, "pricing.blocks", " x {blocks:number} block(s)", blocks=c.blocks)
    if c.basis == "airtime":
        return say(language, "pricing.airtime", " x {blocks:number} block(s) of airtime a day ({plays:number} plays "
                   "x {seconds:number} s = {airtime:number} s, blocks of {block:number} s)", blocks=c.blocks,
                   plays=c.plays_per_day, seconds=Decimal(billed_ms(c.spot_ms)) / 1000,
                   airtime=Decimal(c.plays_per_day * billed_ms(c.spot_ms)) / 1000, block=c.block_seconds)  # fmt: skip
    return ""


def _quantity(c: Calculation, language: str) -> str:
    if c.unit == "play":
        return say(language, "pricing.plays", " x {quantity:number} plays ({plays:number} plays/day x {days:number} "
                   "days)", quantity=int(c.quantity), plays=c.plays_per_day, days=c.days)  # fmt: skip
    if c.unit == "day":
        return say(language, "pricing.days", " x {days:number} days", days=c.days)
    if c.unit == "month":
        return say(language, "pricing.months", " x {months} month(s) ({detail})",
                   months=fraction_text(c.quantity, language), detail=months_text(c, language))  # fmt: skip
    return say(language, "pricing.periods", " x {quantity:number} 30-day period(s)", quantity=int(c.quantity))


def calculation_text(c: Calculation, language: str) -> str:
    """The calculation as printed on the line, in `language`."""
    if c.unit == "contract":
        return say(language, "pricing.contract", "{price:rupiah} for the whole period {start:date} to {end:date} "
                   "(contract)", price=c.price, start=c.start, end=c.end)  # fmt: skip
    text = rupiah(c.price, language) + _blocks(c, language)
    if c.package_plays:
        text += say(language, "pricing.packages", " x {packages:number} package(s) ({plays:number} plays/day, "
                    "{size:number} plays per package)", packages=c.packages, plays=c.plays_per_day,
                    size=c.package_plays)  # fmt: skip
    text += _quantity(c, language)
    if c.factor != ONE:
        text += say(language, "pricing.factor", " x factor {band} {factor:number}", band=c.band, factor=c.factor)
    if c.minimum_applies:
        text += say(language, "pricing.minimum", "; below the minimum charge, {minimum:rupiah} is charged",
                    minimum=c.minimum_charge)  # fmt: skip
    return text


def exempt_text(language: str, category: str) -> str:
    return say(language, "pricing.exempt", "exempt, category {category} (Rp0)", category=category)


def legacy(unit: str, price: int, blocks: int, quantity: int, factor: Decimal, band: str | None, plays_per_day: int,
           start: date, end: date, amount: int) -> Calculation:  # fmt: skip
    """The calculation of a line issued before lines kept one (migration 0009), from its columns: every unit then
    was per block of the spot, and `month` meant started 30-day periods."""
    return Calculation(unit="period30" if unit == "month" else unit, price=price, basis="spot", block_seconds=0,
                       blocks=blocks, spot_ms=0, plays_per_day=plays_per_day, days=booking_days(start, end),
                       start=start, end=end, quantity=Fraction(quantity), factor=factor, band=band,
                       exact=Fraction(amount), rounded=amount, amount=amount)  # fmt: skip


def calculation_of(a: Assessment, ln: AssessmentLine) -> Calculation:
    """An SKRD line's calculation as it was priced (kept whole since migration 0009; older lines from their columns),
    for any document that words it."""
    if ln.calculation:
        return Calculation.from_json(ln.calculation)
    return legacy(ln.unit, ln.unit_price, ln.blocks, ln.quantity, ln.factor, ln.band_name, a.plays_per_day,
                  a.period_start, a.period_end, ln.amount)  # fmt: skip
