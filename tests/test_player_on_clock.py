"""End to end: inside a clip too, every picture on the clock (issue #14, point 6).

A clip held paused on its first picture and resumed at its air time ran late to its end by libVLC's resume latency
(10-15 ms for small clips, ~50 ms at 1080p, 60-160 ms on a loaded PC): its first picture was on time, the rest were
not. The player now resumes each clip early by the latency it measured (`player.preroll`). Here a 15 s 1080p clip
changes colour every second; the grabber (50 fps, wall-clock stamps) sees every change, at its start, its middle and
its end, within one frame (40 ms at 25 fps) of the plan, plus the grab's own period. A short clip of the same size
airs before it: that is where the player first learns this PC's figure, as a screen does with its first spot.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.test_player_e2e import (
    FRAME_S,
    GRAB_S,
    TZ,
    Run,
    clip,
    media_entry,
    run,  # noqa: F401 - the fixture
    segments,
    still,
    wait_for_window,
    write_plan,
)

pytestmark = [pytest.mark.timing, pytest.mark.gui, pytest.mark.skipif(
    not shutil.which("Xvfb") or not shutil.which("ffmpeg"), reason="needs Xvfb and ffmpeg")]  # fmt: skip
COLOURS = ["red", "green", "blue", "cyan", "yellow", "white", "magenta"] * 2 + ["red"]  # one a second, 15 s


def test_every_second_of_a_15_s_clip_is_on_the_clock(run: Run) -> None:  # noqa: F811
    t = run.tmp
    media = {
        "still": media_entry("still", still(t / "still.png", "yellow", "640x320"), image=True),
        "first": media_entry("first", clip(t / "first.mp4", ["magenta"], "1920x1080", 2.5)),
        "long": media_entry("long", clip(t / "long.mp4", COLOURS, "1920x1080", 15)),
        "after": media_entry("after", still(t / "after.png", "green", "640x320"), image=True),
    }
    start = datetime.now(TZ).replace(microsecond=0) + timedelta(seconds=7)
    rows = write_plan(t / "plan.json", start, [("still", 2), ("first", 2), ("long", 15), ("after", 1)], media)
    end = rows[-1][2]
    player = run.player(t / "plan.json", exit_after=(end - datetime.now(TZ)).total_seconds() + 1.5)
    wait_for_window(run)
    grabber = run.grab((end - datetime.now(TZ)).total_seconds() + 0.8)
    assert grabber.wait(timeout=90) == 0
    assert player.wait(timeout=90) == 0, (t / "player.err").read_text()[-3000:]

    long_start = rows[2][1].timestamp()
    frames = [(at, c) for at, c in run.frames() if long_start - 1.0 <= at < end.timestamp() - 0.05]
    runs = segments(frames)
    assert [c for c, *_ in runs] == ["magenta", *COLOURS, "green"], runs  # every second seen, in order
    errors = [(first - long_start - k) * 1000 for k, (_c, first, _last) in enumerate(runs[1:])]
    print("each second's first picture against the plan (ms):", [round(e) for e in errors])
    print(_preroll_lines(t / "player.err"))
    late = {k: round(e) for k, e in enumerate(errors) if not -GRAB_S * 1000 <= e <= (FRAME_S + GRAB_S) * 1000}
    assert not late, f"seconds of the clip off the clock (second: ms): {late}; all: {[round(e) for e in errors]}"


def _preroll_lines(path: Path) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(m[0] for m in re.finditer(r".*pre-roll now.*", text))
