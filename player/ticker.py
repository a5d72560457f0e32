"""The running-text band's motion and its proof of display, in plain Python (no Qt; `player.band` paints it).

The band shows a row of segments (one running text followed by the separator) that moves left by `step` whole
pixels per displayed frame. A segment is appended at the right end of the row before that end comes into view, each
the next text in force after the last one appended (the plan's order, looping). So a change of the texts in force (a
text's hours begin or end, a new plan) never moves what is already in the band: it only changes what enters next,
and an item transition or a plan reload cannot make the text jump. An emergency alert is the exception on purpose:
its text replaces the row at once, from the band's left edge, and the ordinary texts come back from the right edge.

Proof of display (`Tally`): per text per screen-local day, the milliseconds any part of the text (its separator
not counted) was inside the band, and its complete loops (a text that entered at the right edge and left at the left
edge whole; one cut by an alert is not a loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Segment:
    key: str  # the text's id (proof of display is counted by it); "" for an alert's text
    text: str
    x: int  # its left edge, in band pixels
    width: int  # the text's width (what counts as shown)
    gap: int  # the separator's width after it
    passed: bool = False  # its text has left the band at the left edge (its loop counted)

    @property
    def end(self) -> int:
        return self.x + self.width + self.gap


class TickerModel:
    """The row of segments in a band `width` pixels wide; `measure(text)` gives a text's width in pixels."""

    def __init__(self, width: int, step: int, measure: Callable[[str], int], separator: str) -> None:
        self.width = width
        self.step = step
        self.measure = measure
        self.gap = measure(separator)
        self.row: list[Segment] = []
        self.texts: list[tuple[str, str]] = []  # (id, text) in force, in the plan's order
        self.alert: str | None = None
        self.finished: list[str] = []  # keys of texts that completed a loop since the last `advance`
        self._last_key: str | None = None
        self._widths: dict[str, int] = {}

    def set_texts(self, texts: list[tuple[str, str]]) -> None:
        """The texts in force now: what enters next follows this list (the band itself does not move)."""
        self.texts = [t for t in texts if t[1].strip()]

    def set_alert(self, text: str | None) -> None:
        """An alert's text replaces the row at once (None: back to the texts in force, from the right edge)."""
        if text == self.alert:
            return
        self.alert = text
        self.row = []
        if text:
            self.row.append(self._segment("", text, 0))

    def advance(self) -> None:
        """One displayed frame: the row moves `step` pixels left; segments gone past the left edge leave it."""
        self.finished = []
        for seg in self.row:
            seg.x -= self.step
            if seg.key and not seg.passed and seg.x + seg.width <= 0:
                seg.passed = True  # the whole text has crossed the band: one loop
                self.finished.append(seg.key)
        while self.row and self.row[0].end <= 0:
            self.row.pop(0)
        self.fill()

    def fill(self) -> None:
        """Append segments until the row reaches one step past the right edge (the next frame has its content)."""
        while True:
            end = self.row[-1].end if self.row else self.width
            if end > self.width + self.step:
                return
            nxt = self._next()
            if nxt is None:
                return
            self.row.append(self._segment(nxt[0], nxt[1], max(end, self.width)))  # after a gap: from the edge

    def visible(self) -> list[Segment]:
        return [s for s in self.row if s.x < self.width and s.end > 0]

    def shown_keys(self) -> set[str]:
        """The texts any part of which is inside the band now."""
        return {s.key for s in self.row if s.key and s.x < self.width and s.x + s.width > 0}

    def _next(self) -> tuple[str, str] | None:
        if self.alert:
            return ("", self.alert)
        if not self.texts:
            return None
        keys = [k for k, _t in self.texts]
        at = keys.index(self._last_key) + 1 if self._last_key in keys else 0
        chosen = self.texts[at % len(self.texts)]
        self._last_key = chosen[0]
        return chosen

    def _segment(self, key: str, text: str, x: int) -> Segment:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) > 256:
                self._widths.clear()
            width = self._widths[text] = max(1, self.measure(text))
        return Segment(key, text, x, width, self.gap)


@dataclass
class Shown:
    """One text's proof of display on one day, since the last flush."""

    shown_ms: int = 0
    loops: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None


@dataclass
class Tally:
    """Running counts per (screen-local day, text id), taken (and reset) by each flush to the local log."""

    counts: dict[tuple[str, str], Shown] = field(default_factory=dict)

    def add(self, day: str, keys: set[str], finished: list[str], ms: int, at: datetime) -> None:
        for key in keys | set(finished):
            shown = self.counts.setdefault((day, key), Shown())
            if key in keys:
                shown.shown_ms += ms
            shown.first_at = shown.first_at or at
            shown.last_at = at
        for key in finished:
            self.counts[(day, key)].loops += 1

    def take(self) -> dict[tuple[str, str], Shown]:
        out, self.counts = self.counts, {}
        return out
