"""Many screens, one PostgreSQL server: three real player processes, each with its own data folder (local media
store, plan cache, proof-of-play log), fetch their media from the database, play under one Xvfb, lose the server
mid-run and catch up when it returns. Nothing is lost, nothing is counted twice.

Timeline: the server is stopped as soon as every player has uploaded records (about 14 s after the launch on an
idle PC, later on a loaded one: three interpreters starting at once) and kept down for 14 s, longer than the
players' plan refresh (every 8 s here: `--refresh-every`), so every player's refresh falls inside the outage whenever
that player started (they keep their cached plan); they exit 65 s after their start, time enough to catch up with
their backoff (at most 15 s between attempts).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from playlists.media.blobs import MediaBlob
from playlists.media.store import sha256_file
from playlists.models import Media, PlayLog, TextDisplay
from playlists.playlog_chain import central_rows
from playlists.playlog_signatures import installation_keys, signature_reports
from tests.pgserver import PgServer
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.demo.media import make_clip, make_image
from videotron.demo.xvfb import virtual_display

pytestmark = [
    pytest.mark.timing,
    pytest.mark.slow, pytest.mark.postgres, pytest.mark.gui,
    pytest.mark.skipif(not shutil.which("Xvfb") or not shutil.which("ffmpeg"), reason="needs Xvfb and ffmpeg"),
]  # fmt: skip

SCREENS = {  # id: (geometry, playlist)
    "pasar": ("320x160+0+0", ["merah", "logo"]),
    "terminal": ("320x160+400+0", ["hijau", "logo"]),
    "alun-alun": ("320x160+0+300", ["biru", "merah"]),
}
RUN_S = 65.0
FIRST_RECORDS_S = 30.0  # every player up and uploading, at worst
REFRESH_S = 8.0  # the players' plan refresh (30 s by default)
OUTAGE_S = 14.0  # > REFRESH_S: a periodic job fires inside any window longer than its period


def setup_toml(media: dict[str, Path]) -> str:
    parts = []
    for sid, (geometry, items) in SCREENS.items():
        parts.append(f'[[screen]]\nid = "{sid}"\nname = "Layar {sid}"\nlocation = "Kota"\nzone = "A"\n'
                     f'timezone = "Asia/Jakarta"\ngeometry = "{geometry}"\nhours = "00:00-24:00"\nloop_seconds = 60\n'
                     f'psa_share = 0.30\n\n[[playlist]]\nid = "pl-{sid}"\nitems = {items!r}\n\n'
                     f'[[daypart]]\nscreen = "{sid}"\nplaylist = "pl-{sid}"\ndays = "mon-sun"\nstart = "00:00"\n'
                     'end = "24:00"\npriority = 0\n')  # fmt: skip
    for mid, path in media.items():
        extra = 'kind = "filler"\nseconds = 2\n' if path.suffix == ".png" else 'kind = "psa"\n'
        parts.append(f'[[media]]\nid = "{mid}"\nfile = "{path}"\n{extra}')
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the screens' day, whatever the machine's zone
    parts.append(f'[[layout]]\nscreen = "pasar"\n[layout.ticker]\nposition = "bottom"\nh = 30\nsize_px = 20\n\n'
                 f'[[message]]\nid = "RT-1"\ntext = "Pasar buka pukul 06.00"\nscreens = ["pasar"]\n'
                 f'start = {today - timedelta(days=1)}\nend = {today + timedelta(days=1)}\n')  # fmt: skip
    return "\n".join(parts).replace("'", '"')


@pytest.fixture
def server() -> Iterator[PgServer]:
    pg = PgServer()  # its own cluster: this test stops and restarts it
    pg.init()
    pg.start()
    yield pg
    pg.destroy()


def least_privileged_logins(server: PgServer, url: str) -> dict[str, str]:
    """Group roles, one login per player, deploy/postgres-grants.sql applied; returns each player's URL."""
    import psycopg

    grants = (Path(__file__).parent.parent / "deploy" / "postgres-grants.sql").read_text()  # verbatim
    urls = {}
    dsn = f"host=127.0.0.1 port={server.port} user={server.user} dbname=videotron"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("CREATE ROLE videotron_desk NOLOGIN")
        c.execute("CREATE ROLE videotron_player NOLOGIN")
        for sid in SCREENS:
            login = "player_" + sid.replace("-", "_")
            c.execute(f"CREATE ROLE {login} LOGIN IN ROLE videotron_player")
            urls[sid] = url.replace(f"{server.user}@", f"{login}@")
        c.execute(grants)
    return urls


def central(sessions: sessionmaker[Session]) -> list[PlayLog]:
    with sessions() as s:
        return list(s.scalars(select(PlayLog).order_by(PlayLog.screen_id, PlayLog.seq)))


def local_records(data: Path) -> list[dict[str, object]]:
    db = sqlite3.connect(data / "playlog.sqlite3")
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM play_record ORDER BY seq")]
    db.close()
    return rows


def wait_until(what: str, check: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for: {what}")


def test_three_players_survive_a_server_outage(server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # GIVEN a desk that loaded 3 screens with their media into the server, and pushed the media into it
    url = server.create_database("videotron")
    src = tmp_path / "src"
    media = {
        "merah": make_clip(src / "merah.mp4", "red", 3, (160, 80), counter=False),
        "hijau": make_clip(src / "hijau.mp4", "green", 3, (160, 80), counter=False),
        "biru": make_clip(src / "biru.mp4", "blue", 3, (160, 80), counter=False),
        "logo": make_image(src / "logo.png", "yellow", (160, 80), "LOGO"),
    }
    (src / "setup.toml").write_text(setup_toml(media), encoding="utf-8")
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(tmp_path / "desk"))
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "load", str(src / "setup.toml")]) == 0
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions.begin() as s:  # as if the media were added before media lived in the database: backfill
        s.execute(delete(MediaBlob))
        sha_of = {m.id: m.sha256 for m in s.scalars(select(Media))}
    capsys.readouterr()
    assert main(["--db", url, "media", "push"]) == 0
    assert "4 pushed" in capsys.readouterr().out
    # AND one least-privileged database login per player PC, with the grants deploy/README.md documents
    player_url = least_privileged_logins(server, url)

    # WHEN three player PCs (own data folders, nothing but the database URL) run under one X server
    with virtual_display(1280, 720) as display:
        procs = {}
        for sid in SCREENS:
            data = tmp_path / sid
            env = dict(os.environ, DISPLAY=display, VIDEOTRON_DB=player_url[sid], VIDEOTRON_DATA_DIR=str(data),
                       VIDEOTRON_LOG_DIR=str(data / "log"))  # fmt: skip
            with open(tmp_path / f"{sid}.err", "wb") as err:
                procs[sid] = subprocess.Popen([sys.executable, "-m", "player", sid, "--exit-after", str(RUN_S),
                                               "--refresh-every", str(REFRESH_S)],
                                              env=env, stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
        started = time.monotonic()
        try:
            # uploads arrive while the server is up
            wait_until("records of every screen in the central log",
                       lambda: {r.screen_id for r in central(sessions)} == set(SCREENS), FIRST_RECORDS_S)  # fmt: skip
            outage_at = time.monotonic() - started
            engine.dispose()
            server.stop("fast")  # the server goes away (connections cut)
            outage_start = datetime.now(UTC)
            time.sleep(OUTAGE_S)
            outage_end = datetime.now(UTC)
            server.start()
            # AND the players catch up by themselves (backoff retries on their writer threads), before they exit
            wait_until("records planned during the outage uploaded by every player",
                       lambda: {r.screen_id for r in central(sessions)
                                if outage_start <= r.planned_start <= outage_end} == set(SCREENS),
                       started + RUN_S - time.monotonic() - 1)  # fmt: skip
            caught_up = time.monotonic() - started - outage_at - OUTAGE_S
            for sid, proc in procs.items():
                left = started + RUN_S + 30 - time.monotonic()  # each exits RUN_S after its own start
                assert proc.wait(timeout=max(30.0, left)) == 0, (tmp_path / f"{sid}.err").read_text()[-3000:]
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.kill()

    # THEN every local record is in the central log exactly once, with no gap in any screen's sequence
    rows = central(sessions)
    for sid in SCREENS:
        local = local_records(tmp_path / sid)
        mine = [r for r in rows if r.screen_id == sid]
        assert len(local) >= 10, sid
        assert sorted(r["id"] for r in local) == sorted(r.id for r in mine), sid  # no loss, no duplicate
        assert len(mine) == len({r.id for r in mine}) == len(local)
        assert [r.seq for r in mine] == list(range(1, len(mine) + 1)), sid  # no gap
        assert all(r["uploaded"] == 1 for r in local), sid  # the final push left nothing behind
        assert [r.hash for r in mine] == [r["hash"] for r in local]  # the chain arrived as written
        assert [r.sig for r in mine] == [r["sig"] for r in local] and all(r.sig for r in mine)  # signed on the PC
        with sessions() as s:  # ...with the key each player registered through its least-privileged login
            reports = signature_reports(central_rows(s, sid), installation_keys(s, sid))
        assert [(r.records, r.signed, r.problems) for r in reports] == [(len(mine), len(mine), [])], sid
        # playback went on during the outage: records planned inside it exist and were played
        during = [r for r in mine if outage_start <= r.planned_start <= outage_end]
        assert len(during) >= 4, sid
        assert all(r.outcome == "played" for r in during), [(r.media_id, r.outcome, r.reason) for r in during]
        # media came from the database into the player's own store, verified: every file hashes to its name
        files = [p for p in (tmp_path / sid / "media").rglob("*") if p.is_file()]
        assert not [p for p in files if p.name.startswith(".fetch-")]
        assert {sha256_file(p) for p in files} == {p.stem for p in files} == {sha_of[m] for m in SCREENS[sid][1]}
        log = (tmp_path / sid / "log" / "videotron-player.log").read_text()
        assert "sha256 verified" in log
        assert "using the cache" in log  # the plan refresh inside the outage fell back to the cached plan
        assert "central database back" in log
    # AND the running text's proof of display came up through the player's own least-privileged login
    with sessions() as s:
        shown = list(s.scalars(select(TextDisplay)))
    assert [(t.screen_id, t.text_id) for t in shown] == [("pasar", "RT-1")] and shown[0].shown_ms > 10_000, shown
    print(f"{len(rows)} play records from 3 players; outage {OUTAGE_S:.0f} s from {outage_at:.1f} s after the launch; "
          "all outage records uploaded "
          f"{caught_up:.1f} s after the restart")  # fmt: skip
