"""Helpers for the running-text end-to-end tests and bench: a plan with zones, a grab of the band, its motion.

The band is grabbed by ffmpeg's x11grab at 100 fps (faster than the 60 Hz the band moves at, so every displayed
frame is seen at least once) as grey pixels at full resolution. The shift between two grabbed pictures that differ
is found by exact comparison: the later picture equals the earlier one moved `d` pixels left, for exactly one `d`.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.test_player_e2e import GEOMETRY, Run

BAND = {"x": 0, "y": 272, "w": 640, "h": 48}
LAYOUT = {
    "width": 640, "height": 320, "main": {"x": 0, "y": 0, "w": 480, "h": 272},
    "clock": {"x": 480, "y": 0, "w": 160, "h": 136, "size_px": 16, "fg": "#FFFF00", "bg": "#000080"},
    "logo": {"x": 480, "y": 136, "w": 160, "h": 136, "media": "logo"},
    "ticker": {**BAND, "size_px": 28, "fg": "#FFFFFF", "bg": "#101060", "speed_px_s": 120, "separator": "  •  "},
}  # fmt: skip
TEXTS = [
    ("PSA-1", "Pengumuman: Kantor Dinas Kominfo buka Senin-Jumat 08.00-16.00", "psa", None),
    ("RT-7", "Toko Sumber Rejeki - diskon 20% semua barang, Jl. M. Yamin 12", "ad", "BK-RT-7"),
]
ROWS = (14, 34)  # rows of the band grabbed (through the text's middle)
GRAB_FPS = 100


def add_zones(plan: Path, start: datetime, end: datetime, layout: dict[str, object] | None = None,
              texts: list[tuple[str, str, str, str | None]] | None = None) -> None:  # fmt: skip
    """Give the plan file one layout and running texts from `start` to `end`."""
    data = json.loads(plan.read_text(encoding="utf-8"))
    span = {"start": start.isoformat(), "end": end.isoformat()}
    data["layouts"] = [{**span, "layout": layout or LAYOUT}]
    data["texts"] = [{"id": i, **span, "text": t, "kind": k, "booking": b, "advertiser": None}
                     for i, t, k, b in (TEXTS if texts is None else texts)]  # fmt: skip
    plan.write_text(json.dumps(data), encoding="utf-8")


def grab_band(run: Run, seconds: float, name: str = "band") -> subprocess.Popen[bytes]:
    _w, _h, x, y = GEOMETRY
    top = y + BAND["y"] + ROWS[0]
    cmd = ["ffmpeg", "-nostdin", "-y", "-loglevel", "info", "-nostats", "-f", "x11grab", "-framerate", str(GRAB_FPS),
           "-video_size", f"{BAND['w']}x{ROWS[1] - ROWS[0]}", "-i", f"{run.display}+{x + BAND['x']},{top}", "-copyts",
           "-frames:v", str(int(seconds * GRAB_FPS)), "-vf", "showinfo", "-fps_mode", "passthrough", "-f", "rawvideo",
           "-pix_fmt", "gray", str(run.tmp / f"{name}.raw")]  # fmt: skip
    return subprocess.Popen(cmd, env=run.env(), stdout=subprocess.DEVNULL, stderr=open(run.tmp / f"{name}.err", "wb"))


def band_frames(run: Run, name: str = "band") -> list[tuple[float, list[bytes]]]:
    """(wall time, rows) of every grabbed picture of the band."""
    data = (run.tmp / f"{name}.raw").read_bytes()
    stamps = [int(p) / 1e6 for p in re.findall(r"pts:\s*(\d+)", (run.tmp / f"{name}.err").read_text())]
    w, h = BAND["w"], ROWS[1] - ROWS[0]
    size = w * h
    return [(stamps[n], [data[n * size + r * w: n * size + (r + 1) * w] for r in range(h)])
            for n in range(min(len(stamps), len(data) // size))]  # fmt: skip


def shift(a: list[bytes], b: list[bytes], most: int = 16) -> list[int]:
    """Every d in 1..most for which `b` is `a` moved d pixels left (compared where both show the same text)."""
    return [d for d in range(1, most + 1) if all(ra[d:] == rb[: len(rb) - d] for ra, rb in zip(a, b, strict=True))]


@dataclass
class Motion:
    steps: list[int]  # pixels between consecutive distinct pictures (one entry per change seen)
    gaps: list[float]  # seconds between the two grabbed pictures of each step
    unresolved: int  # changes not explained by one whole shift (a redraw, a jump back, a torn picture)
    points: list[tuple[float, int]]  # (time first seen, position) of every distinct picture
    holds: list[float]  # how long each position stayed (s)

    def speed(self) -> float:
        """Least-squares slope of position against time (px/s)."""
        n = len(self.points)
        mt = sum(t for t, _ in self.points) / n
        mp = sum(p for _, p in self.points) / n
        num = sum((t - mt) * (p - mp) for t, p in self.points)
        return num / sum((t - mt) ** 2 for t, _ in self.points)

    def jumps(self, step: int, period: float) -> tuple[list[tuple[int, float]], int]:
        """(moves the player made of other than `step` px, moves of k steps the grabber explains): k steps between
        two grabbed pictures taken (k - 1) frame periods apart or more are k displayed frames, one of them not grabbed
        (x11grab woke late); closer together they would be a jump on screen."""
        player, grabber = [], 0
        for d, gap in zip(self.steps, self.gaps, strict=True):
            if d == step:
                continue
            if d % step == 0 and gap >= (d // step - 1) * period * 0.95:
                grabber += 1
            else:
                player.append((d, gap))
        return player, grabber


def motion(frames: list[tuple[float, list[bytes]]], start: float, end: float) -> Motion:
    frames = [f for f in frames if start <= f[0] <= end]
    steps, gaps, unresolved, pos = [], [], 0, 0
    points: list[tuple[float, int]] = [(frames[0][0], 0)]
    for (ta, a), (tb, b) in itertools.pairwise(frames):
        if a == b:
            continue
        found = shift(a, b)
        if len(found) != 1:
            unresolved += 1
            continue
        steps.append(found[0])
        gaps.append(tb - ta)
        pos += found[0]
        points.append((tb, pos))
    holds = [b[0] - a[0] for a, b in itertools.pairwise(points)]
    return Motion(steps, gaps, unresolved, points, holds)


def screenshot(run: Run, out: Path) -> Path:
    w, h, x, y = GEOMETRY
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "x11grab", "-video_size", f"{w}x{h}", "-i",
                    f"{run.display}+{x},{y}", "-frames:v", "1", str(out)], env=run.env(), check=True,
                   timeout=30)  # fmt: skip
    return out


def start_player(run: Run, plan: Path, exit_after: float, db: str | None = None) -> subprocess.Popen[bytes]:
    """`python -m player` on the test's display (as `Run.player`), uploading to `db` when given."""
    w, h, x, y = GEOMETRY
    cmd = [sys.executable, "-m", "player", "-v", "S1", "--plan", str(plan), "--geometry", f"{w}x{h}+{x}+{y}",
           "--exit-after", str(exit_after), "--log-file", str(run.tmp / "playlog.sqlite3")]  # fmt: skip
    env = run.env() | ({"VIDEOTRON_DB": db} if db else {})
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(run.tmp / "player.err", "ab"))
