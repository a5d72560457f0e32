"""Small preview images of stored media, made with ffmpeg once per content hash and cached on disk."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playlists.media.store import stored_path
from videotron.core.paths import data_dir


def thumbnail_path(sha256: str) -> Path:
    folder = data_dir() / "thumbnails"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{sha256}.png"


def make_thumbnail(stored_name: str, sha256: str, is_image: bool, duration_ms: int, width: int = 160) -> Path | None:
    """A PNG `width` pixels wide of the first second (video) or the image; None if it cannot be made."""
    out = thumbnail_path(sha256)
    if out.exists():
        return out
    args = ["ffmpeg", "-nostdin", "-y", "-v", "error"]
    if not is_image and duration_ms > 2000:
        args += ["-ss", "1"]
    tmp = out.with_suffix(".tmp.png")
    args += ["-i", str(stored_path(stored_name)), "-frames:v", "1", "-vf", f"scale={width}:-2", str(tmp)]
    res = subprocess.run(args, capture_output=True, check=False, timeout=60)
    if res.returncode != 0 or not tmp.exists():
        return None
    tmp.replace(out)
    return out
