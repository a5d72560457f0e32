"""Probing media files with ffprobe/ffmpeg: kind, duration, resolution, codec — and whether they decode.

A file is accepted only if it has a video (or image) stream, its first frame decodes and, for video, a
frame near its end decodes too (a truncated download often keeps a header that claims the full length).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from videotron.core.errors import VideotronError

IMAGE_CODECS = {"png", "mjpeg", "jpeg2000", "webp", "bmp", "tiff", "gif"}
IMAGE_FORMATS = {"png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe", "image2", "gif", "jpegls_pipe"}
MAX_VIDEO_MS = 3_600_000  # one hour: a longer "spot" is a mistake, not a booking


class ProbeError(VideotronError):
    """The file is not something a screen can play."""


@dataclass(frozen=True)
class ProbeResult:
    is_image: bool
    duration_ms: int  # 0 for images (their seconds come from the operator)
    width: int
    height: int
    codec: str
    container: str


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise VideotronError("media.tool_missing", "{tool} is not installed; run `make demo` or `bash "
                             "scripts/setup.sh` to install it", tool=name)  # fmt: skip
    return found


def _run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def probe(path: Path) -> ProbeResult:
    """Probe `path`; raise ProbeError naming the file and what is wrong with it."""
    if not path.is_file():
        raise ProbeError("media.file_not_found", "{path}: file not found", path=path)
    if path.stat().st_size == 0:
        raise ProbeError("media.file_empty", "{path}: file is empty (0 bytes)", path=path)
    res = _run([_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)])
    if res.returncode != 0:
        detail = (res.stderr.strip().splitlines() or ["unknown format"])[-1]
        raise ProbeError(
            "media.not_playable", "{path}: not a playable video or image ({detail})", path=path, detail=detail
        )
    info = json.loads(res.stdout or "{}")
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "video"]
    if not streams:
        raise ProbeError("media.no_picture", "{path}: has no picture (no video or image stream)", path=path)
    video = streams[0]
    fmt = info.get("format", {})
    container = str(fmt.get("format_name", ""))
    codec = str(video.get("codec_name", ""))
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width <= 0 or height <= 0:
        raise ProbeError("media.size_unknown", "{path}: picture size is unknown", path=path)
    is_image = codec in IMAGE_CODECS and (container in IMAGE_FORMATS or container.endswith("_pipe"))
    if codec == "gif" and int(video.get("nb_frames") or 1) > 1:
        is_image = False
    duration_ms = 0
    if not is_image:
        raw = fmt.get("duration") or video.get("duration")
        if raw in (None, "N/A"):
            raise ProbeError("media.length_unknown", "{path}: the video's length cannot be determined", path=path)
        duration_ms = int((Decimal(str(raw)) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if duration_ms <= 0:
            raise ProbeError("media.no_length", "{path}: the video has no length", path=path)
        if duration_ms > MAX_VIDEO_MS:
            raise ProbeError("media.too_long", "{path}: {seconds} s is longer than the 1 hour limit for one item",
                             path=path, seconds=round(duration_ms / 1000))  # fmt: skip
    _check_decodes(path, 0)
    if not is_image and duration_ms > 1500:
        _check_decodes(path, max(0, duration_ms - 1000))
    return ProbeResult(is_image, duration_ms, width, height, codec, container)


def _check_decodes(path: Path, at_ms: int) -> None:
    """Decode one frame at `at_ms`; a file that yields no frame there, or reports itself partial, is damaged."""
    args = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-xerror"]
    if at_ms:
        args += ["-ss", f"{at_ms / 1000:.3f}"]
    args += ["-i", str(path), "-map", "0:v:0", "-frames:v", "1", "-f", "framecrc", "-"]
    res = _run(args)
    frames = [line for line in res.stdout.splitlines() if line and not line.startswith("#")]
    damaged = any(mark in res.stderr for mark in ("partial file", "Invalid data", "error while decoding"))
    if res.returncode != 0 or not frames or damaged:
        detail = (res.stderr.strip().splitlines() or ["no picture could be decoded"])[-1]
        if not at_ms:
            raise ProbeError("media.damaged_start", "{path}: cannot be decoded at its first frame; the file is damaged "
                             "or truncated ({detail})", path=path, detail=detail)  # fmt: skip
        raise ProbeError("media.damaged_end", "{path}: cannot be decoded near its end ({at:.1f} s); the file is "
                         "damaged or truncated ({detail})", path=path, at=at_ms / 1000, detail=detail)  # fmt: skip
