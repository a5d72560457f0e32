"""What the sequencer keeps track of: a cue (one item being made ready), an airing (a cue on screen) and a play
record (one attempt to air one plan item, what the proof-of-play log stores). Plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from playlists.plan import PlanItem, PlanMedia


@dataclass
class Cue:
    id: int
    index: int | None  # plan item index; None for the standby / fallback picture
    media: PlanMedia
    air_at: datetime
    offset_ms: int
    state: str = "pending"  # pending | ready | failed
    reason: str = ""
    failed_at: float = 0.0  # monotonic time it failed (a file not fetched yet is tried again)


@dataclass
class Airing:
    cue: Cue
    item: PlanItem | None
    started: datetime
    suppressed: bool = False  # an alert covered it for some of its airtime: nobody saw it whole
    day: str = ""  # the date of the plan it was taken from (its record keeps it after midnight)


@dataclass(frozen=True)
class PlayRecord:
    """One attempt to air one plan item: what the proof-of-play log stores."""

    screen: str
    media: str
    sha256: str
    booking: str | None
    planned_start: datetime
    planned_end: datetime
    started_at: datetime | None
    ended_at: datetime | None
    outcome: str  # on_air (completed later by the same item's played | skipped | failed) | played | failed | skipped
    reason: str = ""
    day: str = ""  # the plan's (local) date, ISO
