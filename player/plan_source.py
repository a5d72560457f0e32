"""Where the player gets its plan: a plan file, or today's plan compiled from the database, cached locally.

The last plan exported from the database is kept in the data folder (one JSON per screen and day), so a database
that is down (or lost) does not stop the screen: the player runs the cached plan for that day. Media paths in the
plan point into this PC's own store (`player.sync.localize`), where `player.sync` puts the files it fetches from the
database.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from player.sync import localize
from playlists.plan import Plan, load_plan_file
from videotron.errors import VideotronError
from videotron.paths import data_dir

log = logging.getLogger(__name__)


def cache_path(screen: str, day: date) -> Path:
    folder = data_dir() / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in screen)
    return folder / f"{safe}-{day.isoformat()}.json"


def save_cache(plan: Plan) -> None:
    path = cache_path(plan.screen, plan.date)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(plan.to_json(), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a power cut leaves the old or the new plan, never half a file


def from_database(sessions: sessionmaker[Session], screen: str, day: date) -> Plan:
    from playlists.service import build_plan  # the compiler service; imported late so --plan needs no database

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
    raise VideotronError(f"no plan for screen {screen} on {day}: database unusable ({problem}) and no cached plan")
