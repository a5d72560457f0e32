"""Database models for what an office sets up: screens, media, playlists, dayparts, advertisers, bookings,
plus what the players report back (play log, heartbeats)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_

MEDIA_KINDS = ("ad", "psa", "filler")
# A booking's lifecycle: entered (draft), its SKRD issued (assessed), its period over and its delivery settled
# (completed), or cancelled. Every status but cancelled holds its seats on the screens.
BOOKING_STATUSES = ("draft", "assessed", "completed", "cancelled")
LIVE_STATUSES = ("draft", "assessed", "completed")


class Screen(Base):
    __tablename__ = "screen"
    __audit_name__ = N_("screen")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "name", "location", "zone", "timezone", "geometry", "hours", "loop_seconds", "psa_share", "fit",
        "standby_media_id"
    )  # fmt: skip

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(300), default="")
    zone: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    geometry: Mapped[str] = mapped_column(String(64), default="fullscreen")
    hours: Mapped[str] = mapped_column(String(16), default="00:00-24:00")
    loop_seconds: Mapped[int] = mapped_column(Integer, default=300)
    psa_share: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.3"))
    fit: Mapped[str] = mapped_column(String(16), default="contain")
    standby_media_id: Mapped[str | None] = mapped_column(ForeignKey("media.id"), nullable=True)

    __table_args__ = (
        CheckConstraint("loop_seconds > 0", name="loop_positive"),
        CheckConstraint("psa_share >= 0 AND psa_share <= 1", name="psa_share_range"),
    )


class Media(Base):
    __tablename__ = "media"
    __audit_name__ = N_("media")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "kind", "sha256", "stored_name", "size_bytes", "duration_ms", "approved_by", "approved_at", "rejected_reason"
    )  # fmt: skip

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300), default="")
    original_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    stored_name: Mapped[str] = mapped_column(String(200))  # path inside the media store
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    is_image: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_ms: Mapped[int] = mapped_column(Integer)  # probed length, or the image's seconds x 1000
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    codec: Mapped[str] = mapped_column(String(64), default="")
    approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    rejected_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("kind IN ('ad', 'psa', 'filler')", name="kind_known"),
        CheckConstraint("duration_ms > 0", name="duration_positive"),
    )

    @property
    def approved(self) -> bool:
        return self.approved_by is not None and self.rejected_reason is None


class Playlist(Base):
    __tablename__ = "playlist"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    items: Mapped[list[PlaylistItem]] = relationship(
        order_by="PlaylistItem.position", cascade="all, delete-orphan", back_populates="playlist"
    )


class PlaylistItem(Base):
    __tablename__ = "playlist_item"

    playlist_id: Mapped[str] = mapped_column(ForeignKey("playlist.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_id: Mapped[str] = mapped_column(ForeignKey("media.id"))
    playlist: Mapped[Playlist] = relationship(back_populates="items")


class Daypart(Base):
    """Which PSA/filler playlist fills a screen on which days and hours; higher priority wins."""

    __tablename__ = "daypart"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"), index=True)
    playlist_id: Mapped[str] = mapped_column(ForeignKey("playlist.id"))
    days: Mapped[str] = mapped_column(String(64), default="mon-sun")  # APScheduler day_of_week syntax
    start: Mapped[str] = mapped_column(String(5))  # HH:MM
    end: Mapped[str] = mapped_column(String(5))  # HH:MM, "24:00" allowed
    priority: Mapped[int] = mapped_column(Integer, default=0)


class Advertiser(Base):
    __tablename__ = "advertiser"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500), default="")
    npwrd: Mapped[str] = mapped_column(String(64), default="")


class Booking(Base):
    """An advertiser's order: a media item, N plays a day on some screens, between two dates.

    Its status and the facts the airing gate reads (`paid_on`, `due_on`) and the media lengths its SKRD covers
    (`media_ms_min`..`media_ms_max`) are written by billing as SKRDs are issued, paid, amended or voided; the
    scheduling floor only reads them (`playlists.gate`, `playlists.bookings`)."""

    __tablename__ = "booking"
    __audit_name__ = N_("booking")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "advertiser_id", "media_id", "category", "plays_per_day", "start_date", "end_date", "band", "status", "paid_on",
        "due_on", "media_ms_min", "media_ms_max"
    )  # fmt: skip

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    advertiser_id: Mapped[str] = mapped_column(ForeignKey("advertiser.id"), index=True)
    media_id: Mapped[str] = mapped_column(ForeignKey("media.id"))
    category: Mapped[str] = mapped_column(String(64))
    plays_per_day: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # inclusive
    band: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "HH:MM-HH:MM" or None
    status: Mapped[str] = mapped_column(String(16), default="draft")  # BOOKING_STATUSES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # everything assessed paid in full that day
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # the earliest due date of what is still owed
    media_ms_min: Mapped[int | None] = mapped_column(Integer, nullable=True)  # media lengths its SKRD covers
    media_ms_max: Mapped[int | None] = mapped_column(Integer, nullable=True)

    screens: Mapped[list[BookingScreen]] = relationship(
        cascade="all, delete-orphan", order_by="BookingScreen.screen_id", back_populates="booking"
    )
    advertiser: Mapped[Advertiser] = relationship()
    media: Mapped[Media] = relationship()

    __table_args__ = (
        CheckConstraint("plays_per_day > 0", name="plays_positive"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("status IN ('draft', 'assessed', 'completed', 'cancelled')", name="status_known"),
    )

    @property
    def screen_ids(self) -> list[str]:
        return [bs.screen_id for bs in self.screens]


class BookingScreen(Base):
    __tablename__ = "booking_screen"

    booking_id: Mapped[str] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True)
    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"), primary_key=True)
    booking: Mapped[Booking] = relationship(back_populates="screens")


class CapacityLock(Base):
    """One row per screen; booking services lock it (SELECT ... FOR UPDATE) so two desks cannot both sell
    the last free seconds of a screen."""

    __tablename__ = "capacity_lock"

    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class PlayLog(Base):
    """Proof of play as received from the players; `id` is the player's own record id (idempotent upload)."""

    __tablename__ = "play_log"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    screen_id: Mapped[str] = mapped_column(String(64), index=True)
    media_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), default="")
    booking_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    planned_start: Mapped[datetime] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    day: Mapped[str] = mapped_column(String(10), default="")  # the plan's local date (part of the hash chain)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))  # played | failed | skipped
    reason: Mapped[str] = mapped_column(String(500), default="")
    seq: Mapped[int] = mapped_column(BigInteger, default=0)  # the player's local sequence number
    installation: Mapped[str] = mapped_column(String(32), default="", server_default="")  # whose chain ("" before 0012)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
    sig: Mapped[str] = mapped_column(String(128), default="", server_default="")  # Ed25519 over hash ("" before 0017)

    __table_args__ = (
        CheckConstraint("outcome IN ('played', 'failed', 'skipped')", name="outcome_known"),
        # Covering: a month's counts (delivery report, settlement) read the index alone, never the table rows.
        Index("ix_play_log_screen_planned", "screen_id", "planned_start", "booking_id", "outcome", "reason"),
        UniqueConstraint("screen_id", "installation", "seq", name="uq_play_log_screen_installation_seq"),
    )


class PlayerInstallation(Base):
    """A player installation's public key (Ed25519, hex), registered by its first upload; the key its play records'
    signatures are checked against (`playlists.playlog_signatures`). Never replaced: another key is refused."""

    __tablename__ = "player_installation"

    screen_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    installation: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())


class Heartbeat(Base):
    """The latest sign of life from each screen's player."""

    __tablename__ = "heartbeat"

    screen_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    current_media_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    screenshot_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class TextDisplay(Base):
    """Proof of display of one running text on one screen on one (local) day, as the player counted it.

    One row per player installation, screen, day and text; the player uploads its running totals again and again
    (idempotent: the row's `id` is its own), so the last upload of the day holds the day's figures."""

    __tablename__ = "text_display"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # installation-screen-day-text
    screen_id: Mapped[str] = mapped_column(String(64))
    installation: Mapped[str] = mapped_column(String(32), default="")
    day: Mapped[str] = mapped_column(String(10))  # the screen's local date, ISO
    text_id: Mapped[str] = mapped_column(String(64))  # the message's or the running-text booking's id
    booking_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    shown_ms: Mapped[int] = mapped_column(BigInteger, default=0)  # time any part of it was inside the band
    loops: Mapped[int] = mapped_column(Integer, default=0)  # complete passes across the band
    first_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_text_display_screen_day", "screen_id", "day", "text_id"),)


class ScreenLayout(Base):
    """A screen's layout in its own pixels (`playlists.layouts`): its default (`daypart_id` None) or a daypart's.

    `layout_json` is `Layout.to_dict()`, resolved (a band "at the bottom" stored as its box) and checked when saved.
    `sold_texts` (the default layout's) is how many sold running texts the screen's band carries a day: the
    running-text capacity rule (`playlists.running_texts`)."""

    __tablename__ = "screen_layout"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)  # the screen's id, or "<screen>@<daypart>"
    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"), index=True)
    daypart_id: Mapped[str | None] = mapped_column(ForeignKey("daypart.id"), nullable=True)
    layout_json: Mapped[str] = mapped_column(Text)
    sold_texts: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("sold_texts >= 0", name="sold_texts_nonnegative"),)


TEXT_STATUSES = ("active", "draft", "assessed", "completed", "cancelled")  # "active": an operator's message


class RunningText(Base):
    """A running text on some screens between two dates (optionally inside a band of hours): an operator's message
    (kind psa, status active) or a sold running-text booking (kind ad: advertiser, tariff category, and the
    booking lifecycle of `Booking`, written by billing as its SKRD is issued, paid or voided)."""

    __tablename__ = "running_text"
    __audit_name__ = N_("running text")
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "kind", "text", "start_date", "end_date", "band", "advertiser_id", "category", "status", "paid_on", "due_on"
    )  # fmt: skip

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # psa | ad
    text: Mapped[str] = mapped_column(String(500))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # inclusive
    band: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "HH:MM-HH:MM" or None: the whole day
    advertiser_id: Mapped[str | None] = mapped_column(ForeignKey("advertiser.id"), nullable=True, index=True)
    category: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # TEXT_STATUSES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    screens: Mapped[list[RunningTextScreen]] = relationship(
        cascade="all, delete-orphan", order_by="RunningTextScreen.screen_id", back_populates="running_text"
    )
    advertiser: Mapped[Advertiser | None] = relationship()

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("kind IN ('psa', 'ad')", name="kind_known"),
        CheckConstraint("status IN ('active', 'draft', 'assessed', 'completed', 'cancelled')", name="status_known"),
        CheckConstraint("kind = 'psa' OR (advertiser_id IS NOT NULL AND category IS NOT NULL)", name="sold_payer"),
    )

    @property
    def screen_ids(self) -> list[str]:
        return [s.screen_id for s in self.screens]


class RunningTextScreen(Base):
    __tablename__ = "running_text_screen"

    running_text_id: Mapped[str] = mapped_column(ForeignKey("running_text.id", ondelete="CASCADE"), primary_key=True)
    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"), primary_key=True)
    running_text: Mapped[RunningText] = relationship(back_populates="screens")
