"""A virtual X server for machines without a screen (the demo, CI, tests), plus screen grabs of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from videotron.core.errors import VideotronError


def _free_display() -> int:
    for n in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise VideotronError("xvfb.no_display", "no free X display number between :90 and :199")


@contextmanager
def virtual_display(width: int = 1280, height: int = 720) -> Iterator[str]:
    """Start Xvfb on a free display and yield its name (":93"); stop it afterwards."""
    exe = shutil.which("Xvfb")
    if not exe:
        raise VideotronError(
            "xvfb.missing", "Xvfb is not installed; run `bash scripts/setup.sh` (or use a real display)"
        )
    n = _free_display()
    proc = subprocess.Popen([exe, f":{n}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp", "-noreset"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise VideotronError("xvfb.not_started", "Xvfb did not start on :{n}", n=n)
            time.sleep(0.05)
        yield f":{n}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def grab(display: str, out: Path, geometry: tuple[int, int, int, int]) -> Path:
    """Save one PNG of the rectangle (w, h, x, y) of `display`."""
    w, h, x, y = geometry
    env = dict(os.environ, DISPLAY=display)
    res = subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "x11grab", "-video_size", f"{w}x{h}",
                          "-i", f"{display}+{x},{y}", "-frames:v", "1", str(out)],
                         capture_output=True, text=True, env=env, check=False)  # fmt: skip
    if res.returncode != 0:
        raise VideotronError("xvfb.grab_failed", "screen grab failed: {reason}", reason=res.stderr.strip()[-300:])
    return out
