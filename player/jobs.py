"""The coarse jobs (APScheduler 3.x): day rollover, operating hours, plan refresh, heartbeat.

Item-to-item timing is not here (that is the sequencer's precise clock loop). Jobs run on the scheduler's worker
thread and do nothing but emit a signal on `JobSignals`; the GUI thread does the work (Qt widgets and libVLC are
only touched there). Stable job ids, `coalesce=True` and a misfire grace time: after a suspend or a busy minute a
job runs once, not once per missed run.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from PySide6.QtCore import QObject, Signal

from playlists.plan import Plan

log = logging.getLogger(__name__)

MISFIRE_GRACE_S = 30


class JobSignals(QObject):
    day_rollover = Signal()
    plan_refresh = Signal()
    heartbeat = Signal()
    hours_changed = Signal()


def emit(signals: JobSignals, name: str) -> None:
    """The only thing a job does (module-level so the job is plain data)."""
    getattr(signals, name).emit()


class CoarseJobs:
    def __init__(self, signals: JobSignals, timezone: str, refresh_s: float = 30, heartbeat_s: float = 60,
                 with_database: bool = True) -> None:  # fmt: skip
        self.signals = signals
        self.scheduler = BackgroundScheduler(timezone=timezone, job_defaults={
            "coalesce": True, "misfire_grace_time": MISFIRE_GRACE_S, "max_instances": 1})  # fmt: skip
        self.refresh_s = refresh_s
        self.heartbeat_s = heartbeat_s
        self.with_database = with_database

    def start(self, plan: Plan) -> None:
        add = self.scheduler.add_job
        add(emit, "cron", args=[self.signals, "day_rollover"], id="day-rollover", hour=0, minute=0, second=1,
            replace_existing=True)  # fmt: skip
        add(emit, "interval", args=[self.signals, "heartbeat"], id="heartbeat", seconds=self.heartbeat_s,
            replace_existing=True)  # fmt: skip
        if self.with_database:
            add(emit, "interval", args=[self.signals, "plan_refresh"], id="plan-refresh", seconds=self.refresh_s,
                replace_existing=True)  # fmt: skip
        self.set_hours(plan)
        self.scheduler.start()

    def set_hours(self, plan: Plan) -> None:
        """Date jobs at today's opening and closing (the sequencer re-decides from the clock then)."""
        now = datetime.now(plan.tz)
        for job_id, moment in (("hours-open", plan.open_at), ("hours-close", plan.close_at)):
            if moment is not None and moment > now:
                self.scheduler.add_job(emit, "date", args=[self.signals, "hours_changed"], id=job_id,
                                       run_date=moment, replace_existing=True)  # fmt: skip
            elif self.scheduler.get_job(job_id) is not None:
                self.scheduler.remove_job(job_id)

    def jobs(self) -> list[Any]:
        return list(self.scheduler.get_jobs())

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
