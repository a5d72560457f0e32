"""The player's day is the screen's day, whatever zone the kiosk PC is set to and whatever hour the test runs.

GIVEN a screen whose local date differs from the machine's (chosen from the clock at run time, see `tests.zones`),
loaded into a SQLite database, WHEN the real player starts from the database (no --plan) on a machine whose zone is
UTC, Asia/Jayapura or Pacific/Kiritimati, THEN it plays that screen's day from its first second: the local proof of
play holds `played` records of the screen's date, the first one starting within seconds of the launch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from player import plan_source
from tests.test_player_e2e import clip, still
from tests.zones import MACHINE_ZONES, zone_with_other_date
from videotron.cli import main
from videotron.demo.xvfb import virtual_display

pytestmark = [pytest.mark.timing, pytest.mark.gui, pytest.mark.skipif(
    not shutil.which("Xvfb") or not shutil.which("ffmpeg"), reason="needs Xvfb and ffmpeg")]  # fmt: skip

RUN_S = 9.0


def setup_file(t: Path, zone: str) -> Path:
    path = t / "setup.toml"
    path.write_text(
        f"""
[[screen]]
id = "s1"
name = "Videotron s1"
zone = "A"
timezone = "{zone}"
geometry = "320x160+0+0"
hours = "00:00-24:00"
loop_seconds = 60
psa_share = 0.3

[[media]]
id = "psa"
file = "{clip(t / "psa.mp4", ["green"], "320x160", 2)}"
kind = "psa"
[[media]]
id = "logo"
file = "{still(t / "logo.png", "cyan", "320x160")}"
kind = "filler"
seconds = 2

[[playlist]]
id = "info"
items = ["psa", "logo"]

[[daypart]]
screen = "s1"
playlist = "info"
start = "00:00"
end = "24:00"
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("machine_tz", MACHINE_ZONES)
def test_player_from_the_database_plays_the_screens_day_from_its_first_second(machine_tz: str, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    zone_name, zone = zone_with_other_date(now, ZoneInfo(machine_tz))
    screen_day = now.astimezone(zone).date().isoformat()
    url = f"sqlite:///{tmp_path / 'videotron.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "load", str(setup_file(tmp_path, zone_name))]) == 0
    log_file = tmp_path / "playlog.sqlite3"

    with virtual_display(640, 360) as display:
        env = dict(os.environ, DISPLAY=display, TZ=machine_tz, VIDEOTRON_DATA_DIR=str(tmp_path / "player"),
                   VIDEOTRON_LOG_DIR=str(tmp_path / "log"))  # fmt: skip
        launched = time.time()
        out = subprocess.run([sys.executable, "-m", "player", "--db", url, "s1", "--exit-after", str(RUN_S),
                              "--log-file", str(log_file)], env=env, capture_output=True, text=True,
                             timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]

    listed = subprocess.run([sys.executable, "-m", "player", "playlog", "s1", "--date", screen_day, "--json",
                             "--log-file", str(log_file)], env=env, capture_output=True, text=True, check=True,
                            timeout=60)  # fmt: skip
    items = json.loads(listed.stdout)["items"]
    played = [r for r in items if r["outcome"] == "played"]
    machine_day = now.astimezone(ZoneInfo(machine_tz)).date().isoformat()
    assert screen_day != machine_day
    assert played, f"nothing played on the screen's day {screen_day} ({zone_name}); machine {machine_tz}: {items}"
    first = min(datetime.fromisoformat(r["start"]).timestamp() for r in items if r["start"])
    assert first - launched < 5.0, f"first item on air {first - launched:.1f} s after the launch"


@pytest.mark.parametrize("machine_tz", MACHINE_ZONES)
def test_the_screens_day_before_any_plan_comes_from_the_database_then_from_the_cache(
    machine_tz: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", machine_tz)
    time.tzset()
    try:
        now = datetime.now(UTC)
        zone_name, zone = zone_with_other_date(now, ZoneInfo(machine_tz))
        url = f"sqlite:///{tmp_path / 'videotron.sqlite3'}"
        assert main(["--db", url, "db", "upgrade"]) == 0
        assert main(["--db", url, "load", str(setup_file(tmp_path, zone_name))]) == 0
        from videotron.core.db import make_engine, make_session_factory

        engine = make_engine(url)
        sessions = make_session_factory(engine)
        assert plan_source.screen_today("s1", now, sessions) == now.astimezone(zone).date()
        plan = plan_source.load_plan("s1", now.astimezone(zone).date(), sessions)  # cached on the way
        engine.dispose()
        assert plan.timezone == zone_name
        # the database gone: the zone remembered beside the cached plans still gives the screen's day
        assert plan_source.screen_today("s1", now, None) == now.astimezone(zone).date()
    finally:
        monkeypatch.undo()
        time.tzset()
