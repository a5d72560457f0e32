"""Twenty kill -9 restarts of the real player under Xvfb, the whole screen grabbed at 50 fps: never a frame of the
desktop (the deploy's cover, `player.cover`, is under the player's window), never black, every restart back at the
clock position, and no record lost (each item on air at a kill is recorded skipped, "interrupted"; chain intact).

A "desktop" (a full-screen orange window) is mapped first, then the cover, then the player, as on a kiosk PC whose
session starts the cover's unit before the player's. The test restarts the player itself, as systemd would.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

import pytest

from player.playlog import INTERRUPTED
from player.standby import BACKGROUND
from tests.test_player_e2e import RESTART_SLACK_S, TZ, Run, clip, colour, media_entry, wait_for_log, write_plan

pytestmark = [pytest.mark.timing, pytest.mark.gui, pytest.mark.slow, pytest.mark.skipif(
    not shutil.which("Xvfb") or not shutil.which("ffmpeg"), reason="needs Xvfb and ffmpeg")]  # fmt: skip

RESTARTS = 20
QUAD = ["red", "green", "blue", "magenta", "white", "cyan"]  # one colour per second: the picture tells the offset
DESKTOP = (255, 136, 0)
SMALL = (64, 36)  # the whole 1280x720 screen, scaled down
DESKTOP_PY = """
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([]); w = QWidget(); w.setWindowTitle("desktop")
p = w.palette(); p.setColor(QPalette.ColorRole.Window, QColor(255, 136, 0)); w.setPalette(p)
w.setAutoFillBackground(True)
w.setGeometry(0, 0, 1280, 720); w.show(); app.exec()
"""


@pytest.fixture
def run(tmp_path: Path) -> Run:
    from videotron.demo.xvfb import virtual_display

    with virtual_display(1280, 720) as display:
        yield Run(display, tmp_path)  # type: ignore[misc]


def near(px: bytes, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    return sum((a - b) ** 2 for a, b in zip(px, rgb, strict=True)) < tolerance**2


def test_twenty_kill9_restarts_show_no_desktop_lose_no_record_and_resume_on_the_clock(run: Run) -> None:
    t = run.tmp
    quad = media_entry("quad", clip(t / "quad.mp4", QUAD, "320x160", len(QUAD)))
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=8)
    rows = write_plan(t / "plan.json", start, [("quad", len(QUAD))] * 20, {"quad": quad})
    env = run.env()
    side = [subprocess.Popen([sys.executable, "-c", DESKTOP_PY], env=env)]
    wait_for_title(run, "desktop")
    side.append(subprocess.Popen([sys.executable, "-m", "player.cover", "S1"], env=env))
    w, h, x, y = 640, 320, 100, 60
    cmd = [sys.executable, "-m", "player", "-v", "S1", "--plan", str(t / "plan.json"), "--geometry", f"{w}x{h}+{x}+{y}",
           "--log-file", str(t / "playlog.sqlite3")]  # fmt: skip
    with open(t / "player.err", "ab") as err_file, open(t / "grab.err", "wb") as grab_err:
        kills = restart_loop(run, cmd, side, err_file, grab_err, rows[-1][2])
    # THEN the whole screen never showed the desktop, and the capture area never black, nor anything unplanned
    stamps = [int(p) / 1e6 for p in re.findall(r"pts:\s*(\d+)", (t / "grab.err").read_text())]
    data = (t / "grab.raw").read_bytes()
    size = SMALL[0] * SMALL[1] * 3
    centre = ((y + h // 2) * SMALL[1] // 720 * SMALL[0] + (x + w // 2) * SMALL[0] // 1280) * 3
    frames = [(stamps[n], data[n * size : (n + 1) * size]) for n in range(min(len(stamps), len(data) // size))]
    window = [(at, f) for at, f in frames if kills[0] - 2 <= at <= kills[-1] + 2]
    assert len(window) > 50 * (kills[-1] - kills[0])  # no long hole in the grab
    desktop = [at for at, f in window if any(near(f[i : i + 3], DESKTOP) for i in range(0, size, 3))]
    assert desktop == [], f"{len(desktop)} frames showed the desktop"
    checked = standby = 0
    for at, f in window:
        px = f[centre : centre + 3]
        if near(px, BACKGROUND, 30):
            standby += 1  # the cover (or the player's own first paint) while the player restarts
            continue
        c = colour(px)
        offset = (at - start.timestamp()) % len(QUAD)
        edge = min(abs(offset - k) for k in range(len(QUAD) + 1))
        assert c in QUAD, f"{at - start.timestamp():.3f} s: the capture area showed {c} {tuple(px)}"
        if edge > RESTART_SLACK_S:
            assert c == QUAD[int(offset)], f"{at - start.timestamp():.3f} s into the plan showed {c}, not on the clock"
            checked += 1
    assert checked > 8 * RESTARTS and standby > 0  # each run shows at least 0.3 s of the clip before its kill

    # AND no record is lost: each kill's item is recorded interrupted, once; the chain is intact
    log = run.playlog(start.date().isoformat())
    interrupted = sorted(datetime.fromisoformat(r["planned_start"]) for r in log if r["reason"] == INTERRUPTED)
    # the item on the clock at each kill (a kill within 50 ms after an item's start may still have the one before on)
    at_kill = [next(s for _m, s, e in rows if s.timestamp() <= k < e.timestamp()) for k in kills]
    near_edge = sum(1 for k in kills if (k - start.timestamp()) % len(QUAD) < 0.05)
    story = [(r["planned_start"][11:19], r["outcome"], r["reason"][:40]) for r in log] + [
        f"kill at +{k - start.timestamp():.3f} s" for k in kills
    ]  # what a failure needs to be understood
    assert [r for r in log if r["outcome"] == "failed"] == [], story  # no item lost to a slow restart either
    assert len(interrupted) == RESTARTS and not [r for r in log if r["outcome"] == "on_air"], story
    assert sum(a != b for a, b in zip(interrupted, sorted(at_kill), strict=True)) <= near_edge, (interrupted, at_kill)
    print(
        f"{RESTARTS} kill -9 restarts: 0 desktop frames of {len(window)}, {standby} cover frames, "
        f"{checked} frames on the clock, {len(log)} records, {len(interrupted)} interrupted"
    )


def wait_for_title(run: Run, title: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["xwininfo", "-root", "-tree"], env=run.env(), capture_output=True, text=True).stdout
        if f'"{title}"' in out:
            return
        time.sleep(0.1)
    raise AssertionError(f"no window {title!r}")


def restart_loop(run: Run, cmd: list[str], side: list[subprocess.Popen[bytes]], err: IO[bytes], grab_err: IO[bytes],
                 end: datetime) -> list[float]:  # fmt: skip
    """Grab the whole screen while the player is killed -9 and restarted RESTARTS times (each kill once it is back on
    air); then one last run to the end of a few seconds. The kill times."""
    t, env, kills = run.tmp, run.env(), []
    grabber: subprocess.Popen[bytes] | None = None
    try:
        wait_for_title(run, "videotron-cover")
        grabber = subprocess.Popen(
            ["ffmpeg", "-nostdin", "-y", "-loglevel", "info", "-nostats", "-f", "x11grab", "-framerate", "50",
             "-video_size", "1280x720", "-i", f"{run.display}+0,0", "-copyts", "-frames:v",
             str(int((end - datetime.now(TZ)).total_seconds() * 50)), "-vf",
             f"scale={SMALL[0]}:{SMALL[1]}:flags=neighbor,showinfo", "-fps_mode", "passthrough", "-f", "rawvideo",
             "-pix_fmt", "rgb24", str(t / "grab.raw")],
            env=env, stdout=subprocess.DEVNULL, stderr=grab_err)  # fmt: skip
        for _ in range(RESTARTS):
            err.flush()
            seen = len((t / "player.err").read_text(errors="replace"))  # this process's own take, not the last one's
            player = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
            # back on air, and its record committed (the event the kill tests; the take is logged before it)
            wait_for_log(t / "player.err", r"recorded on air: quad", deadline=time.time() + 30, start=seen)
            time.sleep(random.uniform(0.3, 1.0))
            player.send_signal(signal.SIGKILL)  # a power cut, as far as the player can tell
            player.wait(timeout=10)
            kills.append(time.time())
            time.sleep(0.3)  # systemd's RestartSec=1, shortened
        last = subprocess.Popen([*cmd, "--exit-after", "3"], env=env, stdout=subprocess.DEVNULL, stderr=err)
        assert last.wait(timeout=60) == 0, (t / "player.err").read_text()[-3000:]
        grabber.send_signal(signal.SIGINT)
        grabber.wait(timeout=30)
    finally:
        for proc in [*side, *([grabber] if grabber else [])]:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return kills
