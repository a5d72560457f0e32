"""Player benchmark: this player against libVLC's own MediaListPlayer, on the same generated files, under Xvfb.

Measures, for each: per-item start error and accumulated drift over a timing run (x11grab at 50 fps), black frames
per transition, and RSS growth over a long run of short items. Run: `.venv/bin/python bench/bench_player.py`
(options: --items, --item-ms, --rss-items, --rss-item-ms). Prints a table; paste it into bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from videotron.demo.xvfb import virtual_display  # noqa: E402

TZ = timezone(timedelta(hours=7))
GEOMETRY = (640, 320, 0, 0)
SMALL = (16, 8)
COLOURS = ["red", "green", "blue", "yellow"]  # yellow is a still image, the rest 320x160 / 1920x1080 clips
RGB = {"red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *args], check=True)


def make_media(folder: Path, item_ms: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for colour, size in (("red", "320x160"), ("green", "320x160"), ("blue", "1920x1080")):
        files[colour] = folder / f"{colour}-{item_ms}.mp4"
        ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s={size}:r=25:d={item_ms / 1000}", "-c:v", "libx264",
               "-pix_fmt", "yuv420p", str(files[colour]))  # fmt: skip
    files["yellow"] = folder / "yellow.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=yellow:s=640x320", "-frames:v", "1", str(files["yellow"]))
    return files


def write_plan(path: Path, files: dict[str, Path], start: datetime, count: int, item_ms: int) -> None:
    import hashlib

    media = {c: {"id": c, "path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "kind": "ad",
                 "is_image": c == "yellow", "duration_ms": item_ms} for c, p in files.items()}  # fmt: skip
    step = timedelta(milliseconds=item_ms)
    items = [{"start": (start + n * step).isoformat(timespec="milliseconds"),
              "end": (start + (n + 1) * step).isoformat(timespec="milliseconds"),
              "media": COLOURS[n % 4], "kind": "ad"} for n in range(count)]  # fmt: skip
    path.write_text(json.dumps({"format": 1, "screen": "BENCH", "date": start.date().isoformat(),
                                "timezone": "Asia/Jakarta", "items": items, "media": media}))  # fmt: skip


def baseline_child(plan_path: str) -> None:
    """MediaListPlayer in a borderless Qt window (set_xwindow), as an integrator would use it; prints its start."""
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from player.qtfix import immortalize_singletons

    immortalize_singletons()
    import vlc
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QFrame

    plan = json.loads(Path(plan_path).read_text())
    app = QApplication([])
    frame = QFrame()
    frame.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.X11BypassWindowManagerHint)
    frame.setGeometry(GEOMETRY[2], GEOMETRY[3], GEOMETRY[0], GEOMETRY[1])
    frame.setStyleSheet("background: black")
    frame.show()
    inst = vlc.Instance(["--quiet", "--no-audio", "--no-osd", "--no-video-title-show"])
    mlist = inst.media_list_new()
    for item in plan["items"]:
        m = plan["media"][item["media"]]
        opts = [f":image-duration={m['duration_ms'] / 1000}"] if m["is_image"] else []
        mlist.add_media(inst.media_new(m["path"], *opts))
    mlp = inst.media_list_player_new()
    player = mlp.get_media_player()
    player.set_xwindow(int(frame.winId()))
    mlp.set_media_list(mlist)
    start = datetime.fromisoformat(plan["items"][0]["start"]).timestamp()

    def go() -> None:
        mlp.play()
        print(json.dumps({"play_called": time.time()}), flush=True)

    QTimer.singleShot(max(0, int((start - time.time()) * 1000)), go)
    total = sum(plan["media"][i["media"]]["duration_ms"] for i in plan["items"]) / 1000
    QTimer.singleShot(int((start - time.time() + total + 3) * 1000), app.quit)
    app.exec()
    mlp.stop()
    os._exit(0)


def run_one(kind: str, display: str, plan: Path, seconds: float, grab: bool, work: Path) -> dict[str, object]:
    env = dict(os.environ, DISPLAY=display, VIDEOTRON_DATA_DIR=str(work / "data"), VIDEOTRON_LOG_DIR=str(work / "log"))
    if kind == "player":
        w, h, x, y = GEOMETRY
        cmd = [sys.executable, "-m", "player", "BENCH", "--plan", str(plan), "--geometry", f"{w}x{h}+{x}+{y}",
               "--exit-after", str(seconds), "--log-file", str(work / f"playlog-{plan.stem}.sqlite3")]  # fmt: skip
    else:
        cmd = [sys.executable, __file__, "--baseline-child", str(plan)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    rss: list[tuple[float, int]] = []
    grabber = None
    raw, err = work / f"{kind}-{plan.stem}.raw", work / f"{kind}-{plan.stem}.err"
    if grab:
        w, h, x, y = GEOMETRY
        grabber = subprocess.Popen(["ffmpeg", "-nostdin", "-y", "-nostats", "-f", "x11grab", "-framerate", "50",
                                    "-video_size", f"{w}x{h}", "-i", f"{display}+{x},{y}", "-copyts", "-frames:v",
                                    str(int(seconds * 50)), "-vf", f"scale={SMALL[0]}:{SMALL[1]},showinfo",
                                    "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", str(raw)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=err.open("w"))  # fmt: skip
    while proc.poll() is None:
        try:
            text = Path(f"/proc/{proc.pid}/status").read_text()
            rss.append((time.time(), int(re.search(r"VmRSS:\s+(\d+)", text)[1])))  # type: ignore[index]
        except (OSError, TypeError):
            pass
        time.sleep(1)
    out = proc.stdout.read() if proc.stdout else ""
    if grabber:
        grabber.wait()
    return {"rss": rss, "raw": raw, "err": err, "out": out}


def frames(raw: Path, err: Path) -> list[tuple[float, str]]:
    data = raw.read_bytes()
    stamps = [int(p) / 1e6 for p in re.findall(r"pts:\s*(\d+)", err.read_text())]
    size = SMALL[0] * SMALL[1] * 3
    centre = (SMALL[1] // 2 * SMALL[0] + SMALL[0] // 2) * 3
    out = []
    for n in range(min(len(stamps), len(data) // size)):
        r, g, b = data[n * size + centre : n * size + centre + 3]
        name = "black" if max(r, g, b) < 40 else nearest((r, g, b))
        out.append((stamps[n], name))
    return out


def nearest(px: tuple[int, int, int]) -> str:
    return min(RGB, key=lambda c: sum((a - v) ** 2 for a, v in zip(px, RGB[c], strict=True)))


def analyse(
    fr: list[tuple[float, str]], start: float, count: int, item_s: float, anchor_first: bool
) -> dict[str, float]:
    runs: list[list[object]] = []
    for at, c in fr:
        if runs and runs[-1][0] == c:
            runs[-1][2] = at
        else:
            runs.append([c, at, at, 0])
    # walk the expected colour sequence; black runs between two items count as black frames of that transition
    firsts, blacks, k = [], [], 0
    pending_black = 0
    for c, first, last, _ in runs:
        if k >= count:
            break
        if c == "black":
            if firsts:
                pending_black += round((float(last) - float(first)) / 0.02) + 1
            continue
        if c == COLOURS[k % 4]:
            firsts.append(float(first))
            if k > 0:
                blacks.append(pending_black)
            pending_black, k = 0, k + 1
    base = firsts[0] if anchor_first else start
    errors = [firsts[n] - (base + n * item_s) for n in range(len(firsts))]
    return {"items_seen": len(firsts), "mean_abs_err_ms": statistics.mean(abs(e) for e in errors) * 1000,
            "max_abs_err_ms": max(abs(e) for e in errors) * 1000, "drift_ms": errors[-1] * 1000,
            "black_per_transition": statistics.mean(blacks) if blacks else 0.0,
            "transitions_with_black": sum(1 for b in blacks if b) / max(1, len(blacks))}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-child")
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--item-ms", type=int, default=500)
    ap.add_argument("--rss-items", type=int, default=2000)
    ap.add_argument("--rss-item-ms", type=int, default=150)
    ap.add_argument("--work", type=Path, default=Path("/tmp/videotron-bench-player"))
    a = ap.parse_args()
    if a.baseline_child:
        baseline_child(a.baseline_child)
        return 0
    results: dict[str, dict[str, object]] = {}
    with virtual_display(1280, 720) as display:
        for phase, count, item_ms in (("timing", a.items, a.item_ms), ("rss", a.rss_items, a.rss_item_ms)):
            files = make_media(a.work / "media", item_ms)
            for kind in ("player", "medialist"):
                start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=6)
                plan = a.work / f"{phase}-{kind}.json"
                write_plan(plan, files, start, count, item_ms)
                seconds = (start - datetime.now(TZ)).total_seconds() + count * item_ms / 1000 + 1
                print(f"{phase} {kind}: {count} items of {item_ms} ms ({seconds:.0f} s)...", flush=True)
                got = run_one(kind, display, plan, seconds, phase == "timing", a.work)
                res = results.setdefault(kind, {})
                if phase == "timing":
                    res.update(analyse(frames(got["raw"], got["err"]), start.timestamp(), count,  # type: ignore[arg-type]
                                       item_ms / 1000, anchor_first=kind == "medialist"))  # fmt: skip
                rss = got["rss"]
                if phase == "rss" and len(rss) > 20:  # type: ignore[arg-type]
                    t0 = start.timestamp() + 10  # after ~warm-up
                    after = [v for t, v in rss if t >= t0]  # type: ignore[union-attr]
                    res["rss_start_mb"], res["rss_end_mb"] = after[0] / 1024, after[-1] / 1024
                    res["rss_growth_mb"] = (after[-1] - after[0]) / 1024
                    res["rss_transitions"] = count
    print(json.dumps(results, indent=1, default=str))
    print("| | this player | MediaListPlayer |\n|---|---|---|")
    for key in ("items_seen", "mean_abs_err_ms", "max_abs_err_ms", "drift_ms", "black_per_transition",
                "transitions_with_black", "rss_start_mb", "rss_end_mb", "rss_growth_mb"):  # fmt: skip
        vals = [results.get(k, {}).get(key, "-") for k in ("player", "medialist")]
        print(f"| {key} | " + " | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in vals) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
