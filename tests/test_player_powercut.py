"""The proof-of-play log through power cuts and wiped data folders (no screen: the log and the central database).

An item's record is committed when it goes on air and completed at its end (same record, never uploaded before);
at the next start a record still on air is completed `skipped`, "interrupted". A wiped data folder is a new
installation with its own chain, uploaded beside the old one without a conflict.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from player.playlog import INTERRUPTED, LocalPlayLog, push_pending
from playlists.models import PlayLog
from playlists.playlog_chain import central_rows, chain_problems
from tests.test_player_units import record


def on_air(n: int):  # type: ignore[no-untyped-def]
    return replace(record(n), ended_at=None, outcome="on_air")


def test_a_record_committed_on_air_is_completed_at_the_items_end_and_uploaded_only_then(
    tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    store = LocalPlayLog(tmp_path / "log.sqlite3")
    store.append(record(0))
    first = store.append(on_air(1))
    failed = store.append(replace(record(2), started_at=None, ended_at=None, outcome="failed", reason="x"))
    # WHILE item 1 is on air only what came before it can be uploaded (completing it changes its hash)
    assert [r["seq"] for r in store.pending()] == [1]
    assert push_pending(store, sessions) == 1
    # WHEN it ends, its own record is completed (same seq) and the chain after it re-hashed
    done = store.append(record(1))
    assert (done["seq"], done["id"], done["outcome"]) == (first["seq"], first["id"], "played")
    rows = store.records("S1")
    assert [(r["seq"], r["outcome"]) for r in rows] == [(1, "played"), (2, "played"), (3, "failed")]
    assert rows[2]["hash"] != failed["hash"] and store.chain_problems("S1") == []
    assert push_pending(store, sessions) == 2
    with sessions() as s:
        assert chain_problems(central_rows(s, "S1")) == []


def test_the_item_on_air_at_a_power_cut_is_recorded_interrupted_at_the_next_start(tmp_path: Path) -> None:
    store = LocalPlayLog(tmp_path / "log.sqlite3")
    store.append(record(0))
    store.append(on_air(1))
    store._db.close()  # the power goes: nothing else is written
    again = LocalPlayLog(tmp_path / "log.sqlite3")
    assert again.close_interrupted() == 1
    rows = again.records("S1")
    assert [(r["media"], r["outcome"], r["reason"]) for r in rows] == [("m0", "played", ""),
                                                                       ("m1", "skipped", INTERRUPTED)]  # fmt: skip
    assert rows[1]["started_at"] and rows[1]["ended_at"] is None
    assert again.chain_problems("S1") == [] and again.close_interrupted() == 0


def test_a_wiped_data_folder_is_a_new_installation_whose_uploads_never_conflict(
    tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    old = LocalPlayLog(tmp_path / "old.sqlite3")
    for n in range(3):
        old.append(record(n))
    assert push_pending(old, sessions) == 3
    new = LocalPlayLog(tmp_path / "new.sqlite3")  # the same screen after its data folder was wiped
    assert new.installation != old.installation and new.installation
    for n in range(3, 5):
        new.append(record(n))
    assert push_pending(new, sessions) == 2
    with sessions() as s:
        rows = list(s.scalars(select(PlayLog).order_by(PlayLog.installation, PlayLog.seq)))
        assert sorted((r.installation, r.seq) for r in rows) == sorted(
            [(old.installation, n) for n in (1, 2, 3)] + [(new.installation, n) for n in (1, 2)])  # fmt: skip
        assert all(r.id.startswith(r.installation) for r in rows)
        assert chain_problems(central_rows(s, "S1")) == []


def test_a_log_from_before_installations_keeps_its_records_and_its_chain(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    # a log written by the old schema (the same hash: no installation is hashed when there is none)
    db = sqlite3.connect(path)
    db.executescript("""CREATE TABLE play_record (
        id TEXT PRIMARY KEY, screen TEXT NOT NULL, seq INTEGER NOT NULL, day TEXT NOT NULL, media TEXT NOT NULL,
        sha256 TEXT NOT NULL, booking TEXT, planned_start TEXT NOT NULL, planned_end TEXT NOT NULL, started_at TEXT,
        ended_at TEXT, outcome TEXT NOT NULL CHECK (outcome IN ('played', 'failed', 'skipped')), reason TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0, UNIQUE (screen, seq));""")
    from playlists.playlog_chain import record_hash

    prev = ""
    for n in range(2):
        r = record(n)
        row = {"id": f"u{n}", "screen": "S1", "seq": n + 1, "day": r.day, "media": r.media, "sha256": r.sha256,
               "booking": r.booking, "planned_start": r.planned_start.isoformat(), "planned_end": "e",
               "started_at": None, "ended_at": None, "outcome": "played", "reason": "", "prev_hash": prev}  # fmt: skip
        row["hash"] = prev = record_hash(row)
        db.execute(
            f"INSERT INTO play_record ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
    db.commit()
    db.close()
    store = LocalPlayLog(path)
    assert store.installation == ""
    store.append(record(2))
    assert [r["seq"] for r in store.records("S1")] == [1, 2, 3] and store.chain_problems("S1") == []


def test_a_take_commits_the_old_items_end_and_the_new_items_start_together(tmp_path: Path) -> None:
    # GIVEN item 1 on air; WHEN item 2 is taken, its start and item 1's end go in one transaction
    store = LocalPlayLog(tmp_path / "log.sqlite3")
    store.append(on_air(1))
    broken = replace(on_air(2), outcome="no such outcome")  # the database refuses it (CHECK constraint)
    with pytest.raises(sqlite3.IntegrityError):
        store.append_all([record(1), broken])
    # THEN nothing of the moment is kept when any part fails: item 1 still on air, so a power cut now is not lost
    assert [(r["media"], r["outcome"]) for r in store.records("S1")] == [("m1", "on_air")]
    store.append_all([record(1), on_air(2)])
    store._db.close()  # the power goes right after the take
    again = LocalPlayLog(tmp_path / "log.sqlite3")
    assert again.close_interrupted() == 1
    assert [(r["media"], r["outcome"]) for r in again.records("S1")] == [("m1", "played"), ("m2", "skipped")]
