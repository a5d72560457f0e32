"""Hand-worked quotes: every unit, zone fallback, band factor, blocks from probed lengths, rounding, exemption,
refusals, and the tariff version in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from billing.pricing import billable_blocks
from billing.quote import quote_booking
from tests.billing_helpers import TARIFF, add_booking, add_screens, load_tariff
from videotron.core.errors import NotFound, VideotronError

DAY = date(2026, 3, 10)


@pytest.fixture
def s(sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        load_tariff(session, tmp_path)
        add_screens(session)
        yield session


@pytest.mark.parametrize(
    ("ms", "blocks"),
    [
        (1, 1),
        (5_000, 1),
        (15_000, 1),
        (15_040, 1),
        (15_080, 1),
        (15_100, 1),
        (15_101, 2),
        (16_000, 2),
        (30_000, 2),
        (30_100, 2),
        (30_101, 3),
    ],
)
def test_probed_length_to_blocks(ms: int, blocks: int) -> None:
    assert billable_blocks(ms, 15) == blocks


def test_unit_play_exact_zone(s: Session) -> None:
    add_booking(s, "b", screens=("yamin",), plays=10)  # zone A, 1-31 March: 31 days
    q = quote_booking(s, "b", DAY)
    (line,) = q.lines
    # Rp2.500 x 1 block x (10 plays x 31 days) x 1 = Rp775.000
    assert (line.unit_price, line.blocks, line.quantity, line.amount) == (2500, 1, 310, 775_000)
    assert line.account == "4.1.2.02.01" and q.total == 775_000
    assert line.description == "Videotron Jl. M. Yamin: Rp2.500 x 1 blok x 310 tayang (10 tayang/hari x 31 hari)"


def test_zone_fallback_to_star(s: Session) -> None:
    add_booking(s, "b", screens=("smk1", "yamin"), plays=10)
    q = quote_booking(s, "b", DAY)
    by_screen = {ln.screen.id: ln for ln in q.lines}
    assert by_screen["smk1"].rate_zone == "*" and by_screen["smk1"].amount == 1500 * 310  # zone B has no own row
    assert by_screen["yamin"].rate_zone == "A" and by_screen["yamin"].amount == 2500 * 310
    assert q.total == 465_000 + 775_000


def test_band_factor_inside_the_tariff_band_and_a_window_across_its_edge_refused(s: Session) -> None:
    add_booking(s, "inside", band="18:00-20:00")
    add_booking(s, "outside", band="08:00-10:00")
    add_booking(s, "across", band="16:00-18:00")
    inside = quote_booking(s, "inside", DAY).lines[0]
    assert (str(inside.factor), inside.band_name, inside.amount) == ("1.5", "prime", 1_162_500)  # 775.000 x 1,5
    assert "x faktor prime 1,5" in inside.description
    outside = quote_booking(s, "outside", DAY).lines[0]
    assert (str(outside.factor), outside.band_name, outside.amount) == ("1", None, 775_000)
    # Before: a window across the edge paid factor 1 for its prime-time plays. Now it is refused, the edge named.
    with pytest.raises(VideotronError) as err:
        quote_booking(s, "across", DAY)
    (problem,) = err.value.problems
    assert (problem.code, problem.field) == ("quote.band_straddles", "band")
    assert "split the booking at 17:00" in str(err.value)


def test_unit_day_whatever_the_plays(s: Session) -> None:
    add_booking(s, "b", category="sosial", plays=40, duration_ms=20_000)  # 2 blocks
    (line,) = quote_booking(s, "b", DAY).lines
    # Rp20.000 x 2 blocks x 31 days = Rp1.240.000
    assert (line.unit, line.blocks, line.quantity, line.amount) == ("day", 2, 31, 1_240_000)


@pytest.mark.parametrize(
    ("end", "months"), [(date(2026, 3, 30), 1), (date(2026, 3, 31), 1), (date(2026, 4, 29), 2), (date(2026, 3, 1), 1)]
)
def test_unit_month_is_calendar_months_never_per_block(s: Session, end: date, months: int) -> None:
    # The sample tariff counts a started calendar month whole (part_month = "whole"); 1-31 March is 1 month, not
    # two started 30-day periods, and a 30 s spot (2 blocks) pays the monthly fee once, not twice.
    add_booking(s, "b", category="sewa", start=date(2026, 3, 1), end=end, duration_ms=30_000)
    (line,) = quote_booking(s, "b", DAY).lines
    assert (line.unit, line.blocks, line.quantity, line.amount) == ("month", 1, months, 3_000_000 * months)


def test_each_line_rounded_half_up_and_total_is_their_sum(s: Session) -> None:
    add_booking(s, "b", screens=("yamin", "smk1"), plays=3, start=DAY, end=DAY, band="17:00-21:00")
    q = quote_booking(s, "b", DAY)
    amounts = {ln.screen.id: ln.amount for ln in q.lines}
    # yamin: 2.500 x 3 x 1,5 = 11.250 -> 11.300; smk1: 1.500 x 3 x 1,5 = 6.750 -> 6.800
    assert amounts == {"yamin": 11_300, "smk1": 6_800}
    assert q.total == 18_100  # not round(18.000): the lines are what the payer sees


def test_exempt_category_is_rp0_and_ignores_the_minimum(s: Session) -> None:
    add_booking(s, "gov", category="pemerintah", screens=("yamin", "balaikota"), plays=1)
    q = quote_booking(s, "gov", DAY)
    assert q.exempt and q.total == 0 and [ln.amount for ln in q.lines] == [0, 0]
    assert all("dibebaskan" in ln.description for ln in q.lines)


def test_below_minimum_refused_naming_category_zone_version(s: Session) -> None:
    add_booking(s, "b", plays=2)
    with pytest.raises(VideotronError) as err:
        quote_booking(s, "b", DAY)
    message = str(err.value)
    assert "2 plays a day is below the minimum of 3" in message
    assert "'komersial'" in message and "zone 'A'" in message and "tariff version 1" in message


def test_no_rate_refused_naming_category_zone_version(s: Session) -> None:
    add_booking(s, "b", category="politik")
    with pytest.raises(VideotronError) as err:
        quote_booking(s, "b", DAY)
    message = str(err.value)
    assert "no rate for category 'politik' in zone 'A'" in message and "zone '*'" in message
    assert "tariff version 1 'Tarif Retribusi Pemakaian Fasilitas Videotron' (effective 2026-01-01)" in message


def test_priced_with_the_version_in_force_on_the_day(s: Session, tmp_path: Path) -> None:
    newer = TARIFF.replace("2026-01-01", "2026-04-01").replace("price = 2500", "price = 4000")
    load_tariff(s, tmp_path, newer, "2026-04.toml")
    add_booking(s, "b")
    assert quote_booking(s, "b", date(2026, 3, 31)).total == 775_000
    q = quote_booking(s, "b", date(2026, 4, 1))
    assert q.total == 4000 * 310 and q.tariff_version_id == 2 and q.tariff_effective_from == date(2026, 4, 1)
    with pytest.raises(NotFound, match="no tariff is in force"):
        quote_booking(s, "b", date(2025, 12, 31))


def test_json_shape_has_no_floats(s: Session) -> None:
    add_booking(s, "b", screens=("yamin", "smk1"), band="18:00-19:00")
    data = quote_booking(s, "b", DAY).as_json()
    assert set(data) >= {"booking", "tariff", "tariff_effective_from", "lines", "total"}
    assert set(data["lines"][0]) >= {
        "screen",
        "description",
        "account",
        "blocks",
        "quantity",
        "unit_price",
        "factor",  # type: ignore[index]
        "amount",
    }
    assert data["lines"][0]["factor"] == "1.5" and isinstance(data["total"], int)  # type: ignore[index]


def test_unknown_or_cancelled_booking(s: Session) -> None:
    with pytest.raises(NotFound, match="booking 'nope' not found"):
        quote_booking(s, "nope", DAY)
    add_booking(s, "b").status = "cancelled"
    with pytest.raises(VideotronError, match="cancelled"):
        quote_booking(s, "b", DAY)
