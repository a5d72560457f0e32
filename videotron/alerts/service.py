"""Start, stop and list emergency alerts, and what a player asks: which alerts are on air on my screen now?

Services run in the caller's transaction (`with sessions.begin() as s:`), so an alert, its audit entry and its
PostgreSQL NOTIFY commit together: a player woken by the notification always finds the row. The operator app's
alert button calls exactly `start_alert` / `stop_alert`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from playlists.media.store import stored_path
from playlists.models import Media, Screen
from videotron.alerts.models import SOURCES, Alert, AlertScreen
from videotron.alerts.notify import notify
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, Problem, ValidationError, VideotronError, problem
from videotron.core.formats import local_time
from videotron.core.i18n import say
from videotron.core.permissions import authorize

log = logging.getLogger(__name__)

DEFAULT_TITLE = "PERINGATAN DARURAT"
DEFAULT_MINUTES = 60
MAX_MESSAGE = 2000
MAX_TITLE = 200


@dataclass(frozen=True)
class AlertView:
    """What a player needs to show one alert (plain data; the player never sees the ORM)."""

    id: int
    title: str
    message: str
    issued_at: datetime
    ends_at: datetime
    media_id: str | None = None
    media_path: str | None = None
    media_sha256: str | None = None
    media_is_image: bool = False
    severity: str = ""


def started_line(language: str, alert: Alert, zone: ZoneInfo) -> str:
    """`started alert 3 until 14-03-2026 16:05 WIB`: what a feed's alert did, as the office reads the time."""
    return say(language, "alert.started_until", "started alert {id} until {until}", id=alert.id,
               until=local_time(alert.ends_at, zone))  # fmt: skip


def alert_record(a: Alert) -> dict[str, object]:
    """The audit-trail form of an alert."""
    return {"id": a.id, "title": a.title, "message": a.message, "media": a.media_id,
            "screens": "all" if a.all_screens else sorted(a.screen_ids), "starts_at": a.starts_at.isoformat(),
            "ends_at": a.ends_at.isoformat(), "stopped_at": a.stopped_at.isoformat() if a.stopped_at else None,
            "source": a.source, "source_ref": a.source_ref, "severity": a.severity, "area": a.area}  # fmt: skip


def start_alert(
    session: Session,
    *,
    message: str,
    clock: Clock,
    actor: str,
    title: str = DEFAULT_TITLE,
    media_id: str | None = None,
    screen_ids: list[str] | None = None,
    ends_at: datetime | None = None,
    minutes: float | None = None,
    starts_at: datetime | None = None,
    source: str = "manual",
    source_ref: str = "",
    severity: str = "",
    area: str = "",
) -> Alert:
    """Put an alert on the given screens (None: every screen) from `starts_at` (default now) until `ends_at`
    (or `minutes` later; default 60 minutes). ValidationError names each bad field."""
    authorize(session, actor, "alert.start")
    now = clock.now()
    start = starts_at or now
    problems: list[Problem] = []
    message, title = (message or "").strip(), (title or "").strip() or DEFAULT_TITLE
    if not message:
        problems.append(problem("alert.message_empty", "must not be empty", "message"))
    elif len(message) > MAX_MESSAGE:
        problems.append(problem("alert.message_long", "{length} characters, at most {maximum} fit on a screen",
                                "message", length=len(message), maximum=MAX_MESSAGE))  # fmt: skip
    if len(title) > MAX_TITLE:
        problems.append(problem("alert.title_long", "{length} characters, at most {maximum}", "title",
                                length=len(title), maximum=MAX_TITLE))  # fmt: skip
    if source not in SOURCES:
        problems.append(problem("alert.source", "{value!r} is not one of {sources:list}", "source", value=source,
                                sources=SOURCES))  # fmt: skip
    if media_id is not None:
        problems += _media_problems(session, media_id)
    if screen_ids is not None:
        problems += _screen_problems(session, screen_ids)
    if ends_at is not None and minutes is not None:
        problems.append(problem("alert.end_twice", "give an end time or a number of minutes, not both"))
    if minutes is not None and not 0 < minutes <= 7 * 24 * 60:
        problems.append(problem("alert.minutes", "{minutes:g} must be more than 0 and at most a week (10080)",
                                "minutes", minutes=minutes))  # fmt: skip
    end = ends_at or start + timedelta(minutes=minutes if minutes is not None else DEFAULT_MINUTES)
    if end <= max(start, now):
        problems.append(problem("alert.end_past", "{end} is not in the future", "end", end=end.isoformat()))
    if problems:
        raise ValidationError(problems, source="alert")
    alert = Alert(title=title, message=message, media_id=media_id, all_screens=screen_ids is None, issued_at=now,
                  issued_by=actor, starts_at=start, ends_at=end, source=source, source_ref=source_ref[:300],
                  severity=severity[:32], area=area[:500])  # fmt: skip
    alert.screens = [AlertScreen(screen_id=sid) for sid in sorted(set(screen_ids or []))]
    session.add(alert)
    session.flush()
    audit.record(session, actor=actor, action="alert.start", entity="alert", entity_id=str(alert.id),
                 after=alert_record(alert), clock=clock)  # fmt: skip
    notify(session, alert.id)
    where = "all screens" if alert.all_screens else ", ".join(alert.screen_ids)
    log.warning("alert %d started by %s on %s until %s: %s", alert.id, actor, where, end.isoformat(), title)
    return alert


def _media_problems(session: Session, media_id: str) -> list[Problem]:
    media = session.get(Media, media_id)
    if media is None:
        return [problem("alert.media_missing", "{media!r} does not exist", "media", media=media_id)]
    if media.rejected_reason:
        return [problem("alert.media_rejected", "{media} was rejected ({reason})", "media", media=media_id,
                        reason=media.rejected_reason)]  # fmt: skip
    return []


def _screen_problems(session: Session, screen_ids: list[str]) -> list[Problem]:
    if not screen_ids:
        return [problem("alert.no_screens", "name at least one screen, or use all screens", "screens")]
    return [problem("alert.screen_missing", "screen {screen!r} does not exist", "screens", screen=sid)
            for sid in sorted(set(screen_ids)) if session.get(Screen, sid) is None]  # fmt: skip


def stop_alert(session: Session, alert_id: int | None, *, clock: Clock, actor: str) -> list[Alert]:
    """Stop one alert, or (None) every alert on air or scheduled. Returns the alerts stopped."""
    authorize(session, actor, "alert.stop")
    now = clock.now()
    if alert_id is not None:
        alert = session.get(Alert, alert_id)
        if alert is None:
            raise NotFound("alert.not_found", "alert {id} does not exist", id=alert_id)
        if alert.state(now) in ("stopped", "ended"):
            when = alert.stopped_at or alert.ends_at
            if alert.state(now) == "stopped":
                raise VideotronError("alert.already_stopped", "alert {id} is not on air: it stopped at {when}",
                                     id=alert_id, when=when.isoformat())  # fmt: skip
            raise VideotronError("alert.already_ended", "alert {id} is not on air: it ended at {when}", id=alert_id,
                                 when=when.isoformat())  # fmt: skip
        targets = [alert]
    else:
        targets = list(session.scalars(_live(now).options(selectinload(Alert.screens)).order_by(Alert.id)))
    for alert in targets:
        before = alert_record(alert)
        alert.stopped_at, alert.stopped_by = now, actor
        session.flush()
        audit.record(session, actor=actor, action="alert.stop", entity="alert", entity_id=str(alert.id),
                     before=before, after=alert_record(alert), clock=clock)  # fmt: skip
        notify(session, alert.id)
        log.warning("alert %d stopped by %s", alert.id, actor)
    return targets


def _live(now: datetime) -> Select[Alert]:
    """Alerts not stopped and not yet ended (on air or scheduled)."""
    return select(Alert).where(Alert.stopped_at.is_(None), Alert.ends_at > now)


def list_alerts(session: Session, *, now: datetime, include_old: bool = False, limit: int = 50) -> list[Alert]:
    """Alerts on air or scheduled (and, with `include_old`, the latest stopped or ended ones), newest first."""
    stmt = select(Alert) if include_old else _live(now)
    stmt = stmt.options(selectinload(Alert.screens)).order_by(Alert.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def active_alerts(session: Session, screen_id: str, now: datetime) -> list[AlertView]:
    """The alerts on air on `screen_id` at `now`, newest first (a player shows the first)."""
    on_screen = select(AlertScreen.alert_id).where(AlertScreen.screen_id == screen_id)
    stmt = (
        select(Alert, Media)
        .outerjoin(Media, Media.id == Alert.media_id)
        .where(Alert.stopped_at.is_(None), Alert.starts_at <= now, Alert.ends_at > now)
        .where(or_(Alert.all_screens.is_(True), Alert.id.in_(on_screen)))
        .order_by(Alert.issued_at.desc(), Alert.id.desc())
    )
    out = []
    for alert, media in session.execute(stmt).all():
        out.append(AlertView(
            id=alert.id, title=alert.title, message=alert.message, issued_at=alert.issued_at, ends_at=alert.ends_at,
            media_id=alert.media_id, media_path=str(stored_path(media.stored_name)) if media else None,
            media_sha256=media.sha256 if media else None, media_is_image=bool(media and media.is_image),
            severity=alert.severity,
        ))  # fmt: skip
    return out


def alerts_version(session: Session) -> int:
    """A number that changes whenever an alert is started or stopped: a SQLite player polls it (~0.5 s) and
    re-reads `active_alerts` when it moves. Alerts are never deleted, so max(id) + stopped count only grows."""
    row = session.execute(select(func.coalesce(func.max(Alert.id), 0), func.count(Alert.stopped_at))).one()
    return int(row[0]) + int(row[1])


def next_change(session: Session, screen_id: str, now: datetime) -> datetime | None:
    """When the set of alerts on air on this screen changes by the clock alone (one starts or ends): a player
    re-reads `active_alerts` then, as no notification comes for an alert that simply runs out."""
    on_screen = select(AlertScreen.alert_id).where(AlertScreen.screen_id == screen_id)
    mine = or_(Alert.all_screens.is_(True), Alert.id.in_(on_screen))
    live = _live(now).where(mine).subquery()
    starts = session.scalar(select(func.min(live.c.starts_at)).where(live.c.starts_at > now))
    ends = session.scalar(select(func.min(live.c.ends_at)))
    moments = [m for m in (starts, ends) if m is not None]
    return min(moments) if moments else None
