"""Media, plans and grabbed frames for the player benchmark (`bench/bench_player.py`).

The files: a 320x160 red clip, a 320x160 green clip, a 1920x1080 blue clip (each exactly one item long: the heavy
one is there on purpose, its first frame costs the most to decode and scale) and a yellow PNG, in that order round
and round.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

COLOURS = ["red", "green", "blue", "yellow"]  # yellow is a still image, the rest 320x160 / 1920x1080 clips
RGB = {"red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}
GRAB_SMALL = (32, 8)  # the grab (both windows, 1280x320) is scaled to this before classifying


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *args], check=True)


def make_media(folder: Path, item_ms: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for colour, size in (("red", "320x160"), ("green", "320x160"), ("blue", "1920x1080")):
        files[colour] = folder / f"{colour}-{item_ms}.mp4"
        if not files[colour].exists():
            ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s={size}:r=25:d={item_ms / 1000}", "-c:v", "libx264",
                   "-pix_fmt", "yuv420p", str(files[colour]))  # fmt: skip
    files["yellow"] = folder / "yellow.png"
    if not files["yellow"].exists():
        ffmpeg("-f", "lavfi", "-i", "color=c=yellow:s=640x320", "-frames:v", "1", str(files["yellow"]))
    return files


def write_plan(path: Path, files: dict[str, Path], start: datetime, count: int, item_ms: int) -> None:
    media = {c: {"id": c, "path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "kind": "ad",
                 "is_image": c == "yellow", "duration_ms": item_ms} for c, p in files.items()}  # fmt: skip
    step = timedelta(milliseconds=item_ms)
    items = [{"start": (start + n * step).isoformat(timespec="milliseconds"),
              "end": (start + (n + 1) * step).isoformat(timespec="milliseconds"),
              "media": COLOURS[n % 4], "kind": "ad"} for n in range(count)]  # fmt: skip
    path.write_text(json.dumps({"format": 1, "screen": "BENCH", "date": start.date().isoformat(),
                                "timezone": "Asia/Jakarta", "items": items, "media": media}))  # fmt: skip


def frames(raw: Path, err: Path, windows: int) -> list[tuple[float, list[str]]]:
    """(wall time, colour at the centre of each window) of every grabbed frame."""
    data = raw.read_bytes()
    stamps = [int(p) / 1e6 for p in re.findall(r"pts:\s*(\d+)", err.read_text())]
    w, h = GRAB_SMALL
    size = w * h * 3
    centres = [((h // 2) * w + w // 4 + n * (w // 2)) * 3 for n in range(windows)]
    out = []
    for n in range(min(len(stamps), len(data) // size)):
        frame = data[n * size : (n + 1) * size]
        out.append((stamps[n], [classify(frame[c : c + 3]) for c in centres]))
    return out


def classify(px: bytes) -> str:
    r, g, b = px[0], px[1], px[2]
    if max(r, g, b) < 40:
        return "black"
    return min(RGB, key=lambda c: sum((a - v) ** 2 for a, v in zip((r, g, b), RGB[c], strict=True)))
