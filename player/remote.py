"""The player's link to the central database: upload play records with backoff, refresh the plan, fetch media.

Uploads run on the player's network thread and plans on its plans thread (`MediaSync` has its own fetch thread);
play records are committed to the local log first, on the writer thread, and the database is only ever a follower:
when the server is down the screen keeps playing its cached plan, records pile up in the local log, and upload
attempts back off (2 s, 4 s, 8 s, then every 15 s, with jitter so the players of a town do not knock at the same
instant). The first upload that succeeds sends everything still pending; the upload is idempotent (see
`push_pending`), so a commit whose answer was lost is harmless. Plain Python: no Qt.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from player import plan_source
from player.plan_worker import PlanWorker, file_fingerprint
from player.playlog import LocalPlayLog, push_pending
from player.sequencer import PlayRecord
from player.sync import MediaSync
from playlists.plan import Plan, PlanMedia, load_plan_file
from videotron.core.errors import VideotronError

log = logging.getLogger(__name__)

AHEAD_EVERY_S = 3600.0  # the days ahead are compiled again this often (today's plan every refresh)


class Remote:
    def __init__(self, sessions: sessionmaker[Session] | None, local_log: LocalPlayLog, *, fetch_media: bool = True,
                 min_backoff_s: float = 2.0, max_backoff_s: float = 15.0,
                 monotonic: Callable[[], float] = time.monotonic, worker: PlanWorker | None = None,
                 ) -> None:  # fmt: skip
        self.sessions = sessions
        self.worker = worker  # compiles refreshed plans in a child process (else here, on the calling thread)
        self.local_log = local_log
        self.media = MediaSync(sessions) if sessions is not None and fetch_media else None
        self.min_backoff_s = min_backoff_s
        self.max_backoff_s = max_backoff_s
        self._monotonic = monotonic
        self._failures = 0
        self._next_try = 0.0
        self._down_since: float | None = None
        self.uploaded = 0  # records sent by this process (for logs and tests)
        self._plan: Plan | None = None  # the latest plan handed to the player, and its fingerprint once known
        self._plan_fingerprint: str | None = None
        self._ahead_due = 0.0  # monotonic time the days ahead are due to be compiled again
        self.stopping = threading.Event()  # the player is closing: no more compiles ahead

    # ---- play records (network thread) --------------------------------------------------------------------------
    def append(self, record: PlayRecord) -> dict[str, Any]:
        """Commit `record` to the local log (durably), then upload what is pending if an attempt is due."""
        return self.append_all([record])[0]

    def append_all(self, records: list[PlayRecord]) -> list[dict[str, Any]]:
        """Commit the records of one moment together (one transaction), then upload if an attempt is due."""
        rows = self.local_log.append_all(records)
        self.push_if_due()
        return rows

    def push_if_due(self) -> int:
        if self.sessions is None or self._monotonic() < self._next_try:
            return 0
        return self.push()

    def push(self) -> int:
        """One upload attempt now; a failure is logged and schedules the next attempt (never raises)."""
        if self.sessions is None:
            return 0
        try:
            sent = push_pending(self.local_log, self.sessions)
        except Exception as exc:  # down, restarting, refused: the records wait in the local log
            self._failed(exc)
            return 0
        if self._down_since is not None:
            log.info("central database back after %.0f s (%d failed attempt(s)): uploaded %d held play record(s)",
                     self._monotonic() - self._down_since, self._failures, sent)  # fmt: skip
        self._failures, self._next_try, self._down_since = 0, 0.0, None
        self.uploaded += sent
        return sent

    def _failed(self, exc: Exception) -> None:
        now = self._monotonic()
        self._failures += 1
        delay = min(self.max_backoff_s, self.min_backoff_s * 2 ** (self._failures - 1))
        delay *= 1 + random.uniform(0, 0.2)
        self._next_try = now + delay
        if self._down_since is None:
            self._down_since = now
            log.warning("cannot upload play records (%s: %s); they stay in the local log, next try in %.1f s",
                        type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "", delay)  # fmt: skip
        else:
            log.info("upload attempt %d failed (%s); next try in %.1f s", self._failures, type(exc).__name__, delay)

    def final_push(self) -> None:
        """At exit: one last attempt whatever the backoff says; what fails is sent by the next start."""
        if self.sessions is None:
            return
        self.push()
        if self._down_since is not None:
            pending = len(self.local_log.pending(100_000))
            log.warning("exiting with %d play record(s) not uploaded; the next start sends them", pending)

    # ---- plan and media -----------------------------------------------------------------------------------------
    def refresh(self, screen: str, day: date) -> Plan:
        """Plans thread: today's plan (database, else the cache), its missing media queued for fetching.

        When the plan did not change, the plan object already on air is returned, so the GUI thread can tell by
        identity: hashing a dense day's plan (30,000 items) takes ~0.5 s, a visible stall on that thread.
        """
        if self.worker is None:
            plan: Plan | None = plan_source.load_plan(screen, day, self.sessions)
            fingerprint = plan.fingerprint()  # type: ignore[union-attr]
        else:  # compiled in the child; here only the cache file's hash, and reading it when the plan changed
            path, fingerprint = self._compiled(screen, day)
            plan = None
        if self._plan is not None:
            if self._plan_fingerprint is None:
                self._plan_fingerprint = self._plan.fingerprint()
            if fingerprint == self._plan_fingerprint:
                plan = self._plan
        if plan is None:
            plan = load_plan_file(path)
        self.fetch_media(plan)
        self._plan_fingerprint = fingerprint
        return plan

    def _compiled(self, screen: str, day: date) -> tuple[Path, str]:
        """The plan file to run and its fingerprint: the child's fresh compile, else (database down...) the cache."""
        try:
            fingerprint, path = self.worker.compile(screen, day)  # type: ignore[union-attr]
            return path, fingerprint
        except Exception as exc:  # the same fallback as plan_source.load_plan: the screen keeps the cached plan
            problem = str(exc)
            log.warning("cannot compile the plan of %s for %s from the database (%s); using the cache", screen, day,
                        problem)  # fmt: skip
        path = plan_source.cache_path(screen, day)
        if not path.exists():
            raise VideotronError("player.no_plan", "no plan for screen {screen} on {day}: database unusable ({why}) "
                                 "and no cached plan", screen=screen, day=day.isoformat(), why=problem)  # fmt: skip
        return path, file_fingerprint(path)

    def plan_for(self, screen: str, day: date, compile_missing: bool = True) -> Plan | None:
        """Plans thread: the plan of another day than the one on air: the cache (compiled ahead), else compiled now
        in the child when there is a database (and `compile_missing`); None when neither has it. Its missing media
        are queued for fetching."""
        path = plan_source.cache_path(screen, day)
        if not path.exists() and self.worker is not None and compile_missing:
            try:
                path = self.worker.compile(screen, day)[1]
            except Exception as exc:
                log.warning("cannot compile the plan of %s for %s (%s)", screen, day, exc)
        if not path.exists():
            return None
        plan = load_plan_file(path)
        if self.media is not None:
            self.media.request(plan)
        return plan

    def compile_ahead(self, screen: str, today: date, days: int) -> bool:
        """Plans thread, at most once per AHEAD_EVERY_S: the plans of the `days` days from today compiled and cached
        by the child, and every media they name fetched and verified now, so days offline still have their files.
        True when it ran."""
        if self.worker is None or self._monotonic() < self._ahead_due:
            return False
        self._ahead_due = self._monotonic() + AHEAD_EVERY_S
        media: dict[str, PlanMedia] = {}
        for n in range(1, days):  # day by day, so a player closing waits for one compile at most
            if self.stopping.is_set():
                return False
            try:
                media.update(self.worker.compile_media(screen, today + timedelta(days=n)))
            except Exception as exc:
                log.warning("cannot compile the plan of %s for %s ahead (%s); tried again at the next refresh",
                            screen, today + timedelta(days=n), exc)  # fmt: skip
                self._ahead_due = 0.0
                return False
        plan_source.prune_cache(screen, today - timedelta(days=1))
        if self.media is not None:
            self.media.request(Plan(screen, today, "UTC", [], media))
        log.info("plans of %s cached %d days ahead (%d media)", screen, days, len(media))
        return True

    def fetch_media(self, plan: Plan) -> None:
        """Queue the fetch of what `plan` needs that this PC does not have (no-op without a database). Called from
        the GUI thread once at start (with the first plan), then from the plans thread by `refresh`."""
        if plan is not self._plan:
            self._plan, self._plan_fingerprint = plan, None
        if self.media is not None:
            self.media.request(plan)

    def close(self) -> None:
        if self.media is not None:
            self.media.close()
        if self.worker is not None:
            self.worker.close()
