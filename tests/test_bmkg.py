"""BMKG autogempa (XML and JSON samples in tests/data/bmkg): the Indonesian alert text, the magnitude threshold,
old quakes, duplicates, and the watcher polling local files on a bounded schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.schedule_data import seed_screen
from videotron.alerts.bmkg import apply_bmkg, parse_bmkg
from videotron.alerts.models import Alert
from videotron.alerts.service import active_alerts
from videotron.alerts.watch import WatchState, run_watch
from videotron.alerts.xmlsafe import FeedRefused
from videotron.cli import main
from videotron.core.clock import FixedClock

DATA = Path(__file__).parent / "data" / "bmkg"
QUAKE = datetime(2026, 3, 14, 7, 5, 12, tzinfo=UTC)


def test_xml_and_json_parse_to_the_same_fields() -> None:
    x = parse_bmkg((DATA / "autogempa.xml").read_bytes())
    j = parse_bmkg((DATA / "autogempa.json").read_bytes())
    assert (x.when, x.magnitude, x.kedalaman, x.coordinates) == (QUAKE, Decimal("5.6"), "10 km", "100.35,-0.52")
    assert (j.magnitude, j.coordinates, j.tsunami, x.tsunami) == (Decimal("7.1"), "-0.98,99.80", True, False)
    assert x.title() == "PERINGATAN GEMPA BUMI" and j.title() == "PERINGATAN DINI TSUNAMI"
    assert x.message().startswith("Gempa Mag 5,6, 14 Mar 2026 14:05:12 WIB. Lokasi: 0.52 LS - 100.35 BT, Pusat gempa")
    assert "Kedalaman 10 km. Potensi: Gempa ini dirasakan untuk diteruskan pada masyarakat." in x.message()
    assert "Dirasakan: V Padang Panjang, IV Bukittinggi, III Padang." in x.message()


def test_not_bmkg_is_refused() -> None:
    with pytest.raises(FeedRefused, match="not a BMKG autogempa message"):
        parse_bmkg(b'{"gempa": 1}')
    with pytest.raises(FeedRefused, match="malformed JSON"):
        parse_bmkg(b"{not json")
    with pytest.raises(FeedRefused, match="without DateTime"):
        parse_bmkg(b"<Infogempa><gempa><Magnitude>5</Magnitude></gempa></Infogempa>")


def _seed(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        seed_screen(s, "yamin")


def test_threshold_age_and_duplicates(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    _seed(sessions)
    clock.set(QUAKE + timedelta(minutes=1))
    quake = parse_bmkg((DATA / "autogempa.xml").read_bytes())
    with pytest.raises(FeedRefused, match=r"magnitude 5\.6 is below the threshold 6\.0"), sessions.begin() as s:
        apply_bmkg(s, quake, clock=clock, actor="watch", min_magnitude=Decimal("6.0"))
    with sessions.begin() as s:
        started = apply_bmkg(s, quake, clock=clock, actor="watch", min_magnitude=Decimal("5.0")).started
        assert started is not None
        again = apply_bmkg(s, quake, clock=clock, actor="watch")
        assert again.duplicate is not None and again.duplicate.id == started.id
    with sessions() as s:
        [view] = active_alerts(s, "yamin", clock.now())
        assert view.title == "PERINGATAN GEMPA BUMI" and view.message.startswith("Gempa Mag 5,6")
        assert view.ends_at == clock.now() + timedelta(minutes=30)
    clock.set(QUAKE + timedelta(hours=3))
    old = parse_bmkg((DATA / "autogempa_small.json").read_bytes())
    with pytest.raises(FeedRefused, match="older than 60 minutes"), sessions.begin() as s:
        apply_bmkg(s, old, clock=clock, actor="watch", min_magnitude=Decimal("3"))


def test_cli_bmkg_json(sqlite_url: str, capsys: pytest.CaptureFixture[str], clock: FixedClock) -> None:
    clock.set(datetime(2026, 3, 14, 8, 21, tzinfo=UTC))
    db = ["--db", sqlite_url]
    assert main([*db, "db", "upgrade"], clock=clock) == 0
    assert main([*db, "alert", "bmkg", str(DATA / "autogempa.json"), "--min-magnitude", "7,5"], clock=clock) == 2
    assert "below the threshold 7.5" in capsys.readouterr().err
    assert main([*db, "alert", "bmkg", str(DATA / "autogempa.json")], clock=clock) == 0
    assert "started alert 1" in capsys.readouterr().out
    assert main([*db, "alert", "bmkg", str(DATA / "autogempa.json")], clock=clock) == 0
    assert "already started alert 1" in capsys.readouterr().out
    assert main([*db, "alert", "bmkg", str(DATA / "autogempa.json"), "--min-magnitude", "x"], clock=clock) == 2


def test_watcher_polls_local_files_and_starts_once(
    sessions: sessionmaker[Session], clock: FixedClock, tmp_path: Path
) -> None:
    _seed(sessions)
    feed = tmp_path / "autogempa.xml"
    feed.write_bytes((DATA / "autogempa.xml").read_bytes())
    clock.set(QUAKE + timedelta(minutes=2))
    state = WatchState(source=feed.as_uri(), sessions=sessions, clock=clock, actor="watch", max_runs=3)
    run_watch(state, every_s=0.2)
    assert state.runs == 3
    assert state.outcomes[0].startswith("started alert 1")
    assert all("already started alert 1" in o for o in state.outcomes[1:])
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Alert)) == 1
    # a feed that disappears is logged, not fatal; a CAP feed works the same way (path, not URL)
    clock.set(QUAKE)
    missing = WatchState(source=str(tmp_path / "gone.xml"), sessions=sessions, clock=clock, actor="watch", max_runs=1)
    run_watch(missing, every_s=0.2)
    assert missing.outcomes[0].startswith("failed:")


def test_cli_watch_bounded(sqlite_url: str, capsys: pytest.CaptureFixture[str], clock: FixedClock) -> None:
    clock.set(datetime(2026, 3, 14, 7, 20, tzinfo=UTC))
    cap = Path(__file__).parent / "data" / "cap" / "gempa_tsunami_valid.xml"
    db = ["--db", sqlite_url]
    assert main([*db, "db", "upgrade"], clock=clock) == 0
    assert main([*db, "alert", "watch", "--url", cap.as_uri(), "--every", "0.2", "--max-runs", "2"], clock=clock) == 0
    out = capsys.readouterr().out
    assert "run 1: started alert 1" in out and "run 2: already started as alert 1" in out
    assert main([*db, "alert", "watch", "--url", "ftp://x", "--every", "0.01"], clock=clock) == 2


def test_cli_watch_refused_permission_exits_2(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by an attacker's probe: `alert watch` by a user who may not start alerts ran and exited 0."""
    from videotron.core.db import make_engine, make_session_factory
    from videotron.core.user_admin import add_user

    clock.set(datetime(2026, 3, 14, 7, 20, tzinfo=UTC))
    cap = Path(__file__).parent / "data" / "cap" / "gempa_tsunami_valid.xml"
    db = ["--db", sqlite_url]
    assert main([*db, "db", "upgrade"], clock=clock) == 0
    with make_session_factory(make_engine(sqlite_url)).begin() as s:
        add_user(s, "admin", "admin", "rahasia-admin", actor="admin", clock=clock)
        add_user(s, "sari", "bendahara", "rahasia-sari", actor="admin", clock=clock)
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-sari")
    capsys.readouterr()
    watch = ["alert", "watch", "--url", cap.as_uri(), "--every", "0.2", "--max-runs", "3"]
    assert main([*db, "--user", "sari", *watch], clock=clock) == 2
    err = capsys.readouterr().err
    assert "user 'sari' (bendahara) may not" in err and "(alert.start)" in err


def test_a_watch_whose_user_loses_the_permission_stops(
    sessions: sessionmaker[Session], clock: FixedClock, tmp_path: Path
) -> None:
    from videotron.core.user_admin import add_user

    _seed(sessions)
    with sessions.begin() as s:
        add_user(s, "admin", "admin", "rahasia-admin", actor="admin", clock=clock)
    feed = tmp_path / "autogempa.xml"
    feed.write_bytes((DATA / "autogempa.xml").read_bytes())
    clock.set(QUAKE + timedelta(minutes=2))
    state = WatchState(source=feed.as_uri(), sessions=sessions, clock=clock, actor="nobody", max_runs=5)
    run_watch(state, every_s=0.2)
    assert state.runs == 1 and state.denied is not None and state.outcomes[0].startswith("failed:")
