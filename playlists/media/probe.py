"""Probing media files with ffprobe/ffmpeg: kind, duration, resolution, codec — and whether they decode.

A file is accepted only if it has a video (or image) stream, its first frame decodes and, for video, a
frame near its end decodes too (a truncated download often keeps a header that claims the full length).

Media files may be hostile: ffprobe and ffmpeg run in a child process under a wall-clock time limit and, through
`prlimit` (or setrlimit when it is missing), a CPU-time and an address-space limit; a file whose size does not fit
its format (an image of more than 64 MiB, e.g. a PNG followed by a 2 GB tail) is refused from its header and size
before any tool reads it, and again after probing whatever the header said.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from videotron.core.errors import VideotronError

IMAGE_CODECS = {"png", "mjpeg", "jpeg2000", "webp", "bmp", "tiff", "gif"}
IMAGE_FORMATS = {"png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe", "image2", "gif", "jpegls_pipe"}
MAX_VIDEO_MS = 3_600_000  # one hour: a longer "spot" is a mistake, not a booking
MAX_IMAGE_BYTES = 64 * 1024**2  # a 16K x 16K PNG is rarely above 50 MB; a screen shows at most 4K
MAX_VIDEO_BYTES_PER_S = 20 * 1024**2  # 160 Mbit/s, well above any spot (a 4K master is about 50 Mbit/s)
LIMIT_SECONDS = 60  # wall clock for one tool run
LIMIT_CPU_SECONDS = 60
LIMIT_MEMORY = 2 * 1024**3  # address space of one tool run
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


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


def _limits() -> None:  # pragma: no cover - runs in the child, only where prlimit is missing
    resource.setrlimit(resource.RLIMIT_CPU, (LIMIT_CPU_SECONDS, LIMIT_CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_MEMORY, LIMIT_MEMORY))


def _run(args: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    """Run a probing tool on `path` under the time and memory limits; a run over its time is a ProbeError."""
    prlimit = shutil.which("prlimit")  # util-linux; preferred to a preexec_fn, which is unsafe with threads
    limited = [prlimit, f"--cpu={LIMIT_CPU_SECONDS}", f"--as={LIMIT_MEMORY}", "--", *args] if prlimit else args
    try:
        return subprocess.run(limited, capture_output=True, text=True, timeout=LIMIT_SECONDS, check=False,
                              preexec_fn=None if prlimit else _limits)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ProbeError("media.probe_timeout", "{path}: reading the file took longer than {seconds} s; it is not a "
                         "usable video or image", path=path, seconds=LIMIT_SECONDS) from None  # fmt: skip


def check_format_size(path: Path, size: int, is_image: bool | None = None) -> None:
    """An image above MAX_IMAGE_BYTES is refused; `is_image` None means: judge from the file's first bytes."""
    if is_image is None:
        with path.open("rb") as f:
            head = f.read(12)
        is_image = head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    if is_image and size > MAX_IMAGE_BYTES:
        raise ProbeError("media.image_too_large", "{path}: an image of {mib:number} MiB; an image is at most {limit} "
                         "MiB (is something appended to it?)", path=path, mib=size // 1024**2,
                         limit=MAX_IMAGE_BYTES // 1024**2)  # fmt: skip


def probe(path: Path) -> ProbeResult:
    """Probe `path`; raise ProbeError naming the file and what is wrong with it."""
    if not path.is_file():
        raise ProbeError("media.file_not_found", "{path}: file not found", path=path)
    size = path.stat().st_size
    if size == 0:
        raise ProbeError("media.file_empty", "{path}: file is empty (0 bytes)", path=path)
    check_format_size(path, size)
    res = _run([_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
               path)  # fmt: skip
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
    check_format_size(path, size, is_image)
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
        if size > MAX_VIDEO_BYTES_PER_S * max(1, duration_ms // 1000):
            raise ProbeError("media.video_too_large", "{path}: {mib:number} MiB for {seconds} s of video is more than "
                             "any screen plays (is something appended to it?)", path=path, mib=size // 1024**2,
                             seconds=round(duration_ms / 1000))  # fmt: skip
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
    res = _run(args, path)
    frames = [line for line in res.stdout.splitlines() if line and not line.startswith("#")]
    damaged = any(mark in res.stderr for mark in ("partial file", "Invalid data", "error while decoding"))
    if res.returncode != 0 or not frames or damaged:
        detail = (res.stderr.strip().splitlines() or ["no picture could be decoded"])[-1]
        if not at_ms:
            raise ProbeError("media.damaged_start", "{path}: cannot be decoded at its first frame; the file is damaged "
                             "or truncated ({detail})", path=path, detail=detail)  # fmt: skip
        raise ProbeError("media.damaged_end", "{path}: cannot be decoded near its end ({at:.1f} s); the file is "
                         "damaged or truncated ({detail})", path=path, at=at_ms / 1000, detail=detail)  # fmt: skip
