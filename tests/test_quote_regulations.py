"""Tariffs seen in real regulations, priced by hand and by the program, on SQLite and PostgreSQL.

Each tariff file is in tests/data/tariffs/ (they double as examples); each test writes the arithmetic a treasurer
would do with a pencil, then checks the program's line, total and words against it. Figures from /work/shared/domain.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from billing.assessments import issue_assessment
from billing.calculation import Calculation
from billing.documents.skrd import assessment_pdf_bytes
from billing.quote import Quote, quote_booking
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.models import Advertiser, Screen
from tests.billing_helpers import add_booking, clock
from tests.office import office_config
from tests.test_billing_zone import pdf_text
from videotron.core.db import make_session_factory
from videotron.core.errors import VideotronError

TARIFFS = Path(__file__).parent / "data" / "tariffs"
ON = date(2026, 11, 1)  # the day the quote is made: every example file is in force


@pytest.fixture
def s(any_engine: Engine) -> Iterator[Session]:
    with make_session_factory(any_engine).begin() as session:
        session.add_all([
            Screen(id="loktuan", name="Videotron Simpang Loktuan", location="Simpang Loktuan, Bontang", zone="3x4"),
            Screen(id="dpmptsp-a", name="Videotron DPMPTSP sisi A", location="Kantor DPMPTSP", zone="4x8"),
            Screen(id="dpmptsp-b", name="Videotron DPMPTSP sisi B", location="Kantor DPMPTSP", zone="4x8"),
            Screen(id="arek", name="Videotron Arek Lancor", location="Taman Arek Lancor, Pamekasan", zone="utama"),
            Screen(id="pasar", name="Videotron Pasar Kolpajung", location="Pasar Kolpajung, Pamekasan", zone="kedua"),
            Advertiser(id="adv1", name="CV Maju Bersama", address="Jl. Ahmad Yani 1", npwrd="R.1.0001"),
        ])  # fmt: skip
        session.flush()
        yield session


def priced(s: Session, tariff: str, screens: tuple[str, ...], *, plays: int, start: date, end: date, ms: int,
           category: str = "komersial", band: str | None = None) -> Quote:  # fmt: skip
    import_tariff(s, read_tariff(TARIFFS / tariff), actor="bendahara", clock=clock())
    add_booking(s, "b", screens=screens, category=category, plays=plays, start=start, end=end, duration_ms=ms,
                band=band)  # fmt: skip
    return quote_booking(s, "b", ON)


def amounts(q: Quote) -> list[int]:
    return [ln.amount for ln in q.lines]


# ---- Bontang: Rp250.000 per (started) minute of airtime per day per side; 3x4 m ----
def test_bontang_30s_spot_twice_a_day_is_one_minute_a_day(s: Session) -> None:
    q = priced(s, "bontang.toml", ("loktuan",), plays=2, start=date(2026, 12, 1), end=date(2026, 12, 7), ms=30_040)
    # airtime 2 x 30 s = 60 s = 1 minute a day (the probed 30,04 s is billed as 30 s); 7 days
    # Rp250.000 x 1 x 7 = Rp1.750.000
    assert amounts(q) == [1_750_000] and q.total == 1_750_000
    assert q.lines[0].description == ("Videotron Simpang Loktuan: Rp250.000 x 1 blok durasi tayang sehari (2 tayang x "
                                      "30 detik = 60 detik, per blok 60 detik) x 7 hari")  # fmt: skip


def test_bontang_three_times_a_day_is_two_started_minutes_and_each_side_is_a_line(s: Session) -> None:
    q = priced(s, "bontang.toml", ("loktuan", "dpmptsp-a", "dpmptsp-b"), plays=3, start=date(2026, 12, 1),
               end=date(2026, 12, 7), ms=30_000)  # fmt: skip
    # airtime 3 x 30 s = 90 s = 2 started minutes a day; 7 days
    # 3x4 m (Loktuan):        Rp250.000 x 2 x 7 = Rp3.500.000
    # 4x8 m, each of 2 sides: Rp350.000 x 2 x 7 = Rp4.900.000
    assert {ln.screen.id: ln.amount for ln in q.lines} == {"loktuan": 3_500_000, "dpmptsp-a": 4_900_000,
                                                           "dpmptsp-b": 4_900_000}  # fmt: skip
    assert q.total == 13_300_000


# ---- Soppeng: Rp150.000 for a 15 s ad shown 2x a day, per day ----
@pytest.mark.parametrize(
    ("plays", "ms", "total"),
    [
        (2, 15_000, 4_500_000),  # 1 package x 1 block x 30 days x Rp150.000 = Rp4.500.000
        (3, 15_000, 9_000_000),  # 3 plays need 2 packages of 2 (a part package rounds up): 2 x 30 x Rp150.000
        (2, 30_000, 9_000_000),  # a 30 s ad is 2 blocks of 15 s: 2 x 1 x 30 x Rp150.000
    ],
)
def test_soppeng_a_15s_ad_twice_a_day_per_day(s: Session, plays: int, ms: int, total: int) -> None:
    q = priced(s, "soppeng.toml", ("loktuan",), plays=plays, start=date(2026, 11, 1), end=date(2026, 11, 30), ms=ms)
    assert q.total == total


# ---- Berau: Rp200.000 per 60 s video per day for 10 plays ----
@pytest.mark.parametrize(
    ("plays", "ms", "total"),
    [
        (10, 60_000, 1_400_000),  # 1 package x 1 block x 7 days x Rp200.000
        (20, 60_000, 2_800_000),  # 20 plays = 2 packages: 2 x 7 x Rp200.000
        (11, 60_000, 2_800_000),  # 11 plays = 2 packages (a part package rounds up)
        (10, 45_000, 1_400_000),  # a 45 s video is one 60 s block
    ],
)
def test_berau_packages_of_ten_plays_a_day(s: Session, plays: int, ms: int, total: int) -> None:
    q = priced(s, "berau.toml", ("loktuan",), plays=plays, start=date(2026, 12, 1), end=date(2026, 12, 7), ms=ms)
    assert q.total == total


def test_berau_line_says_the_packages(s: Session) -> None:
    q = priced(s, "berau.toml", ("loktuan",), plays=20, start=date(2026, 12, 1), end=date(2026, 12, 7), ms=60_000)
    assert q.lines[0].description == ("Videotron Simpang Loktuan: Rp200.000 x 1 blok x 2 paket (20 tayang/hari, "
                                      "10 tayang per paket) x 7 hari")  # fmt: skip


# ---- Pamekasan: per minute per showing, Rp5.500 prime site, Rp3.500 second site; at least 3 showings a day ----
def test_pamekasan_per_minute_by_site_class(s: Session) -> None:
    q = priced(s, "pamekasan.toml", ("arek", "pasar"), plays=3, start=date(2026, 11, 1), end=date(2026, 11, 30),
               ms=30_000)  # fmt: skip
    # a 30 s spot is 1 started minute; 3 showings x 30 days = 90 showings
    # prime site (Arek Lancor): Rp5.500 x 1 x 90 = Rp495.000; second site (Pasar): Rp3.500 x 1 x 90 = Rp315.000
    assert {ln.screen.id: ln.amount for ln in q.lines} == {"arek": 495_000, "pasar": 315_000}
    assert q.total == 810_000


def test_pamekasan_a_90s_spot_is_two_minutes(s: Session) -> None:
    q = priced(s, "pamekasan.toml", ("arek",), plays=3, start=date(2026, 11, 1), end=date(2026, 11, 30), ms=90_000)
    assert q.total == 5_500 * 2 * 90  # Rp990.000


def test_pamekasan_fewer_than_three_showings_refused(s: Session) -> None:
    with pytest.raises(VideotronError, match="2 plays a day is below the minimum of 3"):
        priced(s, "pamekasan.toml", ("arek",), plays=2, start=date(2026, 11, 1), end=date(2026, 11, 30), ms=30_000)


# ---- Calendar months (Rp5.000.000 a month, not per block) ----
@pytest.mark.parametrize(
    ("tariff", "start", "end", "total", "months_text"),
    [
        # 1-31 December: 1 month (not two started 30-day periods), and a 30 s spot does not pay it twice
        ("sewa-bulanan.toml", date(2026, 12, 1), date(2026, 12, 31), 5_000_000, "1 bulan (Desember 2026)"),
        # a calendar year: 12 months (not 13)
        ("sewa-bulanan.toml", date(2027, 1, 1), date(2027, 12, 31), 60_000_000, "12 bulan (Januari–Desember 2027)"),
        # across the new year
        ("sewa-bulanan.toml", date(2026, 12, 1), date(2027, 1, 31), 10_000_000, "2 bulan (Desember 2026–Januari 2027)"),
        # part month counted whole: January (17 of 31 days) + February + March = 3 months = Rp15.000.000
        (
            "sewa-bulanan.toml",
            date(2027, 1, 15),
            date(2027, 3, 31),
            15_000_000,
            "3 bulan (Januari 2027 17 dari 31 hari, dihitung satu bulan penuh; Februari–Maret 2027)",
        ),
        # part month by days: 17/31 + 1 + 1 = 79/31 months; Rp5.000.000 x 79/31 = Rp12.741.935,48 -> Rp12.741.900
        (
            "sewa-bulanan-prorata.toml",
            date(2027, 1, 15),
            date(2027, 3, 31),
            12_741_900,
            "2 17/31 bulan (Januari 2027 17/31 hari; Februari–Maret 2027)",
        ),
        # by days in a leap February: 11/29 of a month; Rp5.000.000 x 11/29 = Rp1.896.551,72 -> Rp1.896.600
        (
            "sewa-bulanan-prorata.toml",
            date(2028, 2, 10),
            date(2028, 2, 20),
            1_896_600,
            "11/29 bulan (Februari 2028 11/29 hari)",
        ),
    ],
)
def test_monthly_rent_is_calendar_months(s: Session, tariff: str, start: date, end: date, total: int,
                                         months_text: str) -> None:  # fmt: skip
    q = priced(s, tariff, ("loktuan",), plays=48, start=start, end=end, ms=30_000)
    (line,) = q.lines
    assert (line.unit, line.blocks, line.amount) == ("month", 1, total)
    assert line.description == f"Videotron Simpang Loktuan: Rp5.000.000 x {months_text}"


def test_contract_is_the_price_whatever_the_length_plays_or_band(s: Session) -> None:
    q = priced(s, "sewa-bulanan.toml", ("loktuan", "arek"), plays=48, start=date(2027, 1, 1), end=date(2027, 12, 31),
               ms=30_000, category="kontrak", band="17:00-21:00")  # fmt: skip
    # Rp120.000.000 for the booking's whole period, per screen: no blocks, plays, days or prime-time factor
    assert amounts(q) == [120_000_000, 120_000_000]
    assert q.lines[0].description == ("Videotron Arek Lancor: Rp120.000.000 untuk seluruh masa 1 Januari 2027 s.d. "
                                      "31 Desember 2027 (kontrak)")  # fmt: skip


@pytest.mark.parametrize(("end", "total", "minimum"), [(date(2026, 12, 2), 100_000, True),
                                                       (date(2026, 12, 10), 200_000, False)])  # fmt: skip
def test_a_line_is_never_below_its_minimum_charge(s: Session, end: date, total: int, minimum: bool) -> None:
    q = priced(s, "sewa-bulanan.toml", ("loktuan",), plays=10, start=date(2026, 12, 1), end=end, ms=15_000,
               category="singkat")  # fmt: skip
    # 2 days x Rp20.000 = Rp40.000, below the minimum: Rp100.000. 10 days x Rp20.000 = Rp200.000: above it.
    assert q.total == total
    assert ("kurang dari jumlah minimal, dikenakan Rp100.000" in q.lines[0].description) is minimum


def test_the_skrd_keeps_every_term_and_words_it_in_the_documents_language(s: Session) -> None:
    priced(s, "berau.toml", ("loktuan",), plays=20, start=date(2026, 12, 1), end=date(2026, 12, 7), ms=45_000)
    a = issue_assessment(s, "b", config=office_config(), actor="bendahara", clock=clock(datetime(2026, 11, 20, 3,
                                                                                           tzinfo=UTC)))  # fmt: skip
    (line,) = a.lines
    calc = Calculation.from_json(line.calculation or "")
    assert (calc.unit, calc.price, calc.blocks, calc.packages, calc.package_plays, calc.quantity, calc.amount) == (
        "day", 200_000, 1, 2, 10, 7, 2_800_000)  # fmt: skip
    indonesian, english = pdf_text(assessment_pdf_bytes(a, "id")), pdf_text(assessment_pdf_bytes(a, "en"))
    assert "Rp200.000 x 1 blok x 2 paket (20 tayang/hari, 10 tayang per paket) x 7 hari" in indonesian
    assert "Panjang materi 45 detik = 1 blok @ 60 detik." in indonesian
    assert "x 1 block(s) x 2 package(s) (20 plays/day, 10 plays per package) x 7 days" in english
