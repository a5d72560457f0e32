"""The player in the field, end to end (real player, libVLC, Xvfb, frames grabbed by ffmpeg): days offline played
from the plans cached ahead, across midnight, with a clock that skips the dull middle of each day; nothing cached
shows the standby picture (never black, never the desktop) and says so in the log and the heartbeat; a file fetched
after the start airs from its next item, the slot before it filled and logged `failed`, "not yet fetched".
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from player.standby import BACKGROUND
from tests.test_player_e2e import Run, clip, media_entry, segments, still, wait_for_log, wait_for_window
from videotron.cli import main

pytestmark = [pytest.mark.timing, pytest.mark.gui, pytest.mark.skipif(
    not shutil.which("Xvfb") or not shutil.which("ffmpeg"), reason="needs Xvfb and ffmpeg")]  # fmt: skip

ZONE = "Asia/Jakarta"
TZ = ZoneInfo(ZONE)
GEOMETRY = "640x320+100+60"
SETTLE_S = 0.3  # a join after the skipping clock's jump (JOIN_MARGIN) and grab jitter


@pytest.fixture
def run(tmp_path: Path) -> Run:
    from videotron.demo.xvfb import virtual_display

    with virtual_display(1280, 720) as display:
        yield Run(display, tmp_path)  # type: ignore[misc]


def plan_json(day: str, items: list[tuple[str, datetime, datetime]], media: dict[str, dict[str, object]]) -> str:
    return json.dumps({
        "format": 1, "screen": "S1", "date": day, "timezone": ZONE, "geometry": "fullscreen", "fit": "contain",
        "open_at": None, "close_at": None, "standby_media": None,
        "items": [{"start": s.isoformat(timespec="milliseconds"), "end": e.isoformat(timespec="milliseconds"),
                   "media": m, "kind": "ad", "booking": f"BK-{m}-{n}", "advertiser": None}
                  for n, (m, s, e) in enumerate(items)],
        "media": media})  # fmt: skip


def every(mid: str, start: datetime, end: datetime, seconds: float) -> list[tuple[str, datetime, datetime]]:
    out, at = [], start
    while at < end:
        out.append((mid, at, at + timedelta(seconds=seconds)))
        at += timedelta(seconds=seconds)
    return out


def player(run: Run, exit_after: float, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """The real player from its cache or database (no --plan): no database unless `extra` names one."""
    environ = {k: v for k, v in (env or run.env()).items() if k != "VIDEOTRON_DB"}
    cmd = [sys.executable, "-m", "player", "-v", *extra, "S1", "--geometry", GEOMETRY, "--exit-after",
           str(exit_after), "--log-file", str(run.tmp / "playlog.sqlite3")]  # fmt: skip
    return subprocess.Popen(cmd, env=environ, stdout=subprocess.DEVNULL,
                            stderr=open(run.tmp / "player.err", "ab"))  # fmt: skip


def grab_colours(run: Run) -> list[tuple[float, str]]:
    """Frames classified as in test_player_e2e, plus the player's own standby picture."""
    data = (run.tmp / "grab.raw").read_bytes()
    frames = run.frames()
    size, centre = 16 * 8 * 3, (4 * 16 + 8) * 3
    out = []
    for n, (at, name) in enumerate(frames):
        px = data[n * size + centre : n * size + centre + 3]
        if sum((a - b) ** 2 for a, b in zip(px, BACKGROUND, strict=True)) < 30**2:
            name = "standby"
        out.append((at, name))
    return out


def test_offline_for_days_each_day_plays_its_own_cached_plan_across_midnight(run: Run) -> None:
    # GIVEN a player PC with no database and three days of plans in its cache, each day its own colours
    t = run.tmp
    media = {
        "red": media_entry("red", still(t / "red.png", "red", "640x320"), image=True),
        "green": media_entry("green", clip(t / "green.mp4", ["green"], "320x160", 2.5)),
        "blue": media_entry("blue", still(t / "blue.png", "blue", "640x320"), image=True),
        "yellow": media_entry("yellow", clip(t / "yellow.mp4", ["yellow"], "320x160", 2.5)),
    }
    d0 = datetime.now(TZ).date()
    days = [d0 + timedelta(days=n) for n in range(3)]
    midnight = [datetime.combine(d, datetime.min.time(), tzinfo=TZ) for d in days[1:]]
    plans = {
        days[0]: every("red", midnight[0] - timedelta(seconds=30), midnight[0], 5),
        days[1]: every("green", midnight[0], midnight[0] + timedelta(seconds=10), 2.5)
        + every("blue", midnight[1] - timedelta(seconds=30), midnight[1], 5),
        days[2]: every("yellow", midnight[1], midnight[1] + timedelta(seconds=10), 2.5),
    }
    cache = t / "data" / "plans"
    cache.mkdir(parents=True)
    for day, items in plans.items():
        (cache / f"S1-{day}.json").write_text(plan_json(day.isoformat(), items, media), encoding="utf-8")
    (cache / "S1.timezone").write_text(ZONE + "\n", encoding="utf-8")
    # WHEN it runs on a clock that reads 23:59:55 five seconds after the launch, then skips from 00:00:05 of the next
    # day to its 23:59:55 (every 10 s, a day less 10 s): two midnights in 20 s
    real0 = time.time() + 5
    fake0 = midnight[0] - timedelta(seconds=5)
    env = dict(run.env(), VIDEOTRON_PLAYER_TEST_CLOCK=f"{fake0.isoformat()}@{real0}/10/{86400 - 10}")
    proc = player(run, real0 + 20 - time.time(), env=env)
    grabber = run.grab(real0 + 19.5 - time.time())
    assert grabber.wait(timeout=90) == 0
    assert proc.wait(timeout=90) == 0, (t / "player.err").read_text()[-3000:]

    # THEN the screen showed each day's own items in turn, with nothing else in between (no black, no standby)
    frames = [(at, c) for at, c in grab_colours(run) if real0 - 1 <= at <= real0 + 19]
    shown = [(c, round(a - real0, 2), round(b - real0, 2)) for c, a, b in segments(frames)]
    assert [c for c, *_ in shown] == ["red", "green", "blue", "yellow"], shown
    # the day's first items came on at their midnights (real0 + 5 and real0 + 15), within a frame and grab jitter
    assert abs(shown[1][1] - 5) <= 0.07 and abs(shown[3][1] - 15) <= 0.07, shown
    # AND each day's proof of play is under its own date, chained
    played = {}
    for day in days:
        rows = run.playlog(day.isoformat())
        played[day] = {r["media"] for r in rows if r["outcome"] == "played"}
    assert played == {days[0]: {"red"}, days[1]: {"green", "blue"}, days[2]: {"yellow"}}, played
    log = (t / "player.err").read_text()
    assert f"the screen's day {days[1]} begins" in log and f"the screen's day {days[2]} begins" in log


def test_nothing_cached_shows_the_standby_picture_and_says_so(run: Run) -> None:
    # GIVEN a new PC whose database knows nothing of its screen yet (schema only) and nothing cached
    url = f"sqlite:///{run.tmp / 'central.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    proc = player(run, 7, "--db", url)
    wait_for_window(run)
    started = time.time()
    grabber = run.grab(5)
    assert grabber.wait(timeout=60) == 0
    assert proc.wait(timeout=60) == 0, (run.tmp / "player.err").read_text()[-3000:]
    # THEN its window showed the standby picture from the moment it was there: never black, never the desktop
    frames = [c for at, c in grab_colours(run) if at >= started]
    assert frames and set(frames) == {"standby"}, sorted(set(frames))
    # AND it says so in its log and in its heartbeat
    wait_for_log(run.tmp / "player.err", r"showing the standby picture", deadline=time.time() + 5)
    with create_engine(url).connect() as db:
        detail = db.execute(text("SELECT detail FROM heartbeat WHERE screen_id = 'S1'")).scalar_one()
    assert detail.startswith(f"standby: no plan for {datetime.now(TZ).date()}") or "standby: no plan" in detail


def test_a_file_fetched_after_the_start_airs_from_its_next_item(run: Run) -> None:
    # GIVEN a cached plan whose green clip is not in this PC's store yet (the fetch is still under way)
    t = run.tmp
    green = clip(t / "green.mp4", ["green"], "320x160", 2)
    sha = hashlib.sha256(green.read_bytes()).hexdigest()
    store = t / "data" / "media" / sha[:2] / f"{sha}.mp4"
    media = {
        "green": replace_path(media_entry("green", green), store),
        "red": media_entry("red", still(t / "red.png", "red", "640x320"), image=True),
        "cyan": media_entry("cyan", still(t / "cyan.png", "cyan", "640x320"), kind="filler", image=True),
    }
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=7)
    items = [(m, start + timedelta(seconds=2 * n), start + timedelta(seconds=2 * n + 2))
             for n, m in enumerate(["green", "red", "green", "red"])]  # fmt: skip
    cache = t / "data" / "plans"
    cache.mkdir(parents=True)
    (cache / f"S1-{start.date()}.json").write_text(plan_json(start.date().isoformat(), items, media), encoding="utf-8")
    (cache / "S1.timezone").write_text(ZONE + "\n", encoding="utf-8")
    end = items[-1][2]
    proc = player(run, (end - datetime.now(TZ)).total_seconds() + 1.5)
    grabber = run.grab((end - datetime.now(TZ)).total_seconds() + 0.5)
    # WHEN the file arrives (as the fetcher puts it: whole, under its real name) after its first item's end (while its
    # slot runs the item is tried again every 0.25 s and would join: here the slot passes without it)
    wait_for_log(t / "player.err", r"item 0 \(green\) failed: not yet fetched", deadline=start.timestamp() + 10)
    store.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(green, store.with_suffix(".part"))
    os.replace(store.with_suffix(".part"), store)
    assert grabber.wait(timeout=60) == 0
    assert proc.wait(timeout=60) == 0, (t / "player.err").read_text()[-3000:]
    # THEN the first slot was filled by the filler, and the clip aired from its next item
    frames = [(a, c) for a, c in grab_colours(run) if start.timestamp() <= a < end.timestamp() - 0.05]
    runs = segments(frames)
    if runs[0][0] == "standby" and runs[0][2] < start.timestamp() + 1.0:
        runs = runs[
            1:
        ]  # the filler is cued when the slot begins without its file: on within 1 s (as in test_player_e2e)
    assert [c for c, *_ in runs] == ["cyan", "red", "green", "red"], runs
    rows = sorted(
        run.playlog(start.date().isoformat()), key=lambda r: r["planned_start"]
    )  # a miss is logged at its end
    assert [(r["media"], r["outcome"]) for r in rows] == [("green", "failed"), ("red", "played"),
                                                         ("green", "played"), ("red", "played")]  # fmt: skip
    assert rows[0]["reason"].startswith("not yet fetched")


def replace_path(entry: dict[str, object], path: Path) -> dict[str, object]:
    return {**entry, "path": str(path)}
