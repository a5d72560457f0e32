"""Proof of play on the player PC: one durable, hash-chained record per item attempt, uploaded when possible.

The local log is its own SQLite file (WAL, synchronous=FULL) so a power cut loses at most the item on air. Every
record has a uuid (the upload is idempotent: a record already in the central `play_log` is not inserted twice), a
per-screen `seq` and a hash chain (`hash` = sha256 of the record's canonical JSON including `prev_hash`), so a
record edited or deleted later breaks the chain. Each record's final hash is signed with the installation's own
Ed25519 key (`player/playlog_key.py`), on the writer thread that commits it, so the central database cannot forge
or alter a record unnoticed either (`playlists.playlog_signatures`). Plain Python: no Qt.
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

from player.playlog_key import PlayerKey, create_key, load_key
from player.sequencer import PlayRecord
from playlists.models import PlayLog
from playlists.playlog_chain import FIELDS, chain_problems, record_hash, utc_text
from playlists.playlog_signatures import register_installation
from videotron.core.paths import data_dir

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS play_record (
    id TEXT PRIMARY KEY, screen TEXT NOT NULL, seq INTEGER NOT NULL, day TEXT NOT NULL, media TEXT NOT NULL,
    sha256 TEXT NOT NULL, booking TEXT, planned_start TEXT NOT NULL, planned_end TEXT NOT NULL, started_at TEXT,
    ended_at TEXT, outcome TEXT NOT NULL CHECK (outcome IN ('played', 'failed', 'skipped', 'on_air')),
    reason TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0,
    installation TEXT NOT NULL DEFAULT '', sig TEXT NOT NULL DEFAULT '', UNIQUE (screen, installation, seq)
);
CREATE INDEX IF NOT EXISTS ix_play_record_day ON play_record (screen, day);
CREATE INDEX IF NOT EXISTS ix_play_record_pending ON play_record (uploaded);
CREATE INDEX IF NOT EXISTS ix_play_record_on_air ON play_record (screen, planned_start) WHERE outcome = 'on_air';
CREATE TABLE IF NOT EXISTS player_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
COLUMNS = [*FIELDS, "hash", "installation", "sig"]
INTERRUPTED = "interrupted: the player stopped while it was on air (power cut or crash)"


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
        upgrade_local_schema(self._db)
        self._db.executescript(SCHEMA)
        self.installation, self.key = self._installation()

    def _installation(self) -> tuple[str, PlayerKey | None]:
        """This log's installation id and signing key: a new log (a new PC, a wiped data folder) gets a new id, its
        own chain and a new key; so does an installation whose key file is gone (a log from before keys, a deleted
        key), so every record from now on is signed. A log from before installations keeps "" and goes on with its
        chain, unsigned."""
        row = self._db.execute("SELECT value FROM player_meta WHERE key = 'installation'").fetchone()
        if row is not None:
            key = load_key(self.path, str(row["value"])) if row["value"] else None
            if key is not None or not row["value"]:
                return str(row["value"]), key
            log.warning("installation %s of %s has no signing key (from before keys, or deleted): a new installation "
                        "signs the records from now on", row["value"], self.path)  # fmt: skip
        elif self._db.execute("SELECT 1 FROM play_record LIMIT 1").fetchone() is not None:
            self._db.execute("INSERT INTO player_meta (key, value) VALUES ('installation', '')")
            return "", None
        value = uuid.uuid4().hex
        key = create_key(self.path, value)  # before the id is committed: an id is never without its key
        if row is None:  # a plain INSERT: two processes creating one log cannot both believe they won
            self._db.execute("INSERT INTO player_meta (key, value) VALUES ('installation', ?)", (value,))
        else:
            self._db.execute("UPDATE player_meta SET value = ? WHERE key = 'installation'", (value,))
        return value, key

    def _sign(self, row: dict[str, Any]) -> str:
        """The signature of `row`'s hash (hex), "" for a record of another installation than this key's."""
        return self.key.sign(row["hash"]) if self.key and row["installation"] == self.installation else ""

    def append(self, rec: PlayRecord) -> dict[str, Any]:
        """Commit one record (durably) and return it as stored. An item's end completes the record committed when it
        went on air (same seq, so the chain does not grow by one per item); it was never uploaded, see `pending`."""
        return self.append_all([rec])[0]

    def append_all(self, recs: list[PlayRecord]) -> list[dict[str, Any]]:
        """Commit the records of one moment in one transaction: at a take, the old item's end and the new item's
        start, so a power cut between the two cannot leave the new item unrecorded."""
        rows = []
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for rec in recs:
                    row = self._complete(rec) if rec.outcome != "on_air" and rec.started_at else None
                    rows.append(row or self._insert(rec))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        if recs and recs[-1].outcome == "on_air":  # durable now: what a power cut can no longer lose
            log.debug("recorded on air: %s at %s", recs[-1].media, recs[-1].planned_start)
        return rows

    def _insert(self, rec: PlayRecord) -> dict[str, Any]:
        last = self._db.execute("SELECT seq, hash FROM play_record WHERE screen = ? AND installation = ? ORDER BY seq "
                                "DESC LIMIT 1", (rec.screen, self.installation)).fetchone()  # fmt: skip
        seq = (last["seq"] + 1) if last else 1
        row = _row(rec) | {"seq": seq, "prev_hash": last["hash"] if last else "", "installation": self.installation}
        row["id"] = f"{self.installation}-{seq}" if self.installation else str(uuid.uuid4())
        row["hash"] = record_hash(row)
        row["sig"] = self._sign(row)
        self._db.execute(f"INSERT INTO play_record ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                         [row[c] for c in COLUMNS])  # fmt: skip
        return row

    def _complete(self, rec: PlayRecord) -> dict[str, Any] | None:
        """The on-air record of `rec`'s item completed in place, and the chain after it (records of the same moment:
        a failed cue, the next item on air; none uploaded yet) re-hashed."""
        found = self._db.execute(
            "SELECT * FROM play_record WHERE screen = ? AND installation = ? AND outcome = 'on_air'"
            " AND planned_start = ? AND media = ? ORDER BY seq DESC LIMIT 1",
            (rec.screen, self.installation, utc_text(rec.planned_start), rec.media),
        ).fetchone()
        if found is None:
            return None
        done = dict(found) | {k: v for k, v in _row(rec).items() if k in ("ended_at", "outcome", "reason")}
        self._rehash_from(done)
        return done

    def _rehash_from(self, first: dict[str, Any]) -> None:
        later = self._db.execute("SELECT * FROM play_record WHERE screen = ? AND installation = ? AND seq > ? ORDER BY "
                                 "seq", (first["screen"], first["installation"], first["seq"])).fetchall()  # fmt: skip
        prev = None
        for row in [first, *map(dict, later)]:
            if prev is not None:
                row["prev_hash"] = prev
            row["hash"] = prev = record_hash(row)
            row["sig"] = self._sign(row)  # re-signed with every re-hash: the signature is over the final hash
            self._db.execute("UPDATE play_record SET ended_at = ?, outcome = ?, reason = ?, prev_hash = ?, hash = ?, "
                             "sig = ? WHERE id = ?", (row["ended_at"], row["outcome"], row["reason"], row["prev_hash"],
                                                      row["hash"], row["sig"], row["id"]))  # fmt: skip

    def close_interrupted(self) -> int:
        """At start: every record still on air is an item cut by a power cut or a crash: recorded `skipped`,
        "interrupted", never lost. Returns how many."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM play_record WHERE outcome = 'on_air' ORDER BY seq").fetchall()
            for row in rows:
                self._db.execute("BEGIN IMMEDIATE")
                self._rehash_from(dict(row) | {"outcome": "skipped", "reason": INTERRUPTED})
                self._db.execute("COMMIT")
        if rows:
            log.warning("%d item(s) were on air when the player stopped: recorded skipped, interrupted", len(rows))
        return len(rows)

    def records(self, screen: str, day: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM play_record WHERE screen = ?", [screen]
        if day:
            sql, args = sql + " AND day = ?", [*args, day]
        with self._lock:
            return [dict(r) for r in self._db.execute(sql + " ORDER BY installation, seq", args)]

    def pending(self, limit: int = 500) -> list[dict[str, Any]]:
        with self._lock:
            # never a record on air, nor any after it: completing it changes its hash and the hashes after it
            rows = self._db.execute(
                "SELECT * FROM play_record p WHERE uploaded = 0 AND NOT EXISTS (SELECT 1 FROM play_record o WHERE "
                "o.outcome = 'on_air' AND o.screen = p.screen AND o.installation = p.installation AND o.seq <= p.seq) "
                "ORDER BY screen, installation, seq LIMIT ?", (limit,))  # fmt: skip
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
    """Upload records not yet in the central `play_log`; idempotent (a known id is not inserted again). The first
    upload of an installation registers its public key; a database holding another key for it refuses the batch."""
    sent = 0
    while rows := local.pending(batch):
        with sessions.begin() as session:
            if local.key is not None:
                for screen in sorted({r["screen"] for r in rows if r["installation"] == local.installation}):
                    register_installation(session, screen, local.installation, local.key.public_key)
            known = set(session.scalars(select(PlayLog.id).where(PlayLog.id.in_([r["id"] for r in rows]))))
            for r in rows:
                if r["id"] not in known:
                    session.add(PlayLog(
                        id=r["id"], screen_id=r["screen"], media_id=r["media"], sha256=r["sha256"],
                        booking_id=r["booking"], planned_start=_parse(r["planned_start"]),
                        started_at=_parse(r["started_at"]), ended_at=_parse(r["ended_at"]), outcome=r["outcome"],
                        reason=r["reason"][:500], seq=r["seq"], prev_hash=r["prev_hash"], hash=r["hash"],
                        planned_end=_parse(r["planned_end"]), day=r["day"], installation=r["installation"],
                        sig=r["sig"],
                    ))  # fmt: skip
        local.mark_uploaded([r["id"] for r in rows])
        sent += len(rows)
        if len(rows) < batch:
            break
    if sent:
        log.info("uploaded %d play records", sent)
    return sent


def _row(rec: PlayRecord) -> dict[str, Any]:
    return {
        "screen": rec.screen, "day": rec.day or rec.planned_start.date().isoformat(), "media": rec.media,
        "sha256": rec.sha256, "booking": rec.booking, "planned_start": utc_text(rec.planned_start),
        "planned_end": utc_text(rec.planned_end), "started_at": utc_text(rec.started_at),
        "ended_at": utc_text(rec.ended_at), "outcome": rec.outcome, "reason": rec.reason,
    }  # fmt: skip


def upgrade_local_schema(db: sqlite3.Connection) -> None:
    """A log from before signatures gets the `sig` column (its records stay unsigned). A log from before installations
    and on-air records: its table rebuilt with the columns and the wider check (SQLite cannot alter a check), every
    record kept as it was (and its hash with it)."""
    cols = [r[1] for r in db.execute("PRAGMA table_info(play_record)")]
    if "installation" in cols and "sig" not in cols:
        db.execute("ALTER TABLE play_record ADD COLUMN sig TEXT NOT NULL DEFAULT ''")
    if not cols or "installation" in cols:
        return
    db.executescript("BEGIN IMMEDIATE; ALTER TABLE play_record RENAME TO play_record_old; DROP INDEX IF EXISTS "
                     "ix_play_record_day; DROP INDEX IF EXISTS ix_play_record_pending;" + SCHEMA
                     + f"INSERT INTO play_record ({', '.join(cols)}) SELECT {', '.join(cols)} FROM play_record_old; "
                     "DROP TABLE play_record_old; COMMIT;")  # fmt: skip


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
