"""Generating media locally with ffmpeg: labelled colour clips and images for the demo and the tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from videotron.core.errors import VideotronError

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def _font() -> str | None:
    return next((f for f in FONT_CANDIDATES if Path(f).exists()), None)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\u2019")


def _label_filter(label: str | None, size: tuple[int, int], counter: bool) -> str:
    font = _font()
    if not font or not label:
        return "null"
    # DejaVu Sans Bold capitals average about 0.72 em wide: keep the label inside 90% of the width.
    fs = max(10, min(size[1] // 6, int(size[0] * 0.9 / (0.72 * max(1, len(label))))))
    parts = [f"drawtext=fontfile={font}:text='{_escape(label)}':fontcolor=white:fontsize={fs}:"
             "x=(w-text_w)/2:y=(h-text_h)/2-th/2:borderw=2:bordercolor=black@0.6"]  # fmt: skip
    if counter:
        parts.append(f"drawtext=fontfile={font}:text='%{{eif\\:t+1\\:d}}':fontcolor=white@0.85:fontsize={fs // 2}:"
                     f"x=(w-text_w)/2:y=h-th-{max(4, size[1] // 20)}")  # fmt: skip
    return ",".join(parts)


def _ffmpeg(args: list[str]) -> None:
    exe = shutil.which("ffmpeg")
    if not exe:
        raise VideotronError("demo.no_ffmpeg", "ffmpeg is not installed; run `bash scripts/setup.sh`")
    res = subprocess.run([exe, "-nostdin", "-y", "-v", "error", *args], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise VideotronError("demo.ffmpeg_failed", "ffmpeg failed: {reason}", reason=res.stderr.strip()[-500:])


def make_clip(path: Path, color: str, seconds: float, size: tuple[int, int] = (640, 320), label: str | None = None,
              fps: int = 25, counter: bool = True) -> Path:  # fmt: skip
    """An H.264 MP4 of one colour (e.g. "0x1565C0" or "red"), optionally with a label and a seconds counter."""
    w, h = size
    path.parent.mkdir(parents=True, exist_ok=True)
    _ffmpeg([
        "-f", "lavfi", "-i", f"color=c={color}:s={w}x{h}:r={fps}:d={seconds}",
        "-vf", _label_filter(label, size, counter), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        "-g", str(fps), "-movflags", "+faststart", "-t", str(seconds), str(path),
    ])  # fmt: skip
    return path


def make_image(path: Path, color: str, size: tuple[int, int] = (640, 320), label: str | None = None) -> Path:
    """A PNG (or JPEG, by suffix) of one colour with an optional label."""
    w, h = size
    path.parent.mkdir(parents=True, exist_ok=True)
    _ffmpeg(["-f", "lavfi", "-i", f"color=c={color}:s={w}x{h}:d=1", "-vf", _label_filter(label, size, False),
             "-frames:v", "1", str(path)])  # fmt: skip
    return path
