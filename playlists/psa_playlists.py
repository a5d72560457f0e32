"""Editing PSA playlists and dayparts outside the setup file (the operator app), one audited transaction each."""

from __future__ import annotations

import re

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.media.library import ID_PATTERN
from playlists.models import Daypart, Media, Playlist, PlaylistItem, Screen
from playlists.setup_file import HHMM, minutes
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize


def save_playlist(
    session: Session, playlist_id: str, name: str, items: list[str], *, actor: str, clock: Clock
) -> Playlist:
    """Create or replace a playlist's name and ordered items (PSA and filler only)."""
    authorize(session, actor, "playlist.edit")
    if not re.fullmatch(ID_PATTERN, playlist_id):
        raise VideotronError(f"playlist id {playlist_id!r} is not valid: use lowercase letters, digits and '-'")
    if not items:
        raise VideotronError(f"playlist {playlist_id!r} needs at least one item")
    for media_id in items:
        media = session.get(Media, media_id)
        if media is None:
            raise NotFound(f"media {media_id!r} does not exist")
        if media.kind == "ad":
            raise VideotronError(f"{media_id!r} is an ad; playlists hold PSA and filler (ads air through bookings)")
    playlist = session.get(Playlist, playlist_id)
    before = None if playlist is None else {"name": playlist.name, "items": [i.media_id for i in playlist.items]}
    if playlist is None:
        playlist = Playlist(id=playlist_id, name=name or playlist_id)
        session.add(playlist)
    playlist.name = name or playlist_id
    after = {"name": playlist.name, "items": list(items)}
    if before != after:
        playlist.items.clear()
        session.flush()
        playlist.items.extend(PlaylistItem(position=n, media_id=m) for n, m in enumerate(items))
        audit.record(session, actor=actor, action="playlist.save", entity="playlist", entity_id=playlist_id,
                     before=before, after=after, clock=clock)  # fmt: skip
    session.flush()
    return playlist


def save_daypart(session: Session, *, screen: str, playlist: str, days: str, start: str, end: str, priority: int,
                 actor: str, clock: Clock, daypart_id: str | None = None) -> Daypart:  # fmt: skip
    authorize(session, actor, "daypart.edit")
    if session.get(Screen, screen) is None:
        raise NotFound(f"screen {screen!r} does not exist")
    if session.get(Playlist, playlist) is None:
        raise NotFound(f"playlist {playlist!r} does not exist")
    try:
        CronTrigger(day_of_week=days)
    except ValueError as exc:
        raise VideotronError(f"days {days!r} is not a day list like 'mon-fri' or 'sat,sun' ({exc})") from None
    if not re.fullmatch(HHMM, start) or not re.fullmatch(rf"{HHMM}|24:00", end):
        raise VideotronError(f"start {start!r} and end {end!r} must be HH:MM (end may be 24:00)")
    if minutes(end) <= minutes(start):
        raise VideotronError(f"end {end} must be after start {start} (split a daypart that crosses midnight)")
    ident = daypart_id or f"{screen}/{playlist}/{days}/{start}-{end}"
    row = session.get(Daypart, ident)
    values = {
        "screen_id": screen,
        "playlist_id": playlist,
        "days": days,
        "start": start,
        "end": end,
        "priority": priority,
    }
    before = None if row is None else {k: getattr(row, k) for k in values}
    if row is None:
        row = Daypart(id=ident, **values)
        session.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    if before != values:
        audit.record(session, actor=actor, action="daypart.save", entity="daypart", entity_id=ident, before=before,
                     after=values, clock=clock)  # fmt: skip
    session.flush()
    return row


def delete_daypart(session: Session, daypart_id: str, *, actor: str, clock: Clock) -> None:
    authorize(session, actor, "daypart.edit")
    row = session.get(Daypart, daypart_id)
    if row is None:
        raise NotFound(f"daypart {daypart_id!r} does not exist")
    before = {"screen_id": row.screen_id, "playlist_id": row.playlist_id, "days": row.days, "start": row.start,
              "end": row.end, "priority": row.priority}  # fmt: skip
    session.delete(row)
    audit.record(session, actor=actor, action="daypart.delete", entity="daypart", entity_id=daypart_id,
                 before=before, after=None, clock=clock)  # fmt: skip


def dayparts_of(session: Session, screen_id: str | None = None) -> list[Daypart]:
    query = select(Daypart).order_by(Daypart.screen_id, Daypart.start, Daypart.priority.desc())
    if screen_id:
        query = query.where(Daypart.screen_id == screen_id)
    return list(session.scalars(query))
