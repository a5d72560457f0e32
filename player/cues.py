"""What the sequencer keeps track of: a cue (one item being made ready), an airing (a cue on screen) and a play
record (one attempt to air one plan item, what the proof-of-play log stores), and the rule that says how an airing
ended (`final_outcome`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from playlists.makegoods import ALERT_REASON
from playlists.plan import PlanItem, PlanMedia

FULL_TOLERANCE = timedelta(milliseconds=500)  # aired from start to end within this: `played`


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
    preroll_ms: int = 0  # once ready: resumed this long before air_at (player.preroll); -1 once rolled

    @property
    def roll_at(self) -> datetime | None:
        """When to start a ready video running off screen, or None (not one, or rolled already)."""
        if self.state != "ready" or self.preroll_ms <= 0:
            return None
        return self.air_at - self.preroll_ms * timedelta(milliseconds=1)


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


def final_outcome(airing: Airing, ended: datetime, failure: str = "") -> tuple[str, str]:
    """How an airing of a plan item ended: (outcome, reason) of its final record."""
    item, started = airing.item, airing.started
    assert item is not None  # a standby or filler airing has no record
    if failure:
        return "failed", failure
    if airing.suppressed:  # covered by an alert (cut by it, or aired under it): a make-good is owed
        return "skipped", ALERT_REASON
    if started - item.start > FULL_TOLERANCE:
        return "skipped", f"joined {(started - item.start).total_seconds():.1f} s after its start"
    if item.end - ended > FULL_TOLERANCE:
        return "skipped", f"cut {(item.end - ended).total_seconds():.1f} s before its end"
    return "played", ""
