"""Watch a feed (BMKG autogempa XML/JSON or a CAP 1.2 message) on a schedule and start alerts by itself.

APScheduler 3.x `BackgroundScheduler`: explicit time zone, one job with a stable id, coalescing and a misfire
grace, a module-level job function. The database is the memory: a message already turned into an alert is
recognised by its `source_ref`, so restarts and repeated reads never start a second alert. A feed that cannot be
fetched, or a message that is refused (below threshold, expired, a test), is logged and the next run tries again.
"""

from __future__ import annotations

import logging
import threading
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from videotron.alerts.bmkg import DEFAULT_MAX_AGE, DEFAULT_MIN_MAGNITUDE, apply_bmkg, parse_bmkg
from videotron.alerts.cap import apply_cap, parse_cap
from videotron.alerts.xmlsafe import MAX_BYTES, FeedRefused
from videotron.core.clock import Clock
from videotron.core.config import OFFICE_TZ
from videotron.core.errors import PermissionDenied, VideotronError
from videotron.core.i18n import render_error, say

log = logging.getLogger(__name__)

JOB_ID = "videotron-alert-watch"


def fetch(source: str, timeout: float = 10.0) -> bytes:
    """The feed's bytes from an http(s) or file URL, or a local path."""
    if "://" not in source:
        with Path(source).open("rb") as f:
            return f.read(MAX_BYTES + 1)
    if not source.startswith(("http://", "https://", "file://")):
        raise VideotronError("feed.scheme", "feed {url}: only http, https and file URLs (or a path) are read",
                             url=source)  # fmt: skip
    with urllib.request.urlopen(source, timeout=timeout) as resp:
        return bytes(resp.read(MAX_BYTES + 1))


def apply_feed(session: Session, data: bytes, *, clock: Clock, actor: str, source: str,
               min_magnitude: Decimal = DEFAULT_MIN_MAGNITUDE, max_age: timedelta = DEFAULT_MAX_AGE,
               zone: ZoneInfo, screen_ids: list[str] | None = None, language: str = "en") -> str:  # fmt: skip
    """Turn one fetched message into an alert (or nothing); returns what happened in one line in `language`."""
    if b"urn:oasis:names:tc:emergency:cap" in data[:4096] or data.lstrip().startswith(b"<alert"):
        cap = apply_cap(session, parse_cap(data, source), clock=clock, actor=actor, screen_ids=screen_ids,
                        source=source)  # fmt: skip
        return cap.summary(language, zone)
    quake = apply_bmkg(session, parse_bmkg(data, source), clock=clock, actor=actor, min_magnitude=min_magnitude,
                       max_age=max_age, screen_ids=screen_ids, source=source)  # fmt: skip
    return quake.summary(language, zone)


@dataclass
class WatchState:
    """What the job needs and what it did (read by the CLI and the tests)."""

    source: str
    sessions: sessionmaker[Session]
    clock: Clock
    actor: str
    min_magnitude: Decimal = DEFAULT_MIN_MAGNITUDE
    max_age: timedelta = DEFAULT_MAX_AGE
    screen_ids: list[str] | None = None
    max_runs: int | None = None
    language: str = "en"  # of the outcomes (the log is English whatever the user reads)
    zone: ZoneInfo = field(default_factory=lambda: OFFICE_TZ)  # the office's, for the times in the outcomes
    runs: int = 0
    outcomes: list[str] = field(default_factory=list)
    denied: PermissionDenied | None = None  # the user may not start or stop alerts: watching stops at once
    done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


def poll_feed(state: WatchState) -> None:
    """The scheduled job: fetch once, apply, record the outcome; never raises (the next run tries again)."""
    with state.lock:
        if state.done.is_set():
            return
        try:
            data = fetch(state.source)
            with state.sessions.begin() as s:
                outcome = apply_feed(s, data, clock=state.clock, actor=state.actor, source=state.source,
                                     min_magnitude=state.min_magnitude, max_age=state.max_age,
                                     screen_ids=state.screen_ids, language=state.language, zone=state.zone)  # fmt: skip
            log.info("%s", outcome)
        except PermissionDenied as exc:  # not the feed's fault and not going away: stop, the CLI exits 2
            state.denied = exc
            outcome = say(state.language, "watch.failed", "failed: {reason}", reason=render_error(exc, state.language))
            log.warning("watching %s: %s", state.source, exc)
            state.done.set()
        except FeedRefused as exc:
            outcome = say(
                state.language, "watch.refused", "refused: {reason}", reason=render_error(exc, state.language)
            )
            log.info("refused: %s", exc)
        except (OSError, VideotronError) as exc:
            reason = render_error(exc, state.language) if isinstance(exc, VideotronError) else str(exc)
            outcome = say(state.language, "watch.failed", "failed: {reason}", reason=reason)
            log.warning("watching %s: %s", state.source, exc)
        except Exception as exc:  # a job that dies silently would stop watching: log and go on
            outcome = say(state.language, "watch.failed", "failed: {reason}", reason=f"{type(exc).__name__}: {exc}")
            log.exception("watching %s", state.source)
        state.outcomes.append(outcome)
        state.runs += 1
        if state.max_runs is not None and state.runs >= state.max_runs:
            state.done.set()


def run_watch(state: WatchState, every_s: float) -> WatchState:
    """Poll every `every_s` seconds (first run at once) until `max_runs` runs or Ctrl-C."""
    tz = state.zone
    scheduler = BackgroundScheduler(timezone=tz)
    # The first run is now by the scheduler's own wall time (it waits in real time): the office clock may be a
    # test's fixed moment, which the scheduler would take for a run missed long ago.
    scheduler.add_job(poll_feed, "interval", seconds=every_s, args=[state], id=JOB_ID, replace_existing=True,
                      coalesce=True, max_instances=1, misfire_grace_time=max(1, int(every_s)),
                      next_run_time=datetime.now(tz))  # fmt: skip
    scheduler.start()
    try:
        while not state.done.wait(0.2):
            pass
    except KeyboardInterrupt:
        log.info("watch stopped")
    finally:
        scheduler.shutdown(wait=True)
    return state
