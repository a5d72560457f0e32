"""The database side of scheduling: read a screen's setup into plain inputs, build its plan for a day (with the
media the player needs: absolute path, sha256, kind, size), and explain why a media item is or is not on it.

`build_plan(session, screen_id, day)` is what the player and `videotron plan` call.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from playlists.compiler import Unschedulable, active_bookings, compile_plan, filler_sources
from playlists.inputs import BookingSpec, DaypartSpec, MediaInfo, PlaylistSpec, ScheduleInputs, ScreenSettings
from playlists.makegoods import grants_for
from playlists.media.store import stored_path
from playlists.models import Booking, BookingScreen, Daypart, Media, Playlist, Screen
from playlists.plan import Plan, PlanMedia
from playlists.timeline import HOUSE, day_frame, daypart_segments
from videotron.core.errors import NotFound


def get_screen(session: Session, screen_id: str) -> Screen:
    screen = session.get(Screen, screen_id)
    if screen is None:
        known = ", ".join(session.scalars(select(Screen.id).order_by(Screen.id))) or "none yet"
        raise NotFound(f"screen {screen_id!r} does not exist (known screens: {known})")
    return screen


def screen_settings(screen: Screen) -> ScreenSettings:
    return ScreenSettings(id=screen.id, timezone=screen.timezone, hours=screen.hours, loop_seconds=screen.loop_seconds,
                          psa_share=screen.psa_share, geometry=screen.geometry, fit=screen.fit,
                          standby_media=screen.standby_media_id)  # fmt: skip


def booking_spec(b: Booking, extra: dict[date, int] | None = None) -> BookingSpec:
    """A booking as compiler input; `extra` are the make-good plays granted on the screen being compiled."""
    return BookingSpec(id=b.id, advertiser=b.advertiser_id, media=b.media_id, plays_per_day=b.plays_per_day,
                       start_date=b.start_date, end_date=b.end_date, screens=tuple(sorted(b.screen_ids)), band=b.band,
                       status=b.status, extra_plays=tuple(sorted((extra or {}).items())))  # fmt: skip


def load_inputs(session: Session, screen_id: str, *, fresh: bool = False) -> ScheduleInputs:
    """Everything a screen's plans depend on. `fresh` re-reads rows already in the session (after a lock wait)."""
    opts = {"populate_existing": True} if fresh else {}
    screen = get_screen(session, screen_id)
    if fresh:
        session.refresh(screen)
    dayparts = session.scalars(
        select(Daypart).where(Daypart.screen_id == screen_id).order_by(Daypart.id).execution_options(**opts)
    ).all()
    playlist_ids = sorted({d.playlist_id for d in dayparts})
    playlists = session.scalars(
        select(Playlist).where(Playlist.id.in_(playlist_ids)).options(selectinload(Playlist.items))
        .execution_options(**opts)
    ).all()  # fmt: skip
    bookings = session.scalars(
        select(Booking).join(BookingScreen).where(BookingScreen.screen_id == screen_id, Booking.status == "active")
        .options(selectinload(Booking.screens)).order_by(Booking.id).execution_options(**opts)
    ).all()  # fmt: skip
    grants = grants_for(session, screen_id)
    wanted = {b.media_id for b in bookings} | {i.media_id for p in playlists for i in p.items}
    media_rows = session.scalars(
        select(Media).where((Media.kind != "ad") | Media.id.in_(sorted(wanted))).order_by(Media.id)
        .execution_options(**opts)
    ).all()  # fmt: skip
    return ScheduleInputs(
        screen=screen_settings(screen),
        media={m.id: MediaInfo(m.id, m.kind, m.duration_ms, m.approved) for m in media_rows},
        playlists={p.id: PlaylistSpec(p.id, tuple(i.media_id for i in p.items)) for p in playlists},
        dayparts=tuple(DaypartSpec(d.id, d.playlist_id, d.days, d.start, d.end, d.priority) for d in dayparts),
        bookings=tuple(booking_spec(b, grants.get(b.id)) for b in bookings),
    )


def plan_media(session: Session, media_ids: set[str]) -> dict[str, PlanMedia]:
    rows = session.scalars(select(Media).where(Media.id.in_(sorted(media_ids))).order_by(Media.id)).all()
    return {
        m.id: PlanMedia(id=m.id, path=str(stored_path(m.stored_name)), sha256=m.sha256, kind=m.kind,
                        is_image=m.is_image, duration_ms=m.duration_ms, width=m.width, height=m.height)
        for m in rows
    }  # fmt: skip


def build_plan(session: Session, screen_id: str, day: date) -> Plan:
    """The self-contained plan of one screen for one date (raises CapacityError if a booking cannot be honoured,
    ValidationError for a broken setup, NotFound for an unknown screen)."""
    inputs = load_inputs(session, screen_id)
    plan = compile_plan(inputs, day)
    used = {i.media for i in plan.items}
    if plan.standby_media:
        used.add(plan.standby_media)
    return replace(plan, media=plan_media(session, used))


def explain(session: Session, screen_id: str, day: date, media_id: str) -> list[str]:
    """Why `media_id` is or is not on the screen's plan for `day`, one reason per line."""
    inputs = load_inputs(session, screen_id)
    media = session.get(Media, media_id)
    if media is None:
        return [f"media {media_id!r} does not exist"]
    lines = [f"media {media_id}: {media.kind}, {media.duration_ms / 1000:g} s, "
             + ("approved by " + str(media.approved_by) if media.approved else
                ("rejected: " + media.rejected_reason if media.rejected_reason else "not approved yet"))]  # fmt: skip
    try:
        plan = compile_plan(inputs, day)
    except Unschedulable as exc:
        return [*lines, f"the plan cannot be compiled: {exc}"]
    count = sum(1 for i in plan.items if i.media == media_id)
    airing = [i for i in plan.items if i.media == media_id]
    if airing:
        times = ", ".join(f"{i.start:%H:%M:%S}" for i in airing[:5]) + (" ..." if len(airing) > 5 else "")
        lines.append(f"on the plan {count} time(s): {times}")
    else:
        lines.append(f"not on the plan of screen {screen_id} for {day}")
    if media.kind == "ad":
        lines += _explain_ad(session, inputs, day, media_id, plan)
    else:
        lines += _explain_fill(inputs, day, media_id)
    if inputs.screen.standby_media == media_id:
        lines.append("it is the screen's standby media (shown where no daypart is active, and when closed)")
    return lines


def _explain_ad(session: Session, inputs: ScheduleInputs, day: date, media_id: str, plan: Plan) -> list[str]:
    rows = session.scalars(select(Booking).where(Booking.media_id == media_id).order_by(Booking.id)).all()
    if not rows:
        return ["no booking uses it: ads air only through bookings"]
    aired = {b.id for b in active_bookings(inputs, day)}
    out = []
    for b in rows:
        why = []
        if b.status != "active":
            why.append(f"status {b.status}")
        if not b.start_date <= day <= b.end_date:
            why.append(f"outside its date range {b.start_date}..{b.end_date}")
        if inputs.screen.id not in b.screen_ids:
            why.append(f"not booked on this screen (screens: {', '.join(b.screen_ids)})")
        if not b.media.approved:
            why.append("its media is not approved")
        band = f", band {b.band}" if b.band else ", whole operating day"
        if b.id in aired and not why:
            n = sum(1 for i in plan.items if i.booking == b.id)
            out.append(f"booking {b.id} ({b.advertiser_id}): {n} of {b.plays_per_day} plays{band}")
        else:
            out.append(f"booking {b.id} ({b.advertiser_id}){band}: not airing: {'; '.join(why) or 'unknown'}")
    return out


def _explain_fill(inputs: ScheduleInputs, day: date, media_id: str) -> list[str]:
    frame = day_frame(inputs.screen, day)
    sources = filler_sources(inputs)
    segments = daypart_segments(frame, inputs.dayparts, set(sources) - {HOUSE})
    out = []
    holders = [p for p in inputs.playlists.values() if media_id in p.media]
    for p in sorted(holders, key=lambda p: p.id):
        parts = [d for d in inputs.dayparts if d.playlist == p.id]
        live = [f"{frame.at(lo):%H:%M}-{frame.at(hi):%H:%M}" for lo, hi, src in segments if src == p.id]
        names = ", ".join(f"{d.id} ({d.days} {d.start}-{d.end}, priority {d.priority})" for d in parts)
        out.append(
            f"in playlist {p.id}, used by daypart(s) {names or 'none on this screen'}; "
            f"it fills {', '.join(live) or 'no time on this day (outranked, not on this day, or empty)'}"
        )
    if not holders:
        out.append("in no playlist of this screen's dayparts")
    house = [f"{frame.at(lo):%H:%M}-{frame.at(hi):%H:%M}" for lo, hi, src in segments if src == HOUSE]
    if house and any(f.media == media_id for f in sources[HOUSE]):
        out.append(f"it fills time no daypart covers: {', '.join(house)}")
    return out
