"""Emergency alerts: start/stop/list through the CLI and the service, what a player sees on its screen, the audit
trail, SQLite version polling, and PostgreSQL LISTEN/NOTIFY delivering within 2 s."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from tests.schedule_data import seed_screen
from videotron.alerts.notify import RECONNECTED, listen_for_alerts
from videotron.alerts.service import active_alerts, alerts_version, next_change, start_alert, stop_alert
from videotron.cli import main
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import NotFound, ValidationError, VideotronError
from videotron.core.migrate import upgrade

NOW = datetime(2026, 3, 14, 7, 5, tzinfo=UTC)  # 14:05 WIB


def _screens(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        seed_screen(s, "yamin")
        seed_screen(s, "smk1")


def test_start_shows_on_the_chosen_screens_until_stopped(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    _screens(sessions)
    clock.set(NOW)
    with sessions.begin() as s:
        everywhere = start_alert(s, message="Gempa Mag 5,6. Tetap tenang.", clock=clock, actor="bpbd", minutes=30)
        only_smk = start_alert(s, message="Sekolah dievakuasi", title="EVAKUASI", screen_ids=["smk1"], clock=clock,
                               actor="bpbd", media_id="psa-kb")  # fmt: skip
    with sessions() as s:
        yamin = active_alerts(s, "yamin", NOW + timedelta(seconds=1))
        smk = active_alerts(s, "smk1", NOW + timedelta(seconds=1))
        assert [a.id for a in yamin] == [everywhere.id]
        assert [a.id for a in smk] == [only_smk.id, everywhere.id]  # newest first
        assert smk[0].media_path and smk[0].media_path.endswith("ab/psa-kb.mp4") and smk[0].media_sha256
        assert yamin[0].title == "PERINGATAN DARURAT" and yamin[0].ends_at == NOW + timedelta(minutes=30)
        assert next_change(s, "yamin", NOW) == NOW + timedelta(minutes=30)
        assert active_alerts(s, "yamin", NOW + timedelta(minutes=30)) == []  # ran out by the clock
    with sessions.begin() as s:
        assert [a.id for a in stop_alert(s, None, clock=clock, actor="bpbd")] == [everywhere.id, only_smk.id]
    with sessions() as s:
        assert active_alerts(s, "smk1", NOW) == []
        actions = [(e.action, e.entity_id) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions == [("alert.start", "1"), ("alert.start", "2"), ("alert.stop", "1"), ("alert.stop", "2")]
        assert verify_chain(s) == []


def test_bad_input_is_refused_with_every_reason(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    _screens(sessions)
    clock.set(NOW)
    with pytest.raises(ValidationError) as info, sessions.begin() as s:
        start_alert(s, message=" ", media_id="nope", screen_ids=["yamin", "mars"], minutes=-5, clock=clock, actor="x")
    text = str(info.value)
    assert "message: must not be empty" in text and "media: 'nope' does not exist" in text
    assert "screen 'mars' does not exist" in text and "minutes: -5" in text
    with pytest.raises(NotFound), sessions.begin() as s:
        stop_alert(s, 99, clock=clock, actor="x")
    with sessions.begin() as s:
        a = start_alert(s, message="Uji", clock=clock, actor="x", minutes=1)
    clock.advance(minutes=2)
    with pytest.raises(VideotronError, match="not on air: it ended"), sessions.begin() as s:
        stop_alert(s, a.id, clock=clock, actor="x")


def test_sqlite_version_changes_on_start_and_stop(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    _screens(sessions)
    clock.set(NOW)
    seen = []
    with sessions() as s:
        seen.append(alerts_version(s))
    with sessions.begin() as s:
        a = start_alert(s, message="Banjir", clock=clock, actor="bpbd")
    with sessions() as s:
        seen.append(alerts_version(s))
    with sessions.begin() as s:
        stop_alert(s, a.id, clock=clock, actor="bpbd")
    with sessions() as s:
        seen.append(alerts_version(s))
    with sessions.begin() as s:
        start_alert(s, message="Banjir lagi", clock=clock, actor="bpbd")
    with sessions() as s:
        seen.append(alerts_version(s))
    assert seen == [0, 1, 2, 3]


def test_cli_start_list_stop(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    _screens(make_session_factory(engine))
    engine.dispose()
    db = ["--db", sqlite_url, "--user", "bpbd-piket"]
    assert main([*db, "alert", "start", "--message", "Gempa! Keluar dari gedung.", "--title", "GEMPA BUMI",
                 "--screens", "yamin,smk1", "--minutes", "15"]) == 0  # fmt: skip
    assert "alert 1 started" in capsys.readouterr().out
    assert main([*db, "alert", "start", "--message", "Awan panas Marapi", "--all", "--until", "23:59"]) == 0
    assert main([*db, "alert", "list"]) == 0
    out = capsys.readouterr().out
    assert "GEMPA BUMI" in out and "smk1, yamin" in out and "all screens" in out
    assert main([*db, "alert", "stop", "1"]) == 0
    assert "alert 1 stopped" in capsys.readouterr().out
    assert main([*db, "alert", "stop"]) == 0  # every alert still on air
    assert "alert 2 stopped" in capsys.readouterr().out
    assert main([*db, "alert", "list"]) == 0
    assert "no alert on air" in capsys.readouterr().out
    assert main([*db, "alert", "list", "--all", "--json"]) == 0
    assert '"state": "stopped"' in capsys.readouterr().out
    assert main([*db, "alert", "start", "--message", "x", "--screens", "mars"]) == 2
    assert "screen 'mars' does not exist" in capsys.readouterr().err
    assert main([*db, "alert", "start", "--message", "x", "--until", "25:99"]) == 2
    assert main([*db, "alert", "stop", "7"]) == 2
    assert "alert 7 does not exist" in capsys.readouterr().err


@pytest.mark.postgres
def test_postgres_notify_reaches_a_listener_within_two_seconds(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    _screens(sessions)
    got: list[tuple[str, float]] = []
    ready = threading.Event()
    stop = threading.Event()

    def callback(payload: str) -> None:
        if payload == RECONNECTED:
            ready.set()
        else:
            got.append((payload, time.monotonic()))

    listener = threading.Thread(target=listen_for_alerts, args=(pg_url, callback, stop), daemon=True)
    listener.start()
    try:
        assert ready.wait(5), "the listener did not connect"
        clock = FixedClock(datetime.now(UTC))
        t0 = time.monotonic()
        with sessions.begin() as s:
            a = start_alert(s, message="Gempa", clock=clock, actor="bpbd")
        while not got and time.monotonic() - t0 < 2:
            time.sleep(0.01)
        assert got and got[0][0] == str(a.id)
        assert got[0][1] - t0 < 2.0
        with sessions.begin() as s:
            stop_alert(s, a.id, clock=clock, actor="bpbd")
        deadline = time.monotonic() + 2
        while len(got) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [p for p, _ in got] == [str(a.id), str(a.id)]
        with sessions() as s:  # the row is there when the notification arrives (same transaction)
            assert active_alerts(s, "yamin", clock.now()) == []
    finally:
        stop.set()
        listener.join(5)
        engine.dispose()
    assert not listener.is_alive()


def test_permissions_once_users_exist(engine: Engine) -> None:
    from videotron.core.permissions import PERMISSIONS

    assert set(PERMISSIONS["alert.start"].roles) == {"bpbd", "admin"}
    assert set(PERMISSIONS["alert.stop"].roles) == {"bpbd", "admin"}


def test_the_alert_command_speaks_indonesian_and_names_its_flags(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:
    """In the default language the problems name the command's flags (--minutes, --screens, --until) and read in
    Indonesian, and so do the result lines (the state words included)."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    _screens(make_session_factory(engine))
    engine.dispose()
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    clock.set(NOW)
    db = ["--db", sqlite_url, "--user", "bpbd-piket"]
    assert (
        main([*db, "alert", "start", "--message", "Banjir", "--minutes", "-5", "--screens", "mars"], clock=clock) == 2
    )
    err = capsys.readouterr().err
    assert "videotron: kesalahan: alert: 3 masalah" in err
    assert "  - --screens: layar 'mars' tidak ada" in err
    assert "  - --minutes: -5 harus lebih dari 0 dan paling lama satu minggu (10080)" in err
    assert "  - --until: " in err and "bukan waktu yang akan datang" in err  # the end follows from --minutes
    assert main([*db, "alert", "start", "--message", "Banjir", "--until", "25:99"], clock=clock) == 2
    assert "--until: '25:99' bukan jam JJ:MM (00:00 sampai 24:00)" in capsys.readouterr().err
    assert main([*db, "alert", "start", "--message", "Banjir", "--until", "15:00"], clock=clock) == 0
    assert "peringatan 1 dimulai: " in capsys.readouterr().out
    assert main([*db, "alert", "list"], clock=clock) == 0
    assert "   1 tayang    14-03 14:05-15:00 WIB" in capsys.readouterr().out
    assert main([*db, "alert", "stop"], clock=clock) == 0
    assert main([*db, "alert", "list"], clock=clock) == 0
    assert "tidak ada peringatan yang sedang tayang atau terjadwal" in capsys.readouterr().out
