"""Booking desk: enter an advertiser's order (refused if it would oversell a screen) and list orders.

Runs in the caller's transaction: the booking, its capacity check and its audit entry commit together.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from playlists.capacity import ensure_bookable
from playlists.inputs import parse_band
from playlists.models import Advertiser, Booking, BookingScreen, Media, Screen
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import Problem, ValidationError
from videotron.core.permissions import authorize

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def booking_record(b: Booking) -> dict[str, object]:
    """The audit-trail form of a booking."""
    return {"id": b.id, "advertiser": b.advertiser_id, "media": b.media_id, "category": b.category,
            "plays_per_day": b.plays_per_day, "start_date": b.start_date.isoformat(),
            "end_date": b.end_date.isoformat(), "band": b.band, "status": b.status,
            "screens": sorted(s.screen_id for s in b.screens)}  # fmt: skip


def add_booking(
    session: Session,
    *,
    booking_id: str,
    advertiser_id: str,
    media_id: str,
    screen_ids: list[str],
    category: str,
    plays_per_day: int,
    start_date: date,
    end_date: date,
    band: str | None,
    clock: Clock,
    actor: str,
) -> Booking:
    """Enter a new booking. ValidationError names each bad field; CapacityError if a screen cannot carry it.

    The media may still await approval: the airtime is reserved now, the ad airs once it is approved.
    """
    authorize(session, actor, "booking.edit")
    problems: list[Problem | str] = []
    if not _ID.match(booking_id or ""):
        problems.append(f"id: {booking_id!r} is not a usable booking id (letters, digits, . _ -)")
    elif session.get(Booking, booking_id) is not None:
        problems.append(f"id: booking {booking_id} already exists")
    if session.get(Advertiser, advertiser_id) is None:
        problems.append(f"advertiser: {advertiser_id!r} does not exist")
    media = session.get(Media, media_id)
    if media is None:
        problems.append(f"media: {media_id!r} does not exist")
    elif media.kind != "ad":
        problems.append(f"media: {media_id} is {media.kind} media; a booking airs ad media")
    screens = sorted(set(screen_ids))
    if not screens:
        problems.append("screens: name at least one screen")
    for sid in screens:
        if session.get(Screen, sid) is None:
            problems.append(f"screens: screen {sid!r} does not exist")
    if not category.strip():
        problems.append("category: must not be empty")
    if plays_per_day <= 0:
        problems.append(f"plays_per_day: {plays_per_day} must be at least 1")
    if end_date < start_date:
        problems.append(f"end: {end_date} is before start {start_date}")
    if band is not None:
        try:
            parse_band(band)
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems, source=f"booking {booking_id}")
    booking = Booking(id=booking_id, advertiser_id=advertiser_id, media_id=media_id, category=category.strip(),
                      plays_per_day=plays_per_day, start_date=start_date, end_date=end_date, band=band,
                      status="active", created_at=clock.now())  # fmt: skip
    booking.screens = [BookingScreen(screen_id=sid) for sid in screens]
    session.add(booking)
    session.flush()
    ensure_bookable(session, [booking_id])
    audit.record(session, actor=actor, action="booking.add", entity="booking", entity_id=booking_id,
                 after=booking_record(booking), clock=clock)  # fmt: skip
    return booking


def list_bookings(session: Session, *, screen_id: str | None = None, day: date | None = None) -> list[Booking]:
    """Bookings in id order, optionally only those on a screen and/or running on a day."""
    stmt = select(Booking).options(selectinload(Booking.screens)).order_by(Booking.id)
    if screen_id is not None:
        stmt = stmt.where(Booking.id.in_(select(BookingScreen.booking_id).where(BookingScreen.screen_id == screen_id)))
    if day is not None:
        stmt = stmt.where(Booking.start_date <= day, Booking.end_date >= day)
    return list(session.scalars(stmt))
