"""Pre-roll: how late libVLC gets a held clip moving again on this PC, measured at every take, and that much early next.

A video cue holds its first picture paused (`player.frames`) and is resumed at its air time. libVLC then delivers the
next picture late, and the clip runs that late to its end: the held picture is on time, every later one is not
(measured under Xvfb: 10-15 ms for small clips, ~50 ms at 1080p, 60-160 ms on a loaded PC). So a clip is resumed
early by its measured resume latency (`preroll_ms`), while the previous item is still on screen; the window keeps
painting the old picture until the take, and the new clip's pictures then fall on the plan.

The latency is measured from the pictures themselves: picture k after the resume should arrive at the take plus k
frame periods, the period being the median interval between those pictures (no frame rate needs to be known). What
is left over, plus the pre-roll that was used, is the latency. Kept per media (a 1080p clip is slower to resume than
a small one), starting from the figure of the whole PC for a media not seen yet. Plain Python: no Qt, no libVLC.
"""

from __future__ import annotations

import itertools
import statistics

DEFAULT_MS = 15.0  # before anything was measured on this PC: a small clip's resume latency
LIMIT_MS = 300.0  # never pre-roll more than this: a figure above it is a stall, not a latency
WEIGHT = 0.4  # a new measurement's share of the running figure
PICTURES = 12  # pictures after a resume that are timed


class ResumeLatency:
    def __init__(self, default_ms: float = DEFAULT_MS) -> None:
        self.default_ms = default_ms
        self._pc: float | None = None  # every media on this PC together
        self._media: dict[str, float] = {}

    def preroll_ms(self, media_id: str) -> int:
        """How long before its air time to resume a held clip of this media."""
        figure = self._media.get(media_id, self._pc if self._pc is not None else self.default_ms)
        return round(min(LIMIT_MS, max(0.0, figure)))

    def observe(self, media_id: str, prerolled_ms: float, taken_at: float, pictures: list[float]) -> float | None:
        """Learn from one resume: `pictures` are the monotonic times new pictures arrived after it, `taken_at` the
        time the cue went on air, `prerolled_ms` how early it was resumed. Returns how late (ms, negative = early)
        the clip ran against the plan, or None when there were too few pictures to tell (a clip at its end)."""
        if len(pictures) < 4:
            return None
        period = statistics.median(b - a for a, b in itertools.pairwise(pictures))
        late_ms = statistics.median(t - taken_at - k * period for k, t in enumerate(pictures, 1)) * 1000
        latency = prerolled_ms + late_ms
        if not 0 <= latency <= LIMIT_MS:
            return late_ms  # a stall or a clock step, not libVLC's resume: not learnt
        self._media[media_id] = _blend(self._media.get(media_id), latency)  # its own first figure counts whole
        self._pc = _blend(self._pc, latency)
        return late_ms


def _blend(old: float | None, new: float) -> float:
    return new if old is None else old + WEIGHT * (new - old)
