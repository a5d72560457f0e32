"""Player parts without a screen: proof-of-play log, file checks, sd_notify, coarse jobs, plan cache, CLI playlog."""

from __future__ import annotations

import json
import socket
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from player import plan_source
from player.playlog import LocalPlayLog, push_pending
from player.sequencer import PlayRecord
from player.verify import MediaVerifier, sha256_file
from player.watchdog import sd_notify, watchdog_interval_ms
from playlists.models import PlayLog
from playlists.plan import Plan, PlanItem, PlanMedia

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def record(n: int, outcome: str = "played") -> PlayRecord:
    start = T0 + timedelta(seconds=15 * n)
    return PlayRecord(
        "S1",
        f"m{n}",
        "ab" * 32,
        "B1",
        start,
        start + timedelta(seconds=15),
        start,
        start + timedelta(seconds=15),
        outcome,
        "",
        "2025-03-03",
    )


def test_local_log_is_durable_chained_and_tamper_evident(tmp_path: Path) -> None:
    store = LocalPlayLog(tmp_path / "log.sqlite3")
    rows = [store.append(record(n)) for n in range(5)]
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[1]["prev_hash"] == rows[0]["hash"] and len({r["id"] for r in rows}) == 5
    assert store.chain_problems("S1") == []
    pragma = store._db.execute("PRAGMA synchronous").fetchone()[0]
    assert pragma == 2  # FULL
    store.close()
    db = sqlite3.connect(tmp_path / "log.sqlite3")
    db.execute("UPDATE play_record SET outcome = 'failed' WHERE seq = 3")
    db.execute("DELETE FROM play_record WHERE seq = 4")
    db.commit()
    db.close()
    problems = LocalPlayLog(tmp_path / "log.sqlite3").chain_problems("S1")
    assert any("seq 3" in p and "edited" in p for p in problems)
    assert any("seq 5" in p and "missing" in p for p in problems)


def test_upload_is_idempotent(tmp_path: Path, sessions: sessionmaker[Session]) -> None:
    store = LocalPlayLog(tmp_path / "log.sqlite3")
    for n in range(3):
        store.append(record(n, "failed" if n == 1 else "played"))
    assert push_pending(store, sessions) == 3
    store._db.execute("UPDATE play_record SET uploaded = 0")  # as if the upload's acknowledgement was lost
    assert push_pending(store, sessions) == 3
    assert push_pending(store, sessions) == 0
    with sessions() as s:
        rows = s.scalars(select(PlayLog).order_by(PlayLog.seq)).all()
    assert [(r.seq, r.outcome, r.booking_id) for r in rows] == [
        (1, "played", "B1"),
        (2, "failed", "B1"),
        (3, "played", "B1"),
    ]
    assert rows[0].planned_start == T0


def test_verifier_checks_and_caches(tmp_path: Path) -> None:
    good = tmp_path / "good.mp4"
    good.write_bytes(b"x" * 1000)
    digest = sha256_file(str(good))
    v = MediaVerifier()
    media = PlanMedia("g", str(good), digest, "ad", False, 1000)
    assert v.problem(media) is None and v.problem(media) is None
    assert v.hashed == 1  # the second check used the cache
    assert "mismatch" in (v.problem(PlanMedia("g", str(good), "0" * 64, "ad", False, 1000)) or "")
    (tmp_path / "empty.mp4").write_bytes(b"")
    assert "empty" in (v.problem(PlanMedia("e", str(tmp_path / "empty.mp4"), digest, "ad", False, 1)) or "")
    assert "missing" in (v.problem(PlanMedia("m", str(tmp_path / "nope.mp4"), digest, "ad", False, 1)) or "")
    with good.open("r+b") as fh:  # truncated after it was verified: size changes, so it is hashed again
        fh.truncate(500)
    assert "mismatch" in (v.problem(media) or "")


def test_sd_notify_sends_datagrams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sd_notify("READY=1") is False
    path = tmp_path / "notify"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    assert sd_notify("WATCHDOG=1")
    assert server.recv(100) == b"WATCHDOG=1"
    server.close()
    monkeypatch.setenv("WATCHDOG_USEC", "20000000")
    assert watchdog_interval_ms() == 10_000


def test_coarse_jobs_have_stable_ids_and_coalesce() -> None:
    from player.jobs import CoarseJobs, JobSignals

    plan = _plan(open_at=datetime.now(UTC) + timedelta(hours=1), close_at=datetime.now(UTC) + timedelta(hours=2))
    jobs = CoarseJobs(JobSignals(), "Asia/Jakarta")
    jobs.start(plan)
    try:
        found = {j.id: j for j in jobs.jobs()}
        assert set(found) == {"day-rollover", "heartbeat", "plan-refresh", "hours-open", "hours-close"}
        assert all(j.coalesce and j.misfire_grace_time == 30 for j in found.values())
        assert str(found["day-rollover"].trigger.timezone) == "Asia/Jakarta"
    finally:
        jobs.shutdown()


def test_plan_cache_used_when_the_database_is_down() -> None:
    plan = _plan()
    plan_source.save_cache(plan)
    broken = sessionmaker()  # no engine: every use fails like an unreachable database
    assert plan_source.load_plan("S1", plan.date, broken).fingerprint() == plan.fingerprint()
    with pytest.raises(Exception, match="no cached plan"):
        plan_source.load_plan("S1", plan.date + timedelta(days=1), broken)


def test_cli_playlog_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from player import cli as cmd_player
    from videotron.core.clock import FixedClock
    from videotron.core.context import AppContext

    store = LocalPlayLog(tmp_path / "log.sqlite3")
    store.append(record(0))
    store.append(
        PlayRecord(
            "S1", "bad", "", None, T0, T0 + timedelta(seconds=5), None, None, "failed", "file missing", "2025-03-03"
        )
    )
    store.close()
    import argparse

    args = argparse.Namespace(words=["S1"], date="2025-03-03", json=True, log_file=tmp_path / "log.sqlite3", check=True)
    assert cmd_player.cmd_playlog(args, AppContext(FixedClock(T0), user="t")) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["media"], i["outcome"], i["reason"]) for i in items] == [
        ("m0", "played", ""),
        ("bad", "failed", "file missing"),
    ]
    assert {"media", "booking", "planned_start", "start", "end", "outcome", "reason"} <= set(items[0])


def _plan(**kw: object) -> Plan:
    start = T0.astimezone(ZoneInfo("Asia/Jakarta"))
    item = PlanItem(start, start + timedelta(seconds=10), "m", "ad")
    return Plan(
        "S1", date(2025, 3, 3), "Asia/Jakarta", [item], {"m": PlanMedia("m", "/m", "", "ad", False, 10_000)}, **kw
    )  # type: ignore[arg-type]


def test_heartbeat_row_and_upload(tmp_path: Path, sessions: sessionmaker[Session]) -> None:
    from player.app import _report
    from playlists.models import Heartbeat

    store = LocalPlayLog(tmp_path / "log.sqlite3")
    store.append(record(0))
    _report(sessions, store, "S1", T0, "m0", b"\x89PNG fake")
    _report(sessions, store, "S1", T0 + timedelta(seconds=60), "m1", b"\x89PNG fake2")
    with sessions() as s:
        beat = s.get(Heartbeat, "S1")
        assert beat is not None and beat.current_media_id == "m1" and beat.screenshot_png == b"\x89PNG fake2"
        assert beat.at == T0 + timedelta(seconds=60)
        assert s.scalars(select(PlayLog.id)).all() == [store.records("S1")[0]["id"]]


@pytest.mark.parametrize(
    ("tamper", "names"),
    [
        ("UPDATE play_record SET media = 'iklan-lain' WHERE seq = 3", "seq 3: content does not match"),
        ("DELETE FROM play_record WHERE seq = 2", "seq 3: expected seq 2"),
        ("UPDATE play_record SET seq = CASE seq WHEN 2 THEN 4 WHEN 4 THEN 2 ELSE seq END", "seq 2: prev_hash"),
    ],
)
def test_playlog_verify_names_tampered_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper: str, names: str
) -> None:
    """Edited, deleted and reordered records behind the player's back are named by `videotron playlog verify`."""
    import sqlite3

    from videotron.cli import main

    path = tmp_path / "log.sqlite3"
    store = LocalPlayLog(path)
    for n in range(5):
        store.append(record(n))
    store.close()
    assert main(["playlog", "verify", "S1", "--log-file", str(path)]) == 0
    assert "5 record(s), chain intact" in capsys.readouterr().out
    db = sqlite3.connect(path)
    with db:
        if "CASE" in tamper:  # swap two rows' seq through a free number (UNIQUE (screen, seq))
            db.execute("UPDATE play_record SET seq = 99 WHERE seq = 2")
            db.execute("UPDATE play_record SET seq = 2 WHERE seq = 4")
            db.execute("UPDATE play_record SET seq = 4 WHERE seq = 99")
        else:
            db.execute(tamper)
    db.close()
    assert main(["playlog", "verify", "S1", "--log-file", str(path)]) == 1
    out = capsys.readouterr().out
    assert names in out and "BROKEN" in out
