"""Make-goods: plays an emergency alert displaced, owed back to the advertiser, and the grants that pay them back.

The contract with the player: a booked play an alert kept off the screen is logged `skipped` with reason exactly
`alert` (`ALERT_REASON`), never `played`. Per booking and screen:

* owed = alert-skipped plays - make-good plays that aired;
* a grant (`MakeGood` row) adds `plays` to the booking's plays on one screen and day (the compiler airs
  `plays_per_day + grants` that day, see `BookingSpec.extra_plays`);
* a grant aired as far as that day's played count exceeds the booking's own plays: min(plays, played - base).

Days are the screen's calendar days (its time zone), like the plans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from playlists.models import Booking, PlayLog, Screen
from videotron.core.db import Base, UTCDateTime

ALERT_REASON = "alert"  # PlayLog.reason of a play displaced by an emergency alert (outcome "skipped")

Key = tuple[str, str]  # (booking id, screen id)


class MakeGood(Base):
    """Extra plays granted to a booking on one screen and day, to make up for plays an alert displaced."""

    __tablename__ = "make_good"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"))
    screen_id: Mapped[str] = mapped_column(ForeignKey("screen.id"))
    day: Mapped[date] = mapped_column(Date)
    plays: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(200), default=ALERT_REASON)

    __table_args__ = (
        CheckConstraint("plays > 0", name="plays_positive"),
        Index("ix_make_good_screen_day", "screen_id", "day"),
    )


def grants_for(session: Session, screen_id: str) -> dict[str, dict[date, int]]:
    """booking id -> day -> extra plays granted on this screen (what the compiler adds)."""
    out: dict[str, dict[date, int]] = defaultdict(dict)
    rows = session.execute(
        select(MakeGood.booking_id, MakeGood.day, func.sum(MakeGood.plays))
        .where(MakeGood.screen_id == screen_id)
        .group_by(MakeGood.booking_id, MakeGood.day)
    ).all()
    for booking_id, day, plays in rows:
        out[booking_id][day] = int(plays)
    return dict(out)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[midnight, next midnight) of a calendar day in `tz`, as UTC instants."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


@dataclass
class Ledger:
    """One booking on one screen: plays displaced by alerts and make-good plays granted and aired, by day."""

    skipped: dict[date, int]
    granted: dict[date, int]
    aired: dict[date, int]

    def owed_before(self, day: date) -> int:
        """Plays still owed at the start of `day` (grants on earlier days count as far as they aired)."""
        lost = sum(n for d, n in self.skipped.items() if d < day)
        return max(lost - sum(n for d, n in self.aired.items() if d < day), 0)

    def to_plan(self, day: date) -> int:
        """Plays still to grant from `day` on: owed, less grants already made for `day` or later."""
        lost = sum(self.skipped.values())
        done = sum(n for d, n in self.aired.items() if d < day)
        pending = sum(n for d, n in self.granted.items() if d >= day)
        return max(lost - done - pending, 0)


def ledgers(session: Session, *, screen_id: str | None = None, booking_ids: list[str] | None = None
            ) -> dict[Key, Ledger]:  # fmt: skip
    """The make-good ledger of every booking and screen that has alert-skipped plays or grants."""
    tz_of = {sid: ZoneInfo(tz) for sid, tz in session.execute(select(Screen.id, Screen.timezone)).all()}
    out: dict[Key, Ledger] = {}

    def ledger(key: Key) -> Ledger:
        return out.setdefault(key, Ledger({}, {}, {}))

    skipped = select(PlayLog.booking_id, PlayLog.screen_id, PlayLog.planned_start).where(
        PlayLog.outcome == "skipped", PlayLog.reason == ALERT_REASON, PlayLog.booking_id.is_not(None)
    )
    grants = select(MakeGood.booking_id, MakeGood.screen_id, MakeGood.day, func.sum(MakeGood.plays)).group_by(
        MakeGood.booking_id, MakeGood.screen_id, MakeGood.day
    )
    if screen_id is not None:
        skipped = skipped.where(PlayLog.screen_id == screen_id)
        grants = grants.where(MakeGood.screen_id == screen_id)
    if booking_ids is not None:
        skipped = skipped.where(PlayLog.booking_id.in_(booking_ids))
        grants = grants.where(MakeGood.booking_id.in_(booking_ids))
    for booking_id, sid, planned in session.execute(skipped).all():
        day = planned.astimezone(tz_of.get(sid, ZoneInfo("Asia/Jakarta"))).date()
        days = ledger((booking_id or "", sid)).skipped
        days[day] = days.get(day, 0) + 1
    for booking_id, sid, day, plays in session.execute(grants).all():
        lg = ledger((booking_id, sid))
        lg.granted[day] = int(plays)
        lg.aired[day] = _aired(session, booking_id, sid, day, int(plays), tz_of.get(sid, ZoneInfo("Asia/Jakarta")))
    return out


def _aired(session: Session, booking_id: str, screen_id: str, day: date, granted: int, tz: ZoneInfo) -> int:
    """How many of a day's granted plays aired: the plays beyond the booking's own plays that day."""
    lo, hi = day_bounds(day, tz)
    played = session.scalar(
        select(func.count()).select_from(PlayLog).where(
            PlayLog.screen_id == screen_id, PlayLog.booking_id == booking_id, PlayLog.outcome == "played",
            PlayLog.planned_start >= lo, PlayLog.planned_start < hi,
        )
    ) or 0  # fmt: skip
    booking = session.get(Booking, booking_id)
    base = booking.plays_per_day if booking and booking.start_date <= day <= booking.end_date else 0
    return min(granted, max(int(played) - base, 0))
