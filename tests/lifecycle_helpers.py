"""Shared data for the booking lifecycle's tests: an office with a tariff, screens, an advertiser and real-looking
ad media, and a booking entered through the one write path (`save_booking`), so its status is what the lifecycle
says (draft, then assessed when its SKRD is issued)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from billing.assessments import issue_assessment
from billing.models import Assessment
from playlists.bookings import BookingFields, save_booking
from playlists.models import Advertiser, Booking
from tests.billing_helpers import add_screens, load_tariff
from tests.office import office_config
from tests.schedule_data import add_media
from videotron.core.clock import FixedClock

NOV20 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 09:00 WIB, before the December bookings start
CONFIG = office_config()


def office(s: Session, tmp_path: Path) -> None:
    """The tariff of `tests.billing_helpers` (zone A Rp2.500 a play, prime 17:00-21:00 x 1,5), its three screens
    (yamin in zone A), two advertisers of their own, and ad media of 15 s (1 block) and 30 s (2 blocks)."""
    load_tariff(s, tmp_path)
    add_screens(s)
    s.add(Advertiser(id="toko-maju", name="Toko Maju Jaya", address="Jl. Sudirman No. 1", npwrd="P.2.0001.12.07"))
    add_media(s, "spot-15", "ad", 15_040)
    add_media(s, "spot-15b", "ad", 14_900)
    add_media(s, "spot-30", "ad", 30_000)
    add_media(s, "psa-info", "psa", 20_000)
    s.flush()


def book(s: Session, clock: FixedClock, booking_id: str = "bk-1", *, plays: int = 10, screens: tuple[str, ...] = (
         "yamin",), start: date = date(2026, 12, 1), end: date = date(2026, 12, 31), band: str | None = "17:00-21:00",
         media: str = "spot-15", category: str = "komersial", advertiser: str = "adv1") -> Booking:  # fmt: skip
    terms = BookingFields(booking_id, advertiser, media, list(screens), category, plays, start, end, band)
    return save_booking(s, terms, actor="operator", clock=clock, new=True).row


def assess(s: Session, clock: FixedClock, booking_id: str = "bk-1") -> Assessment:
    return issue_assessment(s, booking_id, config=CONFIG, actor="bendahara", clock=clock)
