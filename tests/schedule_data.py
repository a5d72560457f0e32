"""Test data for the scheduling tests: plain compiler inputs and the same setup as database rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.inputs import BookingSpec, DaypartSpec, MediaInfo, PlaylistSpec, ScheduleInputs, ScreenSettings
from playlists.models import Advertiser, Booking, BookingScreen, Daypart, Media, Playlist, PlaylistItem, Screen
from videotron.core.clock import Clock, FixedClock

ADDED = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def simple_inputs(hours: str = "06:00-22:00", tz: str = "Asia/Jakarta", bookings: tuple[BookingSpec, ...] = (),
                  psa_ms: tuple[int, ...] = (20_000, 15_000, 30_000), loop_seconds: int = 300,
                  psa_share: str = "0.3") -> ScheduleInputs:  # fmt: skip
    media = {f"psa-{n}": MediaInfo(f"psa-{n}", "psa", ms) for n, ms in enumerate(psa_ms)}
    for b in bookings:
        media.setdefault(b.media, MediaInfo(b.media, "ad", 15_000))
    return ScheduleInputs(
        screen=ScreenSettings("alun-alun", tz, hours, loop_seconds, Decimal(psa_share)),
        media=media,
        playlists={"info": PlaylistSpec("info", tuple(media_id for media_id in media if media_id.startswith("psa")))},
        dayparts=(DaypartSpec("all-day", "info", "mon-sun", "00:00", "24:00"),),
        bookings=bookings,
    )


def booking(bid: str, advertiser: str, plays: int, band: str | None = None, media: str | None = None,
            start: date = YEAR[0], end: date = YEAR[1], screens: tuple[str, ...] = ("alun-alun",)
            ) -> BookingSpec:  # fmt: skip
    return BookingSpec(bid, advertiser, media or f"ad-{bid}", plays, start, end, screens, band)


def add_media(s: Session, mid: str, kind: str, ms: int, approved: bool = True) -> Media:
    m = Media(id=mid, kind=kind, title=mid, original_name=f"{mid}.mp4", sha256=(mid.encode().hex() * 64)[:64],
              stored_name=f"ab/{mid}.mp4", size_bytes=1000, is_image=False, duration_ms=ms, width=640, height=320,
              approved_by="Kabid IKP" if approved else None, approved_at=ADDED if approved else None,
              added_at=ADDED)  # fmt: skip
    s.add(m)
    return m


def seed_screen(s: Session, sid: str = "alun-alun", hours: str = "06:00-22:00", tz: str = "Asia/Jakarta",
                psa_share: str = "0.3", loop_seconds: int = 300) -> Screen:  # fmt: skip
    """A screen with three PSA items in an all-day playlist, and two advertisers with one ad each."""
    screen = Screen(id=sid, name=sid, location="Jl. M. Yamin", zone="A", timezone=tz, hours=hours,
                    loop_seconds=loop_seconds, psa_share=Decimal(psa_share))  # fmt: skip
    s.add(screen)
    if s.get(Media, "psa-kb") is None:
        add_media(s, "psa-kb", "psa", 20_000)
        add_media(s, "psa-pajak", "psa", 15_000)
        add_media(s, "filler-logo", "filler", 10_000)
        add_media(s, "iklan-toko-maju", "ad", 15_000)
        add_media(s, "iklan-bank", "ad", 30_000)
        s.add(Advertiser(id="toko-maju", name="Toko Maju"))
        s.add(Advertiser(id="bank-nagari", name="Bank Nagari"))
        pl = Playlist(id="info-kota", name="Info kota")
        pl.items = [PlaylistItem(position=n, media_id=m) for n, m in enumerate(["psa-kb", "psa-pajak", "filler-logo"])]
        s.add(pl)
    s.flush()
    s.add(Daypart(id=f"{sid}-all", screen_id=sid, playlist_id="info-kota", days="mon-sun", start="00:00", end="24:00"))
    s.flush()
    return screen


def add_booking_row(s: Session, bid: str, advertiser: str, media: str, plays: int, screens: tuple[str, ...],
                    band: str | None = None, start: date = YEAR[0], end: date = YEAR[1]) -> Booking:  # fmt: skip
    """A booking row as entered (a draft: no SKRD yet, so the default airing gate holds it; see `issue_skrds`)."""
    b = Booking(id=bid, advertiser_id=advertiser, media_id=media, category="commercial", plays_per_day=plays,
                start_date=start, end_date=end, band=band, status="draft", created_at=ADDED)  # fmt: skip
    b.screens = [BookingScreen(screen_id=sid) for sid in screens]
    s.add(b)
    s.flush()
    return b


TARIFF = """\
name = "Tarif uji"
regulation = "Peraturan Walikota (uji)"
effective_from = 2026-01-01
block_seconds = 15
rounding = 100
due_days = 30
late_interest_percent = 2

[[rate]]
category = "commercial"
zone = "*"
unit = "play"
price = 1000
account = "4.1.2.02.01"
"""


def issue_skrds(s: Session, *booking_ids: str, clock: Clock | None = None) -> None:
    """Issue the SKRD of each booking (with a flat test tariff, imported once), so the default airing gate lets
    them air, as in an office: the plans these tests read are of assessed bookings."""
    from billing.assessments import issue_assessment
    from billing.models import TariffVersion
    from billing.tariff_file import read_tariff
    from billing.tariffs import import_tariff
    from tests.office import office_config

    clock = clock or FixedClock(ADDED)
    if s.scalar(select(TariffVersion.id).limit(1)) is None:
        import_tariff(s, read_tariff("tarif-uji.toml", TARIFF), actor="bendahara", clock=clock)
    for bid in booking_ids:
        issue_assessment(s, bid, config=office_config(), actor="bendahara", clock=clock)
