"""Player benchmark, big windows: distinct frames shown per second of a 50 fps source, and CPU, against libVLC's own
video output (`set_xwindow`) in a window of the same size, in the same run, under Xvfb.

Sizes: 1920x1080 (a full HD output) and 2000x1000 (a 12x6 m P6 screen). The source is `testsrc2` at 50 fps and the
window's size (real picture content for the decoder and the scaler) with a 64x64 block in its top-left corner whose
luma steps every frame (16 + 4 * (n mod 50), read back full range): each grabbed frame says which source frame was
on screen.
`ffmpeg -f x11grab -framerate 100` grabs only that block, twice per source frame, so every picture that stays on
screen for a source frame's 20 ms is seen: the grey level gives its frame number (mod 50), "distinct frames shown per
second" counts the changes of that number, and "source frames never shown" the numbers skipped between two changes
(keep every source frame: 0). CPU: the process's utime + stime over the measured seconds, in % of one core; Xvfb's
own CPU (it puts every frame on screen) beside it.

Run: `.venv/bin/python bench/bench_player_fps.py [--seconds 20]`. Prints a table; paste it into bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from videotron.demo.xvfb import virtual_display  # noqa: E402

TZ = timezone(timedelta(hours=7))
SIZES = [(1920, 1080), (2000, 1000)]
WARMUP_S = 4.0
NATIVE = """
import sys, vlc
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
w, h, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
app = QApplication([]); win = QWidget(); win.setWindowFlags(Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.X11BypassWindowManagerHint); win.setGeometry(0, 0, w, h); win.show()
inst = vlc.Instance(["--quiet", "--no-audio", "--no-osd", "--no-video-title-show"]); player = inst.media_player_new()
player.set_xwindow(int(win.winId())); player.set_media(inst.media_new(path, ":input-repeat=65535")); player.play()
app.exec()
"""


def source(folder: Path, w: int, h: int, seconds: float) -> Path:
    path = folder / f"src-{w}x{h}-50fps.mp4"
    if not path.exists():
        chain = (f"testsrc2=s={w}x{h}:r=50:d={seconds}[a];color=c=black:s=64x64:r=50:d={seconds},format=yuv420p,"
                 "geq=lum='16+4*mod(N,50)':cb=128:cr=128[b];[a][b]overlay=0:0")  # fmt: skip
        subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", "-filter_complex", chain, "-c:v", "libx264",
                        "-preset", "veryfast", "-pix_fmt", "yuv420p", str(path)], check=True)  # fmt: skip
    return path


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def xvfb_pid(display: str) -> int:
    out = subprocess.run(["pgrep", "-f", f"Xvfb {display} "], capture_output=True, text=True).stdout.split()
    return int(out[0])


def measure(display: str, proc: subprocess.Popen[bytes], seconds: float, tmp: Path) -> dict[str, float]:
    env = dict(os.environ, DISPLAY=display)
    time.sleep(WARMUP_S)  # a benchmark, not a test: the window is up and playing by then
    xpid = xvfb_pid(display)
    c0, x0, t0 = cpu_s(proc.pid), cpu_s(xpid), time.monotonic()
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "x11grab", "-framerate", "100",
                    "-video_size", "64x64", "-i", f"{display}+0,0", "-frames:v", str(int(seconds * 100)),
                    "-fps_mode", "passthrough", "-vf", "crop=16:16:24:24,scale=1:1", "-f", "rawvideo",
                    "-pix_fmt", "gray", str(tmp / "grab.raw")], env=env, check=True)  # fmt: skip
    c1, x1, t1 = cpu_s(proc.pid), cpu_s(xpid), time.monotonic()
    numbers = [round(level * 219 / (4 * 255)) % 50 for level in (tmp / "grab.raw").read_bytes()]
    shown = [n for n, _ in itertools.groupby(numbers)]  # the frame numbers in the order they were on screen
    skipped = sum((b - a) % 50 - 1 for a, b in itertools.pairwise(shown))
    return {
        "fps": (len(shown) - 1) / (len(numbers) / 100),
        "skipped": skipped / (len(numbers) / 100),
        "cpu": 100 * (c1 - c0) / (t1 - t0),
        "xvfb": 100 * (x1 - x0) / (t1 - t0),
    }


def run_player(display: str, path: Path, w: int, h: int, seconds: float, tmp: Path) -> subprocess.Popen[bytes]:
    start = datetime.now(TZ) + timedelta(seconds=1)
    media = {"src": {"id": "src", "path": str(path), "sha256": "", "kind": "ad", "is_image": False,
                     "duration_ms": int(seconds * 1000), "width": w, "height": h}}  # fmt: skip
    plan = {"format": 1, "screen": "B", "date": start.date().isoformat(), "timezone": "Asia/Jakarta",
            "geometry": "fullscreen", "fit": "contain", "open_at": None, "close_at": None, "standby_media": None,
            "items": [{"start": start.isoformat(), "end": (start + timedelta(seconds=seconds + 30)).isoformat(),
                       "media": "src", "kind": "ad", "booking": None, "advertiser": None}], "media": media}  # fmt: skip
    (tmp / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    env = dict(os.environ, DISPLAY=display, VIDEOTRON_DATA_DIR=str(tmp / "data"), VIDEOTRON_LOG_DIR=str(tmp / "log"))
    return subprocess.Popen([sys.executable, "-m", "player", "B", "--plan", str(tmp / "plan.json"), "--geometry",
                             f"{w}x{h}+0+0", "--log-file", str(tmp / "log.sqlite3")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-fps-"))
    rows, ratios = [], []
    for w, h in SIZES:
        got: dict[str, dict[str, float]] = {}
        path = source(tmp, w, h, args.seconds + WARMUP_S + 8)
        for name in ("this player", "libVLC set_xwindow"):
            with virtual_display(max(w, 1280), max(h, 720)) as display:
                env = dict(os.environ, DISPLAY=display)
                proc = (run_player(display, path, w, h, args.seconds + WARMUP_S, tmp) if name == "this player"
                        else subprocess.Popen([sys.executable, "-c", NATIVE, str(w), str(h), str(path)], env=env,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
                try:
                    m = got[name] = measure(display, proc, args.seconds, tmp)
                finally:
                    proc.kill()
                    proc.wait()
            load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            rows.append(
                f"| {w}x{h} | {name} | {m['fps']:.1f} of 50 | {m['skipped']:.1f} | {m['cpu']:.0f} % "
                f"| {m['xvfb']:.0f} % | {load} |"
            )
            print(rows[-1], flush=True)
        mine, native = got["this player"], got["libVLC set_xwindow"]
        ratios.append(f"{w}x{h}: this player / libVLC's own output: frames shown x{mine['fps'] / native['fps']:.2f}, "
                      f"CPU x{mine['cpu'] / native['cpu']:.2f}")  # fmt: skip
    print(
        "| window | output | distinct frames shown per second | source frames never shown per second "
        "| CPU, one core = 100 % | Xvfb CPU | load avg |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    print("\n".join(ratios))
    print(f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {args.seconds:.0f} s each")


if __name__ == "__main__":
    main()
