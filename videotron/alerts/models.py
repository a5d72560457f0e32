"""The alert table: one emergency message, on all screens or on some, from `starts_at` until `ends_at` (or until
stopped). `source` says where it came from (manual, a CAP message, BMKG's earthquake feed) and `source_ref` which
message, so a feed read twice never starts the same alert twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_

SOURCES = ("manual", "cap", "bmkg")


class Alert(Base):
    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    media_id: Mapped[str | None] = mapped_column(ForeignKey("media.id"), nullable=True)
    all_screens: Mapped[bool] = mapped_column(Boolean, default=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    stopped_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    source_ref: Mapped[str] = mapped_column(String(300), default="")
    severity: Mapped[str] = mapped_column(String(32), default="")
    area: Mapped[str] = mapped_column(String(500), default="")

    screens: Mapped[list[AlertScreen]] = relationship(
        cascade="all, delete-orphan", order_by="AlertScreen.screen_id", back_populates="alert"
    )

    __table_args__ = (
        CheckConstraint("source IN ('manual', 'cap', 'bmkg')", name="source_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_alert_source_ref", "source", "source_ref"),
    )

    @property
    def screen_ids(self) -> list[str]:
        return [s.screen_id for s in self.screens]

    def state(self, now: datetime) -> str:
        """active | scheduled | stopped | ended, at `now` (catalogue words: `tr(state, language)` shows them)."""
        if self.stopped_at is not None:
            return N_("stopped")
        if now >= self.ends_at:
            return N_("ended")
        return N_("active") if now >= self.starts_at else N_("scheduled")


class AlertScreen(Base):
    __tablename__ = "alert_screen"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"), primary_key=True)
    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"), primary_key=True)
    alert: Mapped[Alert] = relationship(back_populates="screens")
