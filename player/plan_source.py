"""Where the player gets its plan: a plan file, or the screen's plan for its current day from the database, cached.

"Today" is the screen's date, in the screen's time zone, never the machine's (a kiosk PC is often set to UTC: from
00:00 to 07:00 WIB its date is still yesterday). Before any plan exists the zone comes from the database's screen row,
else from the zone remembered beside the cached plans.

The last plan exported from the database is kept in the data folder (one JSON per screen and day), so a database
that is down (or lost) does not stop the screen: the player runs the cached plan for that day. Media paths in the
plan point into this PC's own store (`player.sync.localize`), where `player.sync` puts the files it fetches from the
database.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from player.sync import localize
from playlists.plan import Plan, load_plan_file
from videotron.core.errors import VideotronError
from videotron.core.paths import data_dir
from videotron.core.zones import MAX_NAME, zone

log = logging.getLogger(__name__)


def _safe(screen: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in screen)


def cache_path(screen: str, day: date) -> Path:
    folder = data_dir() / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{_safe(screen)}-{day.isoformat()}.json"


def _zone_path(screen: str) -> Path:
    return data_dir() / "plans" / f"{_safe(screen)}.timezone"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # atomic: a power cut leaves the old or the new file, never half of one


def save_cache(plan: Plan) -> None:
    _write_atomic(cache_path(plan.screen, plan.date), plan.to_json())
    zone = _zone_path(plan.screen)
    if not zone.exists() or zone.read_text(encoding="utf-8").strip() != plan.timezone:
        _write_atomic(zone, plan.timezone + "\n")


def prune_cache(screen: str, keep_from: date) -> None:
    """Forget the cached plans of days before `keep_from` (the cache holds the days ahead, not the past)."""
    for path in (data_dir() / "plans").glob(f"{_safe(screen)}-????-??-??.json"):
        try:
            if date.fromisoformat(path.stem[-10:]) < keep_from:
                path.unlink()
        except (ValueError, OSError) as exc:
            log.warning("cannot prune %s: %s", path, exc)


def screen_zone(screen: str, sessions: sessionmaker[Session] | None) -> ZoneInfo | None:
    """The screen's time zone: the database's screen row when it answers, else the one remembered with the cache."""
    if sessions is not None:
        try:
            from playlists.models import Screen

            with sessions() as session:
                row = session.get(Screen, screen)
            if row is not None:
                return ZoneInfo(row.timezone)
        except Exception as exc:  # down or refusing: the cache may still know
            log.warning("cannot read the time zone of screen %s from the database (%s)", screen, exc)
    path = _zone_path(screen)
    if path.exists():
        try:
            return zone(path.read_text(encoding="utf-8").strip()[: MAX_NAME + 1])  # checked against the IANA list
        except (OSError, ValueError) as exc:
            log.warning("%s: not a usable time zone (%s)", path, exc)
    return None


def screen_today(screen: str, now: datetime, sessions: sessionmaker[Session] | None) -> date:
    """The screen's current date. Without any known zone (no database, nothing cached) there is no plan either, so
    the machine's own zone is only a last resort, said in the log."""
    zone = screen_zone(screen, sessions)
    if zone is None:
        log.warning("the time zone of screen %s is unknown (no database, no cached plan): using the machine's", screen)
        return now.astimezone().date()
    return now.astimezone(zone).date()


def from_database(sessions: sessionmaker[Session], screen: str, day: date) -> Plan:
    from playlists.planning import build_plan  # the compiler service; imported late so --plan needs no database

    with sessions() as session:
        plan: Plan = localize(build_plan(session, screen, day))
    save_cache(plan)
    return plan


def load_plan(screen: str, day: date, sessions: sessionmaker[Session] | None) -> Plan:
    """Today's plan from the database when it answers, else the cached copy; raises when there is neither."""
    problem = "no database configured"
    if sessions is not None:
        try:
            return from_database(sessions, screen, day)
        except Exception as exc:  # database down, a setup the compiler refuses...: the screen keeps the cached plan
            problem = f"{type(exc).__name__}: {exc}"
            log.warning("cannot compile the plan of %s for %s from the database (%s); using the cache", screen, day,
                        problem)  # fmt: skip
    path = cache_path(screen, day)
    if path.exists():
        return load_plan_file(path)
    raise VideotronError("player.no_plan", "no plan for screen {screen} on {day}: database unusable ({why}) and no "
                         "cached plan", screen=screen, day=day.isoformat(), why=problem)  # fmt: skip
