"""Shared test data for the billing tests: a sample tariff file and scheduling rows inserted with the models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.models import Advertiser, Booking, BookingScreen, Media, Screen
from videotron.core.clock import FixedClock

TARIFF = """\
name = "Tarif Retribusi Pemakaian Fasilitas Videotron"
regulation = "Peraturan Walikota Padang Panjang Nomor 5 Tahun 2018"
effective_from = 2026-01-01
block_seconds = 15        # spots are billed in whole blocks
rounding = 100
min_plays_per_day = 3
due_days = 30
late_interest_percent = 2
exempt_categories = ["pemerintah"]
part_month = "whole"      # a started calendar month counts whole

[[rate]]
category = "komersial"
zone = "A"
unit = "play"
price = 2500
account = "4.1.2.02.01"

[[rate]]
category = "komersial"
zone = "*"
unit = "play"
price = 1500
account = "4.1.2.02.01"

[[rate]]
category = "sosial"
zone = "*"
unit = "day"
price = 20000
account = "4.1.2.02.02"

[[rate]]
category = "sewa"
zone = "*"
unit = "month"
price = 3000000
account = "4.1.2.02.03"

[[band]]
name = "prime"
start = "17:00"
end = "21:00"
factor = 1.5
"""

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10 March 2026, 09:00 WIB


def clock(at: datetime = NOW) -> FixedClock:
    return FixedClock(at)


def load_tariff(session: Session, tmp_path: Path, text: str = TARIFF, name: str = "tarif.toml") -> int:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_tariff(session, read_tariff(path), actor="tester", clock=clock()).id


def add_screens(session: Session) -> None:
    session.add_all(
        [
            Screen(id="yamin", name="Videotron Jl. M. Yamin", location="Jl. M. Yamin, Padang Panjang", zone="A"),
            Screen(id="smk1", name="Videotron SMK 1", location="Depan SMK Negeri 1", zone="B"),
            Screen(id="balaikota", name="Videotron Balai Kota", location="Balai Kota Padang Panjang", zone="C"),
        ]
    )
    session.add(
        Advertiser(
            id="adv1",
            name="PT Sinar Minang Jaya",
            address="Jl. Sudirman No. 12, Padang Panjang",
            npwrd="R.1.0001.27.14",
        )
    )
    session.flush()


def add_booking(
    session: Session,
    booking_id: str,
    *,
    screens: tuple[str, ...] = ("yamin",),
    category: str = "komersial",
    plays: int = 10,
    start: date = date(2026, 3, 1),
    end: date = date(2026, 3, 31),
    band: str | None = None,
    duration_ms: int = 15_040,
) -> Booking:
    # approved, as an ad must be before its SKRD is issued
    media = Media(id=f"m-{booking_id}", kind="ad", title=f"Iklan {booking_id}", original_name=f"{booking_id}.mp4",
                  sha256="0" * 64, stored_name=f"{booking_id}.mp4", size_bytes=1, duration_ms=duration_ms,
                  added_at=NOW, approved_by="Kabid IKP", approved_at=NOW)  # fmt: skip
    booking = Booking(id=booking_id, advertiser_id="adv1", media=media, category=category, plays_per_day=plays,
                      start_date=start, end_date=end, band=band, created_at=NOW,
                      screens=[BookingScreen(screen_id=s) for s in screens])  # fmt: skip
    session.add(booking)
    session.flush()
    return booking
