"""Play records signed on the player PC (issue #18): each record's final hash signed with the installation's Ed25519
key, the key registered by the first upload, and `videotron playlog verify` naming every record forged, altered,
dropped or stripped of its signature in the central database (SQLite and PostgreSQL)."""

from __future__ import annotations

import stat
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from player.playlog import LocalPlayLog, push_pending
from player.playlog_key import key_path
from playlists.models import PlayerInstallation, PlayLog
from playlists.playlog_chain import central_rows, record_hash
from playlists.playlog_signatures import (
    fingerprint,
    register_installation,
    signature_reports,
    signature_valid,
    signed_message,
)
from tests.test_player_units import record
from videotron.cli import main
from videotron.core.db import make_session_factory
from videotron.core.errors import VideotronError


def on_air(n: int):  # type: ignore[no-untyped-def]
    return replace(record(n), ended_at=None, outcome="on_air")


def played_day(path: Path, sessions: sessionmaker[Session]) -> LocalPlayLog:
    """Five items as the player writes them (each committed on air, its end and the next start in one transaction),
    the last one ended, all uploaded."""
    local = LocalPlayLog(path)
    local.append(on_air(0))
    for n in range(1, 5):
        local.append_all([record(n - 1, "skipped" if n == 3 else "played"), on_air(n)])
    local.append(record(4))
    assert push_pending(local, sessions) == 5
    return local


def verify(db_url: str, *extra: str) -> int:
    return main(["--db", db_url, "playlog", "verify", "S1", "--log-file", "/nonexistent/log.sqlite3", *extra])


def test_the_players_records_are_signed_registered_uploaded_and_verified(
    any_engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sessions = make_session_factory(any_engine)
    local = played_day(tmp_path / "log.sqlite3", sessions)
    assert local.key is not None
    key_file = key_path(local.path, local.installation)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and b"PRIVATE KEY" in key_file.read_bytes()
    # every record, completed and re-hashed after its start was signed, carries the signature of its final hash
    rows = local.records("S1")
    assert all(signature_valid(local.key.public_key, r["hash"], r["sig"]) for r in rows) and len(rows) == 5
    with sessions() as s:
        registered = s.scalars(select(PlayerInstallation)).one()
        assert (registered.screen_id, registered.installation) == ("S1", local.installation)
        assert registered.public_key == local.key.public_key and registered.first_seen.tzinfo is not None
        assert [r["sig"] for r in central_rows(s, "S1")] == [r["sig"] for r in rows]
    local.append(record(5))
    assert push_pending(local, sessions) == 1  # the same key again: no second registration
    assert verify(db_url) == 0
    out = capsys.readouterr().out
    assert f"installation {local.installation}: key {local.key.fingerprint}, 6 record(s), 6 signed" in out
    assert "central: 6 record(s), chain intact" in out


def _forge(conn, seq: int, sig: str) -> None:  # type: ignore[no-untyped-def]
    """A `played` record appended by someone with the database but not the key, with a valid chain hash."""
    last = conn.execute(text("SELECT * FROM play_log WHERE seq = :seq"), {"seq": seq - 1}).mappings().one()
    row = {"id": f"{last['installation']}-{seq}", "screen": "S1", "seq": seq, "day": last["day"], "media": "m-ad",
           "sha256": last["sha256"], "booking": "B1", "planned_start": "2025-03-03T08:00:00.000+00:00",
           "planned_end": "2025-03-03T08:00:15.000+00:00", "started_at": "2025-03-03T08:00:00.000+00:00",
           "ended_at": "2025-03-03T08:00:15.000+00:00", "outcome": "played", "reason": "",
           "prev_hash": last["hash"], "installation": last["installation"]}  # fmt: skip
    row["hash"] = record_hash(row)
    start, end = datetime(2025, 3, 3, 8, tzinfo=UTC), datetime(2025, 3, 3, 8, 0, 15, tzinfo=UTC)
    # through the column types (aware times as the program stores them), not a naive literal that PostgreSQL would
    # read in its server's zone: the forgery must be perfect whatever zone the machine is in
    conn.execute(insert(PlayLog.__table__).values(
        id=row["id"], screen_id="S1", media_id=row["media"], sha256=row["sha256"], booking_id="B1",
        planned_start=start, planned_end=end, day=row["day"], started_at=start, ended_at=end, outcome="played",
        reason="", seq=seq, installation=row["installation"], prev_hash=row["prev_hash"], hash=row["hash"], sig=sig,
    ))  # fmt: skip


def _stranger_sig(conn) -> str:  # type: ignore[no-untyped-def]
    forged = conn.execute(text("SELECT hash FROM play_log WHERE seq = 5")).scalar_one()
    return Ed25519PrivateKey.generate().sign(signed_message(forged)).hex()


def _rechain_after_edit(conn) -> None:  # type: ignore[no-untyped-def]
    """Seq 3 (skipped) turned into `played`, and its hash and every later link recomputed: the chain holds."""
    conn.execute(text("UPDATE play_log SET outcome = 'played' WHERE seq = 3"))
    rows = central_rows(Session(bind=conn), "S1")
    prev = rows[1]["hash"]
    for row in rows[2:]:
        row["prev_hash"] = prev
        row["hash"] = prev = record_hash(row)
        conn.execute(text("UPDATE play_log SET prev_hash = :p, hash = :h WHERE id = :id"),
                     {"p": row["prev_hash"], "h": row["hash"], "id": row["id"]})  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "named"),
    [
        (lambda c: _forge(c, 6, ""), ["seq 6: no signature, but installation"]),
        (lambda c: _forge(c, 6, _stranger_sig(c)), ["seq 6: signature does not match installation"]),
        (_rechain_after_edit, [f"seq {n}: signature does not match installation" for n in (3, 4, 5)]),
        (lambda c: c.execute(text("DELETE FROM play_log WHERE seq = 2")), ["seq 3: expected seq 2"]),
        (lambda c: c.execute(text("UPDATE play_log SET sig = '' WHERE seq = 4")), ["seq 4: no signature"]),
        (lambda c: c.execute(text("DELETE FROM play_log")), ["no record of installation"]),
    ],
    ids=["forged-unsigned", "forged-other-key", "edited-rechained", "dropped", "stripped", "all-deleted"],
)
def test_records_forged_altered_or_dropped_in_the_database_are_named(
    any_engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper, named: list[str]
) -> None:  # type: ignore[no-untyped-def]
    played_day(tmp_path / "log.sqlite3", make_session_factory(any_engine)).close()
    with any_engine.begin() as conn:
        tamper(conn)
    assert verify(db_url) == 1
    out = capsys.readouterr().out
    assert all(f"S1 central {n}" in out for n in named), out
    assert "BROKEN" in out


def test_the_player_pc_sees_its_newest_uploaded_records_deleted(
    any_engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the newest record deleted leaves no gap in the central chain; the player's own log still holds it
    played_day(tmp_path / "log.sqlite3", make_session_factory(any_engine)).close()
    with any_engine.begin() as conn:
        conn.execute(text("DELETE FROM play_log WHERE seq = 5"))
    cli = ["--db", db_url, "playlog", "verify", "S1", "--log-file", str(tmp_path / "log.sqlite3")]
    assert main(cli) == 1
    out = capsys.readouterr().out
    assert "S1 central seq 5 of installation" in out and "not in the central database (deleted)" in out


def test_another_key_for_a_known_installation_is_refused(tmp_path: Path, sessions: sessionmaker[Session]) -> None:
    local = played_day(tmp_path / "log.sqlite3", sessions)
    stranger = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    with sessions.begin() as s, pytest.raises(VideotronError) as refused:
        register_installation(s, "S1", local.installation, stranger)
    assert refused.value.problems[0].code == "playlog.key_changed"
    assert fingerprint(stranger) in str(refused.value) and local.key and local.key.fingerprint in str(refused.value)
    # the key swapped in the database: the player's next upload is refused, its records stay in its log
    with sessions.begin() as s:
        s.execute(update(PlayerInstallation).values(public_key=stranger))
    local.append(record(5))
    with pytest.raises(VideotronError, match="is registered with key"):
        push_pending(local, sessions)
    assert [r["seq"] for r in local.pending()] == [6]
    with sessions() as s:
        assert s.scalar(select(PlayLog.seq).order_by(PlayLog.seq.desc()).limit(1)) == 5


def test_installations_from_before_keys_are_unsigned_not_forged(
    tmp_path: Path, sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    # GIVEN an installation whose log predates keys: its id, no key file, records unsigned
    path = tmp_path / "log.sqlite3"
    old = LocalPlayLog(path)
    for n in range(2):
        old.append(record(n))
    old._db.execute("ALTER TABLE play_record DROP COLUMN sig")  # the log as the previous version wrote it
    old.close()
    key_path(path, old.installation).unlink()
    # WHEN the player starts again: a new installation, which signs; the old records keep their chain
    again = LocalPlayLog(path)
    assert again.installation != old.installation and again.key is not None
    again.append(record(2))
    assert push_pending(again, sessions) == 3
    # THEN verify reports the old installation unsigned, not forged, and the new one signed
    assert main(["--db", sqlite_url, "playlog", "verify", "S1", "--log-file", "/nonexistent"]) == 0
    out = capsys.readouterr().out
    assert f"installation {old.installation}: 2 record(s) unsigned" in out
    assert f"installation {again.installation}: key {again.key.fingerprint}, 1 record(s), 1 signed" in out


def test_signing_a_record_is_cheap_enough_for_the_writer_thread(tmp_path: Path) -> None:
    import time

    local = LocalPlayLog(tmp_path / "log.sqlite3")
    assert local.key is not None
    hashes = [uuid.uuid4().hex * 2 for _ in range(500)]
    started = time.perf_counter()
    for h in hashes:
        local.key.sign(h)
    per_record = (time.perf_counter() - started) / len(hashes)
    assert per_record < 0.002  # measured ~0.05 ms; a take's commit (fsync) takes milliseconds


def test_a_log_carried_from_an_offline_player_keeps_its_signatures(
    tmp_path: Path, engine: Engine, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    local = LocalPlayLog(tmp_path / "log.sqlite3")
    for n in range(3):
        local.append(record(n))
    assert local.key is not None
    carried = tmp_path / "carried.jsonl"
    key = local.key.public_key
    carried.write_text("".join(json.dumps(r | {"public_key": key}) + "\n" for r in local.records("S1")))
    assert main(["--db", sqlite_url, "playlog", "import", str(carried)]) == 0
    assert main(["--db", sqlite_url, "playlog", "verify", "--log-file", "/nonexistent"]) == 0  # every screen
    assert f"key {local.key.fingerprint}, 3 record(s), 3 signed" in capsys.readouterr().out


def test_a_key_replaced_in_the_database_is_caught_on_the_player_pc(
    any_engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN an insider who swaps the registered key for their own and re-signs every record (a forged one too)
    played_day(tmp_path / "log.sqlite3", make_session_factory(any_engine)).close()
    insider = Ed25519PrivateKey.generate()
    with any_engine.begin() as conn:
        _forge(conn, 6, "")
        conn.execute(text("UPDATE player_installation SET public_key = :k"),
                     {"k": insider.public_key().public_bytes_raw().hex()})  # fmt: skip
        for seq, digest in conn.execute(text("SELECT seq, hash FROM play_log")).all():
            conn.execute(text("UPDATE play_log SET sig = :s WHERE seq = :q"),
                         {"s": insider.sign(signed_message(digest)).hex(), "q": seq})  # fmt: skip
    # THEN the central check alone cannot tell (the key is the database's word) ...
    assert verify(db_url) == 0
    capsys.readouterr()
    # ... but the player PC's own key can: its installation is registered with another key
    cli = ["--db", db_url, "playlog", "verify", "S1", "--log-file", str(tmp_path / "log.sqlite3")]
    assert main(cli) == 1
    assert "but this PC's key is" in capsys.readouterr().out


def test_records_from_before_installations_are_counted_unsigned_without_a_problem() -> None:
    rows = [{"installation": "", "seq": n, "hash": f"{n:064x}", "sig": ""} for n in (1, 2, 3)]
    [report] = signature_reports(rows, {})
    assert (report.installation, report.key, report.records, report.signed, report.problems) == ("", "", 3, 0, [])
