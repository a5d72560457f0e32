"""Keeps the sequencer supplied with the screen's days, so a player offline for days plays each day's own plan.

The plan worker compiles and caches the screen's plans N days ahead (default 14) and their media are fetched and
verified ahead (`Remote.compile_ahead`); here the next day's plan is loaded from that cache on the plans thread and
handed to the sequencer before midnight (`Sequencer.next_plan`), which takes it by the clock. A day that began with
no plan (the built-in standby) is looked for again. GUI thread, except `_load` and `_ahead` (plans thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import date, timedelta

from PySide6.QtCore import QObject, Qt, Signal

from player.days import is_standby
from player.remote import Remote
from player.sequencer import Sequencer
from playlists.plan import Plan

log = logging.getLogger(__name__)

DAYS_AHEAD = 14


class DayKeeper(QObject):
    loaded = Signal(object, object, bool)  # day, its plan or None, whether it is a day ahead

    def __init__(self, screen: str, remote: Remote, writer: Executor, sequencer: Sequencer,
                 adopt: Callable[[Plan], None], days_ahead: int = DAYS_AHEAD) -> None:  # fmt: skip
        super().__init__()
        self.screen, self.remote, self.writer, self.sequencer = screen, remote, writer, sequencer
        self.adopt = adopt
        self.days_ahead = days_ahead
        self.loaded.connect(self._on_loaded, Qt.ConnectionType.QueuedConnection)

    def day_began(self, plan: Plan, starting: bool = False) -> None:
        """The sequencer moved to `plan`'s day (or started in it): that day's plan if it has none, the next one's.
        At start only from the cache: the first items must not share the CPU with the plan worker's start (its
        first compile ahead, at the first refresh, loads the next day again)."""
        if is_standby(plan) and not starting:
            self.writer.submit(self._load, plan.date, False, True)
        self.writer.submit(self._load, plan.date + timedelta(days=1), True, not starting)

    def refresh_ahead(self, today: date) -> None:
        """Compile and cache the days ahead (when due), then load the next day's plan again (it may have changed)."""
        self.writer.submit(self._ahead, today)

    # ---- plans thread ---------------------------------------------------------------------------------------
    def _ahead(self, today: date) -> None:
        if self.remote.compile_ahead(self.screen, today, self.days_ahead):
            self._load(today + timedelta(days=1), True, False)

    def _load(self, day: date, ahead: bool, compile_missing: bool) -> None:
        try:
            plan = self.remote.plan_for(self.screen, day, compile_missing)
        except Exception as exc:  # a damaged cache file, the child gone...: the day keeps what it has
            log.warning("cannot load the plan of %s for %s: %s", self.screen, day, exc)
            plan = None
        self.loaded.emit(day, plan, ahead)

    # ---- GUI thread -----------------------------------------------------------------------------------------
    def _on_loaded(self, day: date, plan: Plan | None, ahead: bool) -> None:
        current = self.sequencer.plan
        if plan is None:
            log.warning("no plan for screen %s on %s cached or compiled%s", self.screen, day,
                        ": it will show the standby picture" if ahead else "")  # fmt: skip
        elif ahead and day > current.date:
            log.info("the plan for %s is ready ahead of its day (%d items)", day, len(plan.items))
            self.sequencer.next_plan = plan
        elif day == current.date and is_standby(current):
            self.adopt(plan)
