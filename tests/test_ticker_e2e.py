"""End to end under Xvfb: the layout's zones at their exact pixels, the running text's speed and per-frame advance
in a screen grab across item transitions, and its proof of display uploaded to the central database.

The band (640x48 at the bottom of a 640x320 window) moves 120 px/s: 2 px a frame at the 60 Hz Xvfb reports. It is
grabbed at 100 fps, so each displayed frame is seen, and each change between grabbed pictures must be the band moved
exactly 2 px left (see tests/ticker_helpers.py).
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from PySide6.QtGui import QColor, QImage

from player.text_log import LocalTextLog
from playlists.models import TextDisplay
from tests.test_player_e2e import TZ, Run, clip, media_entry, still, wait_for_log, wait_for_window, write_plan
from tests.ticker_helpers import add_zones, band_frames, grab_band, motion, screenshot, start_player
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade
from videotron.demo.xvfb import virtual_display

pytestmark = [pytest.mark.timing, pytest.mark.gui, pytest.mark.slow, pytest.mark.skipif(
    not shutil.which("Xvfb") or not shutil.which("ffmpeg"), reason="needs Xvfb and ffmpeg")]  # fmt: skip

STEP = 2  # px a frame: 120 px/s at 60 Hz


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    with virtual_display(1280, 720) as display:
        yield Run(display, tmp_path)


def zone_media(t: Path) -> dict[str, dict[str, object]]:
    return {
        # the probed size, as the plan compiler hands it on (the player scales by it, see player.frames.visible_size)
        "red": media_entry("red", clip(t / "red.mp4", ["red"], "480x272", 2.0)) | {"width": 480, "height": 272},
        "blue": media_entry("blue", clip(t / "blue.mp4", ["blue"], "480x272", 2.0)) | {"width": 480, "height": 272},
        "green": media_entry("green", still(t / "green.png", "green", "480x272"), image=True),
        "logo": media_entry("logo", still(t / "logo.png", "magenta", "160x136"), image=True),
    }


def pixel(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    c = QColor(image.pixel(x, y))
    return c.red(), c.green(), c.blue()


def near(rgb: tuple[int, int, int], want: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb, want, strict=True))


def test_zones_sit_at_their_exact_pixels(run: Run) -> None:
    t = run.tmp
    media = zone_media(t)
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=5)
    rows = write_plan(t / "plan.json", start, [("red", 3), ("green", 3)], media)
    add_zones(t / "plan.json", start - timedelta(seconds=30), rows[-1][2] + timedelta(seconds=30))
    player = run.player(t / "plan.json", exit_after=(rows[-1][2] - datetime.now(TZ)).total_seconds() + 1)
    wait_for_window(run)
    time.sleep(max(0.0, start.timestamp() + 1.5 - time.time()))
    shot = QImage(str(screenshot(run, t / "zones-video.png")))
    time.sleep(max(0.0, rows[1][1].timestamp() + 1.0 - time.time()))
    shot_still = QImage(str(screenshot(run, t / "zones-still.png")))
    assert player.wait(timeout=30) == 0, (t / "player.err").read_text()[-3000:]

    # main region 480x272 at 0,0: a video or a still of that size fills it to its four corners
    for image, main in ((shot, (255, 0, 0)), (shot_still, (0, 128, 0))):
        for x, y in ((0, 0), (479, 0), (0, 271), (479, 271)):
            assert near(pixel(image, x, y), main), (x, y, pixel(image, x, y))
        for x, y in ((480, 0), (639, 0), (480, 135), (639, 135)):  # clock zone 160x136 at 480,0: its background
            assert near(pixel(image, x, y), (0, 0, 128)), (x, y, pixel(image, x, y))
        for x, y in ((480, 136), (639, 136), (480, 271), (639, 271)):  # logo 160x136 at 480,136: the magenta image
            assert near(pixel(image, x, y), (255, 0, 255)), (x, y, pixel(image, x, y))
        for x in (0, 320, 639):  # band 640x48 at 0,272: its background on its first and last rows
            for y in (272, 319):
                assert near(pixel(image, x, y), (16, 16, 96)), (x, y, pixel(image, x, y))
        # text in the band (white pixels in its middle rows) and in the clock zone (yellow)
        assert any(near(pixel(image, x, 296), (255, 255, 255), 40) for x in range(640))
        assert any(near(pixel(image, x, y), (255, 255, 0), 40) for x in range(480, 640) for y in range(0, 136))


def test_text_moves_two_pixels_every_frame_at_120_px_s_across_20_transitions(run: Run) -> None:
    t = run.tmp
    media = zone_media(t)
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=5)
    cycle = ["red", "blue", "green"]  # video -> video -> still -> video...: 21 items of 0.5 s, 20 transitions
    rows = write_plan(t / "plan.json", start, [(cycle[n % 3], 0.5) for n in range(21)], media)
    end = rows[-1][2]
    add_zones(t / "plan.json", start - timedelta(seconds=30), end + timedelta(seconds=30))
    player = run.player(t / "plan.json", exit_after=(end - datetime.now(TZ)).total_seconds() + 1)
    wait_for_window(run)
    grabber = grab_band(run, (end - datetime.now(TZ)).total_seconds() + 0.5)
    assert grabber.wait(timeout=60) == 0
    assert player.wait(timeout=30) == 0, (t / "player.err").read_text()[-3000:]

    seen = motion(band_frames(run), start.timestamp(), end.timestamp())
    speed = seen.speed()
    print(
        f"band: {len(seen.steps)} moves over {len(rows) - 1} transitions, steps {sorted(set(seen.steps))}, "
        f"speed {speed:.2f} px/s, longest hold {max(seen.holds) * 1000:.0f} ms, unresolved {seen.unresolved}"
    )
    assert len(seen.steps) >= 0.9 * 60 * (end - start).total_seconds()  # about every displayed frame was seen
    assert seen.unresolved == 0
    # per-frame advance: always 2 px, jitter 0 px (a change of 4 px between two pictures grabbed a frame period or
    # more apart is two displayed frames with the grabber late between them, counted and printed, not a jump)
    jumps, grabber_late = seen.jumps(STEP, 1 / 60)
    print(f"grabber late for {grabber_late} frame(s)")
    assert jumps == [], jumps
    # a frame the player's GUI thread did not get the CPU for is a frame the text waits (it never jumps): the speed
    # drops 2 px/s per frame missed a second; the player's log counts them
    missed = re.findall(r"band: \d+ frames at 60 Hz, \d+ missed", (t / "player.err").read_text())
    assert abs(speed - 120) <= 1, (speed, missed)


def test_proof_of_display_survives_kill_9_and_is_uploaded(run: Run, db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    t = run.tmp
    media = zone_media(t)
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=4)
    rows = write_plan(t / "plan.json", start, [("red", 2), ("green", 2)] * 6, media)
    texts = [("PSA-1", "Info Kominfo", "psa", None), ("RT-7", "Iklan: Toko Rejeki", "ad", "BK-RT-7")]
    add_zones(t / "plan.json", start - timedelta(hours=1), rows[-1][2] + timedelta(hours=1), texts=texts)
    # GIVEN a player showing two short texts, killed -9 after 9 s of band
    player = start_player(run, t / "plan.json", exit_after=60, db=db_url)
    wait_for_window(run)
    shown_from = time.time()
    time.sleep(9)
    player.send_signal(signal.SIGKILL)
    player.wait(timeout=10)
    killed_after = time.time() - shown_from
    before = local_totals(t)
    # THEN the local log kept the counts up to its last flush (at most 2 s lost): the first text was in the band
    # from when it entered (the band is empty at start, the window up within ~1.5 s) until the kill
    assert (killed_after - 1.5) * 1000 - 2500 <= before["PSA-1"][0] <= killed_after * 1000, before
    # WHEN the player runs again for 8 s and exits
    player = start_player(run, t / "plan.json", exit_after=8, db=db_url)
    assert player.wait(timeout=30) == 0, (t / "player.err").read_text()[-3000:]
    local = LocalTextLog(t / "playlog.sqlite3", "")
    after = {r["id"]: r for r in local.rows("S1")}
    local.close()
    # THEN the central rows hold the local running totals, under the installation-screen-day-text id
    with make_session_factory(engine)() as session:
        central = {r.id: r for r in session.scalars(select(TextDisplay).where(TextDisplay.screen_id == "S1"))}
    engine.dispose()
    assert set(central) == set(after) and {r.text_id for r in central.values()} == {"PSA-1", "RT-7"}
    for key, row in central.items():
        assert key.endswith(f"-S1-{row.day}-{row.text_id}")
        assert (row.shown_ms, row.loops) == (after[key]["shown_ms"], after[key]["loops"])
        assert row.first_at is not None and row.last_at is not None and row.first_at < row.last_at
        assert row.booking_id == ("BK-RT-7" if row.text_id == "RT-7" else None)
    totals = local_totals(t)
    assert totals["PSA-1"][0] >= before["PSA-1"][0] + 3000  # the second run added its seconds
    assert totals["PSA-1"][1] >= 1  # ~170 px of text, 640 px of band at 120 px/s: one pass in ~7 s
    print("shown ms, loops:", totals)


def local_totals(t: Path) -> dict[str, tuple[int, int]]:
    """Text id -> (ms shown, loops) over every day in the local log (a test may straddle the screen's midnight)."""
    local = LocalTextLog(t / "playlog.sqlite3", "")
    out: dict[str, tuple[int, int]] = {}
    for r in local.rows("S1"):
        ms, loops = out.get(r["text_id"], (0, 0))
        out[r["text_id"]] = (ms + r["shown_ms"], loops + r["loops"])
    local.close()
    return out


def test_an_alert_runs_in_the_band_above_its_cover(run: Run, sqlite_url: str) -> None:
    upgrade(make_engine(sqlite_url))
    t = run.tmp
    media = zone_media(t)
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=3)
    rows = write_plan(t / "plan.json", start, [("red", 2), ("green", 2)] * 8, media)
    add_zones(t / "plan.json", start - timedelta(hours=1), rows[-1][2] + timedelta(hours=1))
    player = start_player(run, t / "plan.json", exit_after=40, db=sqlite_url)
    try:
        wait_for_window(run)
        time.sleep(max(0.0, start.timestamp() + 1 - time.time()))
        cli = [sys.executable, "-m", "videotron.cli", "--db", sqlite_url, "alert"]
        subprocess.run([*cli, "start", "--all", "--title", "PERINGATAN BANJIR", "--minutes", "1", "--message",
                        "Warga bantaran sungai segera mengungsi ke titik kumpul"], check=True, timeout=60)  # fmt: skip
        wait_for_log(t / "player.err", r"alert \d+ on air", time.time() + 20)
        time.sleep(1.0)
        on_air = [QImage(str(screenshot(run, t / f"alert-{n}.png"))) for n in range(2)]
        subprocess.run([*cli, "stop"], check=True, timeout=60)
        wait_for_log(t / "player.err", r"alert \d+ ended", time.time() + 20)
        time.sleep(0.5)
        after = QImage(str(screenshot(run, t / "after-alert.png")))
    finally:
        player.send_signal(signal.SIGTERM)
        player.wait(timeout=30)
    red, yellow = (0xB0, 0, 0), (0xFF, 0xEB, 0x3B)
    for image in on_air:
        # the cover over the main region and the corner zones, the band below it in the alert's colours
        for x, y in ((0, 0), (479, 271), (560, 5), (639, 271), (0, 272), (639, 319)):
            assert near(pixel(image, x, y), red, 20), (x, y, pixel(image, x, y))
        assert any(near(pixel(image, x, 296), yellow, 40) for x in range(640))  # the alert's text in the band
    # the band runs (its rows differ between two grabs) while the cover above it stands still
    band_rows = [[on_air[n].pixel(x, y) for x in range(640) for y in range(280, 312, 4)] for n in range(2)]
    cover_rows = [[on_air[n].pixel(x, y) for x in range(0, 640, 2) for y in range(0, 272, 8)] for n in range(2)]
    assert band_rows[0] != band_rows[1] and cover_rows[0] == cover_rows[1]
    # afterwards the band is the running text's again (its own background), the cover gone
    assert near(pixel(after, 0, 272), (16, 16, 96)) and not near(pixel(after, 240, 136), red, 20)
    shown = local_totals(t)
    assert "" not in shown and set(shown) <= {"PSA-1", "RT-7"}  # an alert's text is not counted as a message's
