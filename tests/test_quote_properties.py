"""Property tests of the pricing arithmetic: lines always add up to the total, amounts are ints on the rounding
grid, and no float is accepted anywhere in the calculation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.models import TariffBand, TariffRate, TariffVersion
from billing.money import round_half_up
from billing.pricing import line_amount
from billing.quote import Order, ScreenRef, compute_quote

ZONES = ("A", "B", "C")


def _version(prices: dict[str, int], unit: str, rounding: int, factor_x10000: int) -> TariffVersion:
    rates = [
        TariffRate(position=i, category="komersial", zone=z, unit=unit, price=p, account="4.1")
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
        rates=rates,
        bands=[TariffBand(position=0, name="prime", start="17:00", end="21:00", factor_x10000=factor_x10000)],
    )


@settings(max_examples=150, deadline=None)
@given(
    prices=st.dictionaries(st.sampled_from(("A", "B", "C", "*")), st.integers(0, 5_000_000), min_size=1),
    unit=st.sampled_from(("play", "day", "month")),
    rounding=st.sampled_from((1, 50, 100, 500, 1000)),
    factor_x10000=st.integers(0, 40_000),
    plays=st.integers(1, 500),
    days=st.integers(1, 400),
    ms=st.integers(1, 600_000),
    zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=3),
    band=st.sampled_from((None, "18:00-19:00", "16:00-18:00")),
)
def test_lines_add_up_and_are_ints(
    prices: dict[str, int],
    unit: str,
    rounding: int,
    factor_x10000: int,
    plays: int,
    days: int,
    ms: int,
    zones: list[str],
    band: str | None,
) -> None:
    version = _version(prices, unit, rounding, factor_x10000)
    screens = tuple(ScreenRef(f"s{i}", f"Layar {i}", "", z) for i, z in enumerate(zones))
    start = date(2026, 1, 1)
    order = Order("b", "komersial", plays, start, start + timedelta(days=days - 1), band, ms, screens)
    if not all(z in prices or "*" in prices for z in zones):
        with pytest.raises(Exception, match="no rate"):
            compute_quote(version, order)
        return
    q = compute_quote(version, order)
    assert q.total == sum(ln.amount for ln in q.lines)
    for ln in q.lines:
        assert type(ln.amount) is int and ln.amount % rounding == 0
        exact = Decimal(ln.unit_price) * ln.blocks * ln.quantity * ln.factor
        assert abs(ln.amount - exact) <= Decimal(rounding) / 2
    assert all(type(v) is not float for ln in q.as_json()["lines"] for v in ln.values())  # type: ignore[union-attr]


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
