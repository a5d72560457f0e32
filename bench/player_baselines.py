"""The player benchmark's other baselines: libVLC's own MediaListPlayer (drift) and a long RSS run.

`medialist_child` runs in its own process: MediaListPlayer in a borderless Qt window (`set_xwindow`), images with
`:image-duration`, as an integrator would use it. Its start error is measured against its own first item, so its
figure is only what it accumulates over the run.
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

from bench.player_media import COLOURS, frames, make_media, write_plan

TZ = timezone(timedelta(hours=7))
ROOT = Path(__file__).resolve().parent.parent


def medialist_child(plan_path: str, window: tuple[int, int, int, int]) -> None:
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
    w, h, x, y = window
    frame.setGeometry(x, y, w, h)
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
    QTimer.singleShot(max(0, int((start - time.time()) * 1000)), mlp.play)
    total = sum(plan["media"][i["media"]]["duration_ms"] for i in plan["items"]) / 1000
    QTimer.singleShot(int((start - time.time() + total + 3) * 1000), app.quit)
    app.exec()
    mlp.stop()
    os._exit(0)


def _run(cmd: list[str], display: str, work: Path, tag: str, seconds: float, grab: bool,
         window: tuple[int, int, int, int]) -> list[tuple[float, int]]:  # fmt: skip
    env = dict(os.environ, DISPLAY=display, VIDEOTRON_DATA_DIR=str(work / "data"), VIDEOTRON_LOG_DIR=str(work / "log"))
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    grabber = None
    if grab:
        w, h, x, y = window
        grabber = subprocess.Popen(["ffmpeg", "-nostdin", "-y", "-nostats", "-f", "x11grab", "-framerate", "50",
                                    "-video_size", f"{w * 2}x{h}", "-i", f"{display}+{x},{y}", "-copyts", "-frames:v",
                                    str(int(seconds * 50)), "-vf", "scale=32:8,showinfo", "-fps_mode", "passthrough",
                                    "-f", "rawvideo", "-pix_fmt", "rgb24", str(work / f"{tag}.raw")],
                                   env=env, stdout=subprocess.DEVNULL,
                                   stderr=(work / f"{tag}.err").open("w"))  # fmt: skip
    rss: list[tuple[float, int]] = []
    while proc.poll() is None:
        try:
            text = Path(f"/proc/{proc.pid}/status").read_text()
            rss.append((time.time(), int(re.search(r"VmRSS:\s+(\d+)", text)[1])))  # type: ignore[index]
        except (OSError, TypeError):
            pass
        time.sleep(1)
    if grabber:
        grabber.wait()
    return rss


def medialist_and_rss(display: str, a: argparse.Namespace, files: dict[str, Path],
                      window: tuple[int, int, int, int]) -> dict[str, object]:  # fmt: skip
    out: dict[str, object] = {}
    if a.medialist:
        start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=6)
        plan = a.work / "medialist.json"
        write_plan(plan, files, start, a.items, a.item_ms)
        seconds = (start - datetime.now(TZ)).total_seconds() + a.items * a.item_ms / 1000 + 1
        print(f"  medialist: {a.items} items of {a.item_ms} ms ({seconds:.0f} s)...", flush=True)
        cmd = [sys.executable, str(ROOT / "bench" / "bench_player.py"), "--baseline-child", str(plan)]
        _run(cmd, display, a.work, "medialist", seconds, True, window)
        fr = frames(a.work / "medialist.raw", a.work / "medialist.err", 1)
        firsts, k = [], 0
        for at, (c,) in fr:
            if k < a.items and c == COLOURS[k % 4]:
                firsts.append(at)
                k += 1
        errors = [firsts[n] - (firsts[0] + n * a.item_ms / 1000) for n in range(len(firsts))]
        out["medialist"] = {"items_seen": len(firsts), "mean_abs_err_ms": statistics.mean(abs(e) for e in errors) * 1e3,
                            "drift_ms": errors[-1] * 1000}  # fmt: skip
    if a.rss_items:
        files = make_media(a.work / "media", a.rss_item_ms)
        start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=6)
        plan = a.work / "rss.json"
        write_plan(plan, files, start, a.rss_items, a.rss_item_ms)
        seconds = (start - datetime.now(TZ)).total_seconds() + a.rss_items * a.rss_item_ms / 1000 + 1
        print(f"  rss: {a.rss_items} items of {a.rss_item_ms} ms ({seconds:.0f} s)...", flush=True)
        w, h, x, y = window
        cmd = [sys.executable, "-m", "player", "BENCH", "--plan", str(plan), "--geometry", f"{w}x{h}+{x}+{y}",
               "--exit-after", str(seconds), "--log-file", str(a.work / "playlog-rss.sqlite3")]  # fmt: skip
        rss = _run(cmd, display, a.work, "rss", seconds, False, window)
        after = [v for t, v in rss if t >= start.timestamp() + 10]  # after the warm-up
        if after:
            out["rss_mb"] = {"start": after[0] / 1024, "end": after[-1] / 1024, "growth": (after[-1] - after[0]) / 1024}
    return out
