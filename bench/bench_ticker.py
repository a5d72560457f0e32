"""Running-text benchmark: the video's distinct frames per second and the player's CPU, with and without the band.

Three variants of one 640x320 window playing one 25 fps clip that changes every frame (`testsrc2` + noise), in the
same run, one after the other, `--rounds` times in turn (so a change of the machine's load hits all of them):
`none` (a plan without layouts: the video fills the window, as before #15), `main` (a layout with only the
480x272 main region: the baseline for the band, same picture size), `zones` (the same main region plus the
running-text band at 120 px/s, the clock and the logo). The main region's centre (160x90) is grabbed by
`ffmpeg -f x11grab -framerate 100` and every change between grabbed pictures counted: a distinct video frame on
screen. CPU is the player process's user+system time over the grab (from /proc). Ratios are against `main`.
Run: `.venv/bin/python bench/bench_ticker.py [--rounds 2] [--seconds 8]`. Prints a table; paste it into
bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from videotron.demo.xvfb import virtual_display  # noqa: E402

TZ = timezone(timedelta(hours=7))
W, H = 640, 320
MAIN = {"x": 0, "y": 0, "w": 480, "h": 272}
ZONES = {
    "ticker": {"x": 0, "y": 272, "w": 640, "h": 48, "size_px": 28, "fg": "#FFFFFF", "bg": "#101060",
               "speed_px_s": 120, "separator": "  •  "},
    "clock": {"x": 480, "y": 0, "w": 160, "h": 136, "size_px": 16, "fg": "#FFFF00", "bg": "#000080"},
    "logo": {"x": 480, "y": 136, "w": 160, "h": 136, "media": "logo"},
}  # fmt: skip
TEXTS = ["Pengumuman: Kantor Dinas Kominfo buka Senin-Jumat 08.00-16.00", "Toko Sumber Rejeki - diskon 20%"]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *args], check=True, timeout=120)


def entry(mid: str, path: Path, image: bool) -> dict[str, object]:
    return {"id": mid, "path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "kind": "ad",
            "is_image": image, "duration_ms": 0, "width": 0, "height": 0}  # fmt: skip


def write_plan(path: Path, media: dict[str, dict[str, object]], variant: str, start: datetime, seconds: float) -> None:
    end = start + timedelta(seconds=seconds)
    data: dict[str, object] = {
        "format": 1, "screen": "BENCH", "date": start.date().isoformat(), "timezone": "Asia/Jakarta",
        "geometry": "fullscreen", "fit": "contain", "open_at": None, "close_at": None, "standby_media": None,
        "items": [{"start": start.isoformat(timespec="milliseconds"), "end": end.isoformat(timespec="milliseconds"),
                   "media": "clip", "kind": "ad", "booking": "BK-1", "advertiser": None}],
        "media": media,
    }  # fmt: skip
    span = {"start": (start - timedelta(hours=1)).isoformat(), "end": (end + timedelta(hours=1)).isoformat()}
    if variant != "none":
        layout = {"width": W, "height": H, "main": MAIN, **(ZONES if variant == "zones" else {})}
        data["layouts"] = [{**span, "layout": layout}]
        data["texts"] = [{"id": f"T{n}", **span, "text": t, "kind": "psa", "booking": None, "advertiser": None}
                         for n, t in enumerate(TEXTS)]  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


Media = dict[str, dict[str, object]]


def one(display: str, work: Path, media: Media, variant: str, seconds: float) -> tuple[float, float]:
    """(distinct video frames per second, player CPU seconds per second) of one run of `variant`."""
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=4)
    plan = work / f"plan-{variant}.json"
    write_plan(plan, media, variant, start, seconds + 4)
    env = dict(os.environ, DISPLAY=display, VIDEOTRON_DATA_DIR=str(work / "data"), VIDEOTRON_LOG_DIR=str(work / "log"))
    cmd = [sys.executable, "-m", "player", "-v", "BENCH", "--plan", str(plan), "--geometry", f"{W}x{H}+0+0",
           "--exit-after", str(seconds + 8), "--log-file", str(work / f"log-{variant}.sqlite3")]  # fmt: skip
    root = os.environ.get("BENCH_PLAYER_ROOT", ROOT)  # another tree's player (a `git archive` of a commit)
    with open(work / f"player-{variant}.err", "ab") as err:
        player = subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=err)
    time.sleep(max(0.0, start.timestamp() + 1.5 - time.time()))  # the clip running for 1.5 s
    # the centre of the main region: 480x272 with the layouts, the whole 640x320 window without
    cx, cy = (240, 136) if variant != "none" else (320, 160)
    raw = work / f"{variant}.raw"
    cpu0, t0 = cpu_s(player.pid), time.monotonic()
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "x11grab", "-framerate", "100", "-video_size",
                    "160x90", "-i", f"{display}+{cx - 80},{cy - 45}", "-frames:v", str(int(seconds * 100)),
                    "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", str(raw)], env=env, check=True,
                   timeout=60)  # fmt: skip
    cpu1, t1 = cpu_s(player.pid), time.monotonic()
    player.wait(timeout=60)
    data = raw.read_bytes()
    size = 160 * 90
    pictures = [data[n * size : (n + 1) * size] for n in range(len(data) // size)]
    changes = sum(1 for a, b in itertools.pairwise(pictures) if a != b)
    return changes / (t1 - t0), (cpu1 - cpu0) / (t1 - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--variants", default="none,main,zones")
    args = ap.parse_args()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{datetime.now(TZ):%Y-%m-%d %H:%M %Z}, {os.cpu_count()} CPUs, load average before: {load}")
    results: dict[str, list[tuple[float, float]]] = {"none": [], "main": [], "zones": []}
    with TemporaryDirectory() as tmp, virtual_display(1280, 720) as display:
        work = Path(os.environ.get("BENCH_WORK") or tmp)
        work.mkdir(parents=True, exist_ok=True)
        # testsrc2 with temporal noise: every pixel of every frame differs from the frame before
        ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=480x272:r=25:d={args.seconds + 12}", "-vf", "noise=alls=40:allf=t",
               "-c:v", "libx264", "-pix_fmt", "yuv420p", str(work / "clip.mp4"))  # fmt: skip
        ffmpeg("-f", "lavfi", "-i", "color=c=magenta:s=160x136", "-frames:v", "1", str(work / "logo.png"))
        media = {"clip": entry("clip", work / "clip.mp4", False), "logo": entry("logo", work / "logo.png", True)}
        for n in range(args.rounds):
            for variant in [v for v in results if v in args.variants.split(",")]:
                fps, cpu = one(display, work, media, variant, args.seconds)
                results[variant].append((fps, cpu))
                print(f"  round {n + 1} {variant:5s}: {fps:5.2f} distinct frames/s, CPU {cpu * 100:5.1f} %")
    base_fps = statistics.mean(f for f, _ in results["main"])
    base_cpu = statistics.mean(c for _, c in results["main"])
    print("\n| variant | distinct video frames/s (each round) | mean | x main | player CPU % (each round) | mean "
          "| x main |")  # fmt: skip
    print("|---|---|---:|---:|---|---:|---:|")
    for variant, rows in results.items():
        fps, cpu = [f for f, _ in rows], [c * 100 for _, c in rows]
        print(f"| {variant} | {', '.join(f'{f:.2f}' for f in fps)} | {statistics.mean(fps):.2f} | "
              f"{statistics.mean(fps) / base_fps:.3f} | {', '.join(f'{c:.1f}' for c in cpu)} | "
              f"{statistics.mean(cpu):.1f} | {statistics.mean(cpu) / 100 / base_cpu:.2f} |")  # fmt: skip
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
