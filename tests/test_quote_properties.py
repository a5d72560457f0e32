"""Property tests of the pricing arithmetic: lines always add up to the total, amounts are ints on the rounding
grid and equal to the same tariff worked out another way (months day by day), a window across a band's edge is
always refused, and no float is accepted anywhere in the calculation."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.models import TariffBand, TariffRate, TariffVersion
from billing.money import round_half_up
from billing.pricing import line_amount
from billing.quote import Order, ScreenRef, compute_quote
from videotron.core.errors import ValidationError

ZONES = ("A", "B", "C")
UNIT_BASES = {"play": ("spot",), "day": ("spot", "airtime", "none"), "month": ("spot", "airtime", "none"),
              "contract": ("none",), "period30": ("spot",)}  # fmt: skip


@st.composite
def terms(draw: st.DrawFn) -> dict[str, object]:
    """A rate row's terms, as a tariff file may write them (and `period30`, as migration 0009 leaves old rows)."""
    unit = draw(st.sampled_from(sorted(UNIT_BASES)))
    basis = draw(st.sampled_from(UNIT_BASES[unit]))
    package = unit in ("day", "month") and basis != "airtime" and draw(st.booleans())
    return {"unit": unit, "block_basis": basis, "block_seconds": draw(st.sampled_from((1, 15, 30, 60))),
            "package_plays": draw(st.integers(1, 50)) if package else None,
            "minimum_charge": draw(st.sampled_from((0, 0, 50_000, 10_000_000)))}  # fmt: skip


def _version(prices: dict[str, int], row: dict[str, object], rounding: int, factor_x10000: int,
             part_month: str) -> TariffVersion:  # fmt: skip
    rates = [
        TariffRate(position=i, category="komersial", zone=z, price=p, account="4.1", **row)
        for i, (z, p) in enumerate(prices.items())
    ]
    return TariffVersion(
        id=1,
        name="t",
        effective_from=date(2026, 1, 1),
        block_seconds=15,
        rounding=rounding,
        min_plays_per_day=None,
        due_days=30,
        late_interest_x1000=2000,
        exempt_categories="",
        part_month=part_month,
        rates=rates,
        bands=[TariffBand(position=0, name="prime", start="17:00", end="21:00", factor_x10000=factor_x10000)],
    )


def _expected(price: int, row: dict[str, object], plays: int, start: date, days: int, ms: int, factor: Decimal,
              part_month: str) -> Fraction:  # fmt: skip
    """The line's exact amount worked out another way: day by day for months, from the probed length for blocks."""
    if row["unit"] == "contract":
        return Fraction(price)
    block_ms = int(row["block_seconds"]) * 1000  # type: ignore[call-overload]
    billed = ms - ms % 1000 if ms % 1000 <= 100 else ms
    blocks = {"spot": max(1, -(-(ms - 100) // block_ms)), "airtime": max(1, -(-(plays * billed) // block_ms)),
              "none": 1}[str(row["block_basis"])]  # fmt: skip
    package = row["package_plays"]
    packages = -(-plays // package) if isinstance(package, int) else 1
    every_day = [start + timedelta(days=i) for i in range(days)]
    if row["unit"] == "month" and part_month == "days":  # each day is 1/(days of its month) of a month
        quantity = sum((Fraction(1, calendar.monthrange(d.year, d.month)[1]) for d in every_day), Fraction(0))
    elif row["unit"] == "month":  # each calendar month touched counts 1
        quantity = Fraction(len({(d.year, d.month) for d in every_day}))
    else:
        quantity = Fraction({"play": plays * days, "day": days, "period30": -(-days // 30)}[str(row["unit"])])
    return Fraction(price) * blocks * packages * quantity * Fraction(factor)


@settings(max_examples=200, deadline=None)
@given(
    prices=st.dictionaries(st.sampled_from(("A", "B", "C", "*")), st.integers(0, 5_000_000), min_size=1),
    row=terms(),
    part_month=st.sampled_from(("whole", "days")),
    rounding=st.sampled_from((1, 50, 100, 500, 1000)),
    factor_x10000=st.integers(0, 40_000),
    plays=st.integers(1, 500),
    start=st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    days=st.integers(1, 800),
    ms=st.integers(1, 600_000),
    zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=3),
    band=st.sampled_from((None, "18:00-19:00", "08:00-10:00")),
)
def test_lines_add_up_are_ints_and_match_a_day_by_day_reckoning(
    prices: dict[str, int],
    row: dict[str, object],
    part_month: str,
    rounding: int,
    factor_x10000: int,
    plays: int,
    start: date,
    days: int,
    ms: int,
    zones: list[str],
    band: str | None,
) -> None:
    version = _version(prices, row, rounding, factor_x10000, part_month)
    screens = tuple(ScreenRef(f"s{i}", f"Layar {i}", "", z) for i, z in enumerate(zones))
    order = Order("b", "komersial", plays, start, start + timedelta(days=days - 1), band, ms, screens)
    if not all(z in prices or "*" in prices for z in zones):
        with pytest.raises(Exception, match="no rate"):
            compute_quote(version, order)
        return
    q = compute_quote(version, order)
    assert q.total == sum(ln.amount for ln in q.lines)
    factor = Decimal(factor_x10000) / 10000 if band == "18:00-19:00" else Decimal(1)
    for ln in q.lines:
        exact = _expected(ln.unit_price, row, plays, start, days, ms, factor, part_month)
        rounded = round_half_up(exact, rounding)
        assert type(ln.amount) is int and rounded % rounding == 0 and abs(rounded - exact) <= Fraction(rounding, 2)
        assert ln.amount == max(rounded, int(row["minimum_charge"]))  # type: ignore[call-overload]
    assert all(type(v) is not float for ln in q.as_json()["lines"] for v in ln.values())  # type: ignore[union-attr]


@settings(max_examples=100, deadline=None)
@given(a=st.integers(0, 23 * 60), length=st.integers(1, 6 * 60))
def test_a_window_is_priced_inside_or_outside_the_band_or_refused_naming_an_edge(a: int, length: int) -> None:
    window = f"{a // 60:02d}:{a % 60:02d}-{min(a + length, 1440) // 60:02d}:{min(a + length, 1440) % 60:02d}"
    b = min(a + length, 1440)
    version = _version({"*": 1000}, {"unit": "play", "block_basis": "spot", "block_seconds": 15,
                                     "package_plays": None, "minimum_charge": 0}, 1, 15_000, "whole")  # fmt: skip
    day, screen = date(2026, 3, 1), ScreenRef("s", "S", "", "A")
    order = Order("b", "komersial", 1, day, day, window, 15_000, (screen,))
    if a < 17 * 60 < b or a < 21 * 60 < b:  # the window holds an edge of prime (17:00-21:00) strictly inside it
        with pytest.raises(ValidationError) as err:
            compute_quote(version, order)
        edges = [e for e in ("17:00", "21:00") if a < int(e[:2]) * 60 < b]
        assert err.value.problems[0].params["edges"] == edges
        return
    (line,) = compute_quote(version, order).lines
    assert line.amount == (1500 if a >= 17 * 60 and b <= 21 * 60 else 1000)


@given(st.decimals(min_value=0, max_value=10**12, places=4), st.sampled_from((1, 100, 1000)))
def test_round_half_up_on_the_grid(value: Decimal, step: int) -> None:
    result = round_half_up(value, step)
    assert result % step == 0 and abs(result - value) <= Decimal(step) / 2


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        line_amount(2500, 1, 10, 1.5, 100)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        line_amount(2500.0, 1, 10, Decimal(1), 100)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        round_half_up(0.5, 1)  # type: ignore[arg-type]
    assert round_half_up(Decimal("11250"), 100) == 11_300 and round_half_up(Decimal("11249.99"), 100) == 11_200
