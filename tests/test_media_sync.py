"""Media over the database: chunks written when media is added, `media push` backfills, a player PC with its own
empty store fetches what its plan needs and verifies the sha256 before using it; uploads back off and catch up."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from player import plan_source
from player.plan_worker import PlanWorker, file_fingerprint
from player.playlog import LocalPlayLog
from player.remote import Remote
from player.sync import MediaSync
from player.verify import MediaVerifier
from playlists.media import blobs as media_blobs
from playlists.media.blobs import MediaBlob, chunk_count
from playlists.media.store import sha256_file
from playlists.models import Media, PlayLog
from tests.test_player_units import record  # a PlayRecord factory
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory

SETUP = """\
[[screen]]
id = "s1"
name = "Layar 1"
location = "Pasar"
zone = "A"
timezone = "Asia/Jakarta"
geometry = "320x160+0+0"
hours = "00:00-24:00"
loop_seconds = 300
psa_share = 0.30

[[media]]
id = "psa"
file = "media/psa.mp4"
kind = "psa"
[[media]]
id = "logo"
file = "media/logo.png"
kind = "filler"
seconds = 10

[[playlist]]
id = "umum"
items = ["psa", "logo"]

[[daypart]]
screen = "s1"
playlist = "umum"
days = "mon-sun"
start = "00:00"
end = "24:00"
priority = 0
"""
DAY = date(2026, 12, 7)


@pytest.fixture
def loaded(sqlite_url: str, tmp_path: Path, media_files: dict[str, Path],
           monkeypatch: pytest.MonkeyPatch) -> sessionmaker[Session]:  # fmt: skip
    """GIVEN a desk that loaded a setup (its own data folder), THEN a player PC with an empty data folder."""
    office = tmp_path / "office"
    (office / "media").mkdir(parents=True)
    shutil.copy(media_files["psa"], office / "media" / "psa.mp4")
    shutil.copy(media_files["logo"], office / "media" / "logo.png")
    (office / "setup.toml").write_text(SETUP, encoding="utf-8")
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(tmp_path / "desk"))
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    assert main(["--db", sqlite_url, "load", str(office / "setup.toml")]) == 0
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(tmp_path / "player"))
    return make_session_factory(make_engine(sqlite_url))


def test_adding_media_stores_its_chunks_once(loaded: sessionmaker[Session], media_files: dict[str, Path]) -> None:
    with loaded() as s:
        psa = s.get(Media, "psa")
        assert psa is not None
        expected = -(-psa.size_bytes // media_blobs.CHUNK_BYTES)
        assert chunk_count(s, psa.sha256) == expected
        data = b"".join(media_blobs.iter_chunks(s, psa.sha256))
    assert data == media_files["psa"].read_bytes()


def test_media_push_backfills_what_is_missing(loaded: sessionmaker[Session], sqlite_url: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    with loaded.begin() as s:
        s.execute(delete(MediaBlob))
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(tmp_path / "desk"))  # push runs on the desk that has the files
    assert main(["--db", sqlite_url, "media", "push"]) == 0
    assert "2 pushed, 0 already" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "media", "push"]) == 0
    assert "0 pushed, 2 already" in capsys.readouterr().out
    with loaded() as s:
        assert {m.sha256 for m in s.scalars(select(Media))} == set(s.scalars(select(MediaBlob.sha256).distinct()))


def test_player_fetches_the_plans_media_verified(loaded: sessionmaker[Session], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(media_blobs, "CHUNK_BYTES", 4096)  # many chunks: order matters
    with loaded.begin() as s:
        sha = s.get(Media, "psa").sha256  # type: ignore[union-attr]
        s.execute(delete(MediaBlob).where(MediaBlob.sha256 == sha))
        path = tmp_path / "desk" / "media" / sha[:2] / f"{sha}.mp4"
        assert media_blobs.store_blobs(s, sha, path) > 3
    # WHEN the player PC loads its plan
    plan = plan_source.load_plan("s1", DAY, loaded)
    # THEN its media paths point into its own (empty) store, and fetching fills it with verified files
    assert all(m.path.startswith(str(tmp_path / "player" / "media")) for m in plan.media.values())
    assert not any(Path(m.path).exists() for m in plan.media.values())
    sync = MediaSync(loaded)
    report = sync.fetch_missing(plan)
    assert sorted(report.fetched) == ["logo", "psa"] and report.refused == []
    verifier = MediaVerifier()
    for m in plan.media.values():
        assert sha256_file(Path(m.path)) == m.sha256 == Path(m.path).stem
        assert verifier.problem(m) is None
    assert sorted(sync.fetch_missing(plan).present) == ["logo", "psa"]  # nothing fetched twice
    assert not list((tmp_path / "player" / "media").rglob(".fetch-*"))
    sync.close()


def test_a_tampered_copy_in_the_database_is_refused(loaded: sessionmaker[Session], tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    with loaded.begin() as s:
        sha = s.get(Media, "psa").sha256  # type: ignore[union-attr]
        s.execute(update(MediaBlob).where(MediaBlob.sha256 == sha, MediaBlob.chunk == 0).values(data=b"evil" * 100))
    plan = plan_source.load_plan("s1", DAY, loaded)
    clock = [0.0]
    sync = MediaSync(loaded, monotonic=lambda: clock[0], retry_refused_s=60)
    report = sync.fetch_missing(plan)
    assert report.fetched == ["logo"] and len(report.refused) == 1 and "sha256 mismatch" in report.refused[0]
    assert "sha256 mismatch" in caplog.text
    psa = plan.media["psa"]
    assert not Path(psa.path).exists() and not list(Path(psa.path).parent.glob(".fetch-*"))
    assert MediaVerifier().problem(psa) == f"not yet fetched ({psa.path})"  # the item fails at air time
    assert "not retried yet" in sync.fetch_missing(plan).refused[0]  # no download loop every refresh
    clock[0] = 61
    assert "sha256 mismatch" in sync.fetch_missing(plan).refused[0]
    sync.close()


class FlakySessions:
    """A session factory whose server can be taken away."""

    def __init__(self, real: sessionmaker[Session]) -> None:
        self.real, self.down = real, False

    def begin(self) -> Any:
        if self.down:
            raise ConnectionError("server is down")
        return self.real.begin()


def test_uploads_back_off_while_down_and_catch_up(loaded: sessionmaker[Session], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr("player.remote.random.uniform", lambda a, b: 0.0)  # no jitter: exact attempt times
    clock = [0.0]
    flaky = FlakySessions(loaded)
    local = LocalPlayLog(tmp_path / "log.sqlite3")
    remote = Remote(flaky, local, fetch_media=False, monotonic=lambda: clock[0])  # type: ignore[arg-type]
    remote.append(record(0))
    flaky.down = True
    attempts = []
    for n in range(1, 40):
        clock[0] = n
        failures = remote._failures
        remote.append(record(n))
        if remote._failures != failures:
            attempts.append(n)
    assert attempts == [1, 3, 7, 15, 30]  # a record every second; uploads tried after 2 s, 4 s, 8 s, then 15 s
    flaky.down = False
    clock[0] = 1000
    remote.append(record(40))
    with loaded() as s:
        ids = list(s.scalars(select(PlayLog.id)))
        assert s.scalar(select(func.count()).select_from(PlayLog)) == 41
    assert sorted(ids) == sorted(r["id"] for r in local.records("S1")) and local.pending() == []
    remote.final_push()  # nothing pending: nothing sent twice
    with loaded() as s:
        assert s.scalar(select(func.count()).select_from(PlayLog)) == 41
    local.close()


def test_refresh_hands_back_the_plan_on_air_when_nothing_changed(loaded: sessionmaker[Session],
                                                                 tmp_path: Path) -> None:  # fmt: skip
    local = LocalPlayLog(tmp_path / "log.sqlite3")
    remote = Remote(loaded, local)
    on_air = plan_source.load_plan("s1", DAY, loaded)
    remote.fetch_media(on_air)  # as at start
    assert remote.refresh("s1", DAY) is on_air  # the GUI thread compares by identity, no hashing there
    with loaded.begin() as s:
        s.get(Media, "logo").duration_ms = 5000  # type: ignore[union-attr]
    changed = remote.refresh("s1", DAY)
    assert changed is not on_air and changed.fingerprint() != on_air.fingerprint()
    assert remote.refresh("s1", DAY) is changed
    remote.close()
    local.close()


def test_a_player_started_while_the_server_is_down_retries_it_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN the server unreachable at boot, the player still gets a session factory (it retries in the
    background) instead of staying offline until its next restart."""
    import argparse
    import socket

    from player import app
    from player import cli as cmd_player
    from videotron.core.clock import FixedClock
    from videotron.core.context import AppContext

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    seen: list[object] = []
    monkeypatch.setattr(app, "run_player", lambda opts, clock, sessions: seen.append(sessions) or 0)
    ctx = AppContext(FixedClock(datetime.now(UTC)), db_url=f"postgresql://nobody@127.0.0.1:{port}/videotron"
                     "?connect_timeout=2", user="player")  # fmt: skip
    ns = argparse.Namespace(geometry=None, fullscreen=False, plan=None, exit_after=None, screenshots=None,
                            log_file=None, screen="s1", days_ahead=14, refresh_s=30.0)  # fmt: skip
    assert cmd_player.cmd_player(ns, ctx) == 0
    assert isinstance(seen[0], sessionmaker)
    ctx.close()


def test_a_refresh_compiled_in_the_child_hands_back_the_plan_on_air_until_it_changes(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    # GIVEN a player whose plan refreshes are compiled in a child process (its own interpreter: no shared GIL)
    local = LocalPlayLog(tmp_path / "log.sqlite3")
    remote = Remote(loaded, local, worker=PlanWorker.for_sessions(loaded))
    on_air = plan_source.load_plan("s1", DAY, loaded)
    remote.fetch_media(on_air)  # as at start
    try:
        # THEN an unchanged plan is the very plan on air (the GUI thread compares by identity)
        assert remote.refresh("s1", DAY) is on_air
        # WHEN the plan changes, THEN the new one is read from the cache the child wrote, fingerprint and all
        with loaded.begin() as s:
            s.get(Media, "logo").duration_ms = 5000  # type: ignore[union-attr]
        changed = remote.refresh("s1", DAY)
        assert changed is not on_air and changed.fingerprint() != on_air.fingerprint()
        assert changed.fingerprint() == file_fingerprint(plan_source.cache_path("s1", DAY))
        assert remote.refresh("s1", DAY) is changed
        # AND with the database unreachable the cached plan stays on air
        remote.worker = PlanWorker("postgresql://nobody@127.0.0.1:1/none")
        assert remote.refresh("s1", DAY) is changed
    finally:
        remote.close()
        local.close()


def test_plans_are_compiled_and_cached_days_ahead_with_their_media_fetched_and_verified(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    # GIVEN a player PC with an empty store and a stale cached plan of a past day
    import time
    from datetime import timedelta

    stale = plan_source.cache_path("s1", DAY - timedelta(days=5))
    stale.write_text("{}", encoding="utf-8")
    local = LocalPlayLog(tmp_path / "log.sqlite3")
    remote = Remote(loaded, local, worker=PlanWorker.for_sessions(loaded))
    try:
        # WHEN the plan is refreshed and the days ahead are due (at the first refresh, then hourly)
        remote.refresh("s1", DAY)
        assert remote.compile_ahead("s1", DAY, 14)
        assert not remote.compile_ahead("s1", DAY, 14)  # not again before the hour
        # THEN 14 days are cached (today and 13 ahead), the past is pruned
        cached = sorted(p.name for p in (tmp_path / "player" / "plans").glob("s1-*.json"))
        assert cached == [f"s1-{DAY + timedelta(days=n)}.json" for n in range(14)]
        # AND every media they name arrives in this PC's store, verified, without any item having asked
        ahead = remote.plan_for("s1", DAY + timedelta(days=13))
        assert ahead is not None and ahead.date == DAY + timedelta(days=13) and ahead.items
        deadline = time.monotonic() + 60
        while not all(Path(m.path).exists() for m in ahead.media.values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(MediaVerifier().problem(m) is None for m in ahead.media.values())
        # AND a day with nothing cached and no database is None (the player shows its standby picture then)
        remote.worker = None
        assert remote.plan_for("s1", DAY + timedelta(days=30)) is None
    finally:
        remote.close()
        local.close()
