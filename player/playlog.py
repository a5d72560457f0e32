"""Proof of play on the player PC: one durable, hash-chained record per item attempt, uploaded when possible.

The local log is its own SQLite file (WAL, synchronous=FULL) so a power cut loses at most the item on air. Every
record has a uuid (the upload is idempotent: a record already in the central `play_log` is not inserted twice), a
per-screen `seq` and a hash chain (`hash` = sha256 of the record's canonical JSON including `prev_hash`), so a
record edited or deleted later breaks the chain. Plain Python: no Qt.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from player.sequencer import PlayRecord
from playlists.models import PlayLog
from playlists.playlog_chain import FIELDS, chain_problems, record_hash, utc_text
from videotron.core.paths import data_dir

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS play_record (
    id TEXT PRIMARY KEY, screen TEXT NOT NULL, seq INTEGER NOT NULL, day TEXT NOT NULL, media TEXT NOT NULL,
    sha256 TEXT NOT NULL, booking TEXT, planned_start TEXT NOT NULL, planned_end TEXT NOT NULL, started_at TEXT,
    ended_at TEXT, outcome TEXT NOT NULL CHECK (outcome IN ('played', 'failed', 'skipped')), reason TEXT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0,
    UNIQUE (screen, seq)
);
CREATE INDEX IF NOT EXISTS ix_play_record_day ON play_record (screen, day);
CREATE INDEX IF NOT EXISTS ix_play_record_pending ON play_record (uploaded);
"""


def default_log_path() -> Path:
    return data_dir() / "playlog.sqlite3"


class LocalPlayLog:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_log_path()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    def append(self, rec: PlayRecord) -> dict[str, Any]:
        """Commit one record (durably) and return it as stored."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                last = self._db.execute("SELECT seq, hash FROM play_record WHERE screen = ? ORDER BY seq DESC LIMIT 1",
                                        (rec.screen,)).fetchone()  # fmt: skip
                row: dict[str, Any] = {
                    "id": str(uuid.uuid4()), "screen": rec.screen, "seq": (last["seq"] + 1) if last else 1,
                    "day": rec.day or rec.planned_start.date().isoformat(), "media": rec.media, "sha256": rec.sha256,
                    "booking": rec.booking, "planned_start": utc_text(rec.planned_start),
                    "planned_end": utc_text(rec.planned_end), "started_at": utc_text(rec.started_at),
                    "ended_at": utc_text(rec.ended_at), "outcome": rec.outcome, "reason": rec.reason,
                    "prev_hash": last["hash"] if last else "",
                }  # fmt: skip
                row["hash"] = record_hash(row)
                cols = [*FIELDS, "hash"]
                self._db.execute(f"INSERT INTO play_record ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                 [row[c] for c in cols])  # fmt: skip
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return row

    def records(self, screen: str, day: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM play_record WHERE screen = ?", [screen]
        if day:
            sql, args = sql + " AND day = ?", [*args, day]
        with self._lock:
            return [dict(r) for r in self._db.execute(sql + " ORDER BY seq", args)]

    def pending(self, limit: int = 500) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM play_record WHERE uploaded = 0 ORDER BY screen, seq LIMIT ?",
                                    (limit,))  # fmt: skip
            return [dict(r) for r in rows]

    def mark_uploaded(self, ids: list[str]) -> None:
        with self._lock:
            self._db.executemany("UPDATE play_record SET uploaded = 1 WHERE id = ?", [(i,) for i in ids])

    def chain_problems(self, screen: str) -> list[str]:
        """Every place where the hash chain of `screen` is broken (an edited, inserted or deleted record)."""
        return chain_problems(self.records(screen))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def push_pending(local: LocalPlayLog, sessions: sessionmaker[Session], batch: int = 500) -> int:
    """Upload records not yet in the central `play_log`; idempotent (a known id is not inserted again)."""
    sent = 0
    while rows := local.pending(batch):
        with sessions.begin() as session:
            known = set(session.scalars(select(PlayLog.id).where(PlayLog.id.in_([r["id"] for r in rows]))))
            for r in rows:
                if r["id"] not in known:
                    session.add(PlayLog(
                        id=r["id"], screen_id=r["screen"], media_id=r["media"], sha256=r["sha256"],
                        booking_id=r["booking"], planned_start=_parse(r["planned_start"]),
                        started_at=_parse(r["started_at"]), ended_at=_parse(r["ended_at"]), outcome=r["outcome"],
                        reason=r["reason"][:500], seq=r["seq"], prev_hash=r["prev_hash"], hash=r["hash"],
                        planned_end=_parse(r["planned_end"]), day=r["day"],
                    ))  # fmt: skip
        local.mark_uploaded([r["id"] for r in rows])
        sent += len(rows)
        if len(rows) < batch:
            break
    if sent:
        log.info("uploaded %d play records", sent)
    return sent


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
