"""The database side of scheduling: read a screen's setup into plain inputs and build its plan for a day (with the
media the player needs: absolute path, sha256, kind, size). Why a media item is or is not on it: `playlists.explain`.

`build_plan(session, screen_id, day, airing=...)` is what the player and `videotron plan` call; `airing` is the
office's airing gate (`playlists.gate`; the player, which has no office configuration, compiles under the default).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from playlists.compiler import compile_plan
from playlists.gate import hold_of
from playlists.inputs import BookingSpec, DaypartSpec, MediaInfo, PlaylistSpec, ScheduleInputs, ScreenSettings
from playlists.makegoods import grants_for
from playlists.media.store import stored_path
from playlists.models import LIVE_STATUSES, Booking, BookingScreen, Daypart, Media, Playlist, Screen
from playlists.plan import Plan, PlanMedia
from playlists.text_plan import plan_layouts, plan_texts
from playlists.timeline import day_frame
from videotron.core.config import DEFAULT_AIRING
from videotron.core.errors import NotFound


def get_screen(session: Session, screen_id: str) -> Screen:
    screen = session.get(Screen, screen_id)
    if screen is None:
        known = list(session.scalars(select(Screen.id).order_by(Screen.id)))
        if not known:
            raise NotFound("screen.none_yet", "screen {value!r} does not exist (known screens: none yet)",
                           value=screen_id)  # fmt: skip
        raise NotFound("screen.unknown", "screen {value!r} does not exist (known screens: {known:list})",
                       value=screen_id, known=known)  # fmt: skip
    return screen


def screen_settings(screen: Screen) -> ScreenSettings:
    return ScreenSettings(id=screen.id, timezone=screen.timezone, hours=screen.hours, loop_seconds=screen.loop_seconds,
                          psa_share=screen.psa_share, geometry=screen.geometry, fit=screen.fit,
                          standby_media=screen.standby_media_id)  # fmt: skip


def booking_spec(b: Booking, extra: dict[date, int] | None = None, airing: str = DEFAULT_AIRING) -> BookingSpec:
    """A booking as compiler input; `extra` are the make-good plays granted on the screen being compiled, `airing`
    the office's airing gate."""
    return BookingSpec(id=b.id, advertiser=b.advertiser_id, media=b.media_id, plays_per_day=b.plays_per_day,
                       start_date=b.start_date, end_date=b.end_date, screens=tuple(sorted(b.screen_ids)), band=b.band,
                       status=b.status, extra_plays=tuple(sorted((extra or {}).items())),
                       hold=hold_of(b, airing))  # fmt: skip


def load_inputs(session: Session, screen_id: str, *, fresh: bool = False, airing: str = DEFAULT_AIRING
                ) -> ScheduleInputs:  # fmt: skip
    """Everything a screen's plans depend on, its bookings held back as the airing gate `airing` says (they still
    count for capacity). `fresh` re-reads rows already in the session (after a lock wait)."""
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
        select(Booking).join(BookingScreen)
        .where(BookingScreen.screen_id == screen_id, Booking.status.in_(LIVE_STATUSES))
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
        bookings=tuple(booking_spec(b, grants.get(b.id), airing) for b in bookings),
    )


def plan_media(session: Session, media_ids: set[str]) -> dict[str, PlanMedia]:
    rows = session.scalars(select(Media).where(Media.id.in_(sorted(media_ids))).order_by(Media.id)).all()
    return {
        m.id: PlanMedia(id=m.id, path=str(stored_path(m.stored_name)), sha256=m.sha256, kind=m.kind,
                        is_image=m.is_image, duration_ms=m.duration_ms, width=m.width, height=m.height)
        for m in rows
    }  # fmt: skip


def build_plan(session: Session, screen_id: str, day: date, *, airing: str = DEFAULT_AIRING) -> Plan:
    """The self-contained plan of one screen for one date under the airing gate `airing` (raises CapacityError if a
    booking cannot be honoured, ValidationError for a broken setup, NotFound for an unknown screen)."""
    inputs = load_inputs(session, screen_id, airing=airing)
    plan = compile_plan(inputs, day)
    frame = day_frame(inputs.screen, day)
    layouts = plan_layouts(session, frame, screen_id)
    texts = plan_texts(session, frame, screen_id, airing=airing)
    used = {i.media for i in plan.items} | {s.layout.logo.media for s in layouts if s.layout.logo is not None}
    if plan.standby_media:
        used.add(plan.standby_media)
    return replace(plan, media=plan_media(session, used), layouts=layouts, texts=texts)
