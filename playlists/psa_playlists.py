"""PSA playlists and dayparts: the one place each is checked and written (`save_playlist`, `save_daypart`), for the
setup file and the desk alike; one audited change each, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists import checks
from playlists.models import Daypart, Media, Playlist, PlaylistItem, Screen
from playlists.saving import ID_PATTERN, Saved, refuse, write
from playlists.screens import HHMM, minutes
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, Problem, problem
from videotron.core.permissions import authorize


@dataclass(frozen=True)
class PlaylistFields:
    id: str
    name: str
    items: list[str] = field(default_factory=list)  # media ids in playing order: PSA and filler only


@dataclass(frozen=True)
class DaypartFields:
    screen: str
    playlist: str
    start: str
    end: str
    days: str = "mon-sun"  # APScheduler's day_of_week syntax, so it means what the scheduler means by it
    priority: int = 0
    id: str | None = None  # default: screen/playlist/days/start-end

    @property
    def ident(self) -> str:
        return self.id or f"{self.screen}/{self.playlist}/{self.days}/{self.start}-{self.end}"


def playlist_problems(spec: PlaylistFields) -> list[Problem]:
    out: checks.Problems = []
    checks.matches(out, "id", spec.id, ID_PATTERN)
    checks.longest(out, "name", spec.name, 200)
    if not spec.items:
        out.append(problem("playlist.empty", "a playlist needs at least one item", "items"))
    for media_id in spec.items:
        checks.matches(out, "items", media_id, ID_PATTERN)
    return out


def save_playlist(session: Session, spec: PlaylistFields, *, actor: str, clock: Clock) -> Saved[Playlist]:
    """Create or replace a playlist's name (default: its id) and ordered items."""
    authorize(session, actor, "playlist.edit")
    problems = playlist_problems(spec)
    for media_id in spec.items if not problems else []:
        media = session.get(Media, media_id)
        if media is None:
            problems.append(problem("media.not_found", "media {value!r} does not exist", "items", value=media_id))
        elif media.kind == "ad":
            problems.append(problem("playlist.ad_item", "{value!r} is an ad; playlists hold PSA and filler (ads air "
                                    "through bookings)", "items", value=media_id))  # fmt: skip
    refuse(problems, f"playlist {spec.id}")
    row = session.get(Playlist, spec.id)
    old = [i.media_id for i in row.items] if row is not None else None
    saved = write(session, Playlist, spec.id, {"name": spec.name or spec.id}, entity="playlist", actor=actor,
                  clock=clock, lists={"items": (old, list(spec.items))})  # fmt: skip
    if old != spec.items:
        saved.row.items.clear()
        session.flush()
        saved.row.items.extend(PlaylistItem(position=n, media_id=m) for n, m in enumerate(spec.items))
    session.flush()
    return saved


def daypart_problems(spec: DaypartFields) -> list[Problem]:
    out: checks.Problems = []
    checks.matches(out, "screen", spec.screen, ID_PATTERN)
    checks.matches(out, "playlist", spec.playlist, ID_PATTERN)
    try:
        CronTrigger(day_of_week=spec.days)
    except (ValueError, TypeError) as exc:
        out.append(problem("daypart.days", "{value!r} is not a day list like 'mon-fri' or 'sat,sun' ({reason})",
                           "days", value=spec.days, reason=str(exc)))  # fmt: skip
    checks.longest(out, "days", spec.days, 64)
    start_ok = checks.matches(out, "start", spec.start, HHMM)
    if checks.matches(out, "end", spec.end, rf"{HHMM}|24:00") and start_ok and minutes(spec.end) <= minutes(spec.start):
        out.append(problem("daypart.end_before_start", "{end} must be after start {start} (split a daypart that "
                           "crosses midnight)", "end", end=spec.end, start=spec.start))  # fmt: skip
    checks.within(out, "priority", spec.priority, -1000, 1000)
    if spec.id is not None:
        checks.text(out, "id", spec.id, 200)
    return out


def save_daypart(session: Session, spec: DaypartFields, *, actor: str, clock: Clock) -> Saved[Daypart]:
    """Create or update the daypart `spec.ident`: which playlist fills a screen on which days and hours."""
    authorize(session, actor, "daypart.edit")
    problems = daypart_problems(spec)
    if not problems and not checks.exists(session, Screen, spec.screen):
        problems.append(problem("screen.not_found", "screen {value!r} does not exist", "screen", value=spec.screen))
    if not problems and not checks.exists(session, Playlist, spec.playlist):
        problems.append(problem("playlist.not_found", "playlist {value!r} does not exist", "playlist",
                                value=spec.playlist))  # fmt: skip
    refuse(problems, f"daypart {spec.ident}")
    values = {"screen_id": spec.screen, "playlist_id": spec.playlist, "days": spec.days, "start": spec.start,
              "end": spec.end, "priority": spec.priority}  # fmt: skip
    saved = write(session, Daypart, spec.ident, values, entity="daypart", actor=actor, clock=clock)
    session.flush()
    return saved


def delete_daypart(session: Session, daypart_id: str, *, actor: str, clock: Clock) -> None:
    authorize(session, actor, "daypart.edit")
    row = session.get(Daypart, daypart_id)
    if row is None:
        raise NotFound("daypart.not_found", "daypart {value!r} does not exist", value=daypart_id)
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
