"""Proof of display of the running texts on the player PC: running totals per text per day, uploaded when possible.

Its own table (`text_shown`) in the player's local log file (WAL, synchronous=FULL): the GUI thread counts (see
`player.ticker.Tally`) and hands the counts to the writer thread every `FLUSH_S` seconds, which adds them here in one
transaction; a kill -9 or a power cut loses at most the seconds since the last flush. Each row's `version` moves with
every addition; the upload sends rows whose version moved since their last upload, as absolute totals, into the
central `text_display` under the row's own id (installation-screen-day-text), so an upload repeated after a lost
answer changes nothing. Plain Python: no Qt.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from player.ticker import Shown
from playlists.models import TextDisplay

log = logging.getLogger(__name__)

FLUSH_S = 2.0  # the GUI thread's counts are committed locally this often (what a kill -9 may lose)
UPLOAD_S = 10.0  # the totals are uploaded at most this often; after a failure 2 s, 4 s... up to 60 s

SCHEMA = """
CREATE TABLE IF NOT EXISTS text_shown (
    id TEXT PRIMARY KEY, screen TEXT NOT NULL, installation TEXT NOT NULL, day TEXT NOT NULL, text_id TEXT NOT NULL,
    booking TEXT, shown_ms INTEGER NOT NULL DEFAULT 0, loops INTEGER NOT NULL DEFAULT 0, first_at TEXT, last_at TEXT,
    version INTEGER NOT NULL DEFAULT 0, uploaded_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ix_text_shown_pending ON text_shown (uploaded_version, version);
"""
UPSERT = """
INSERT INTO text_shown (id, screen, installation, day, text_id, booking, shown_ms, loops, first_at, last_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
ON CONFLICT (id) DO UPDATE SET shown_ms = shown_ms + excluded.shown_ms, loops = loops + excluded.loops,
    first_at = coalesce(min(first_at, excluded.first_at), first_at, excluded.first_at),
    last_at = coalesce(max(last_at, excluded.last_at), last_at, excluded.last_at), version = version + 1
"""


class LocalTextLog:
    def __init__(self, path: Path, installation: str, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.installation = installation
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._monotonic = monotonic
        self._next_upload = 0.0
        self._failures = 0

    def row_id(self, screen: str, day: str, text_id: str) -> str:
        return f"{self.installation}-{screen}-{day}-{text_id}"

    def add(self, screen: str, counts: dict[tuple[str, str], Shown], bookings: dict[str, str | None]) -> None:
        """Writer thread: add one flush's counts to the day's running totals, durably, in one transaction."""
        if not counts:
            return
        rows = [(self.row_id(screen, day, key), screen, self.installation, day, key, bookings.get(key), s.shown_ms,
                 s.loops, _text(s.first_at), _text(s.last_at)) for (day, key), s in counts.items()]  # fmt: skip
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(UPSERT, rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def rows(self, screen: str | None = None, day: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM text_shown WHERE 1 = 1", list[str]()
        if screen:
            sql, args = sql + " AND screen = ?", [*args, screen]
        if day:
            sql, args = sql + " AND day = ?", [*args, day]
        with self._lock:
            return [dict(r) for r in self._db.execute(sql + " ORDER BY day, text_id", args)]

    def push_if_due(self, sessions: sessionmaker[Session] | None, force: bool = False) -> int:
        """Writer thread: upload the totals that moved, if an attempt is due (or `force`); never raises."""
        if sessions is None or (not force and self._monotonic() < self._next_upload):
            return 0
        try:
            sent = self.push(sessions)
        except Exception as exc:  # database down: the totals wait here; the next upload carries them
            self._failures += 1
            delay = min(60.0, 2.0 * 2 ** (self._failures - 1)) * (1 + random.uniform(0, 0.2))
            self._next_upload = self._monotonic() + delay
            log.warning("cannot upload running-text proof of display (%s); next try in %.0f s", type(exc).__name__,
                        delay)  # fmt: skip
            return 0
        self._failures, self._next_upload = 0, self._monotonic() + UPLOAD_S
        return sent

    def push(self, sessions: sessionmaker[Session]) -> int:
        with self._lock:
            pending = [dict(r) for r in self._db.execute("SELECT * FROM text_shown WHERE version != uploaded_version")]
        if not pending:
            return 0
        with sessions.begin() as session:
            for r in pending:
                row = session.get(TextDisplay, r["id"]) or TextDisplay(id=r["id"])
                row.screen_id, row.installation, row.day, row.text_id = r["screen"], r["installation"], r["day"], (
                    r["text_id"])  # fmt: skip
                row.booking_id, row.shown_ms, row.loops = r["booking"], r["shown_ms"], r["loops"]
                row.first_at, row.last_at = _parse(r["first_at"]), _parse(r["last_at"])
                session.add(row)
        with self._lock:  # only the versions sent: an addition made meanwhile is uploaded next time
            self._db.executemany("UPDATE text_shown SET uploaded_version = ? WHERE id = ?",
                                 [(r["version"], r["id"]) for r in pending])  # fmt: skip
        log.info("uploaded running-text proof of display (%d row(s))", len(pending))
        return len(pending)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _text(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds") if moment else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
