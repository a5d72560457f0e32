"""The sequencer's misses: cues whose item ended before they could air (recorded, never silently lost), and cues whose
file was not fetched yet (tried again, so a file that arrives a moment later airs in this item already).

A mixin of `player.sequencer.Sequencer`, like `player.day_roll`: it reads the sequencer's cues, plan and records.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

log = logging.getLogger("player.sequencer")

JOIN_MARGIN = timedelta(milliseconds=300)  # joining mid-item: cue at now + margin, take exactly then
FETCH_RETRY_S = 0.25  # a cue whose file was not fetched yet is tried again this often
NOT_FETCHED = "not yet fetched"  # the start of the reason `player.verify` gives for a file missing from the store


class Misses:
    def _drop_stale(self: Any, now: datetime) -> None:
        """Cues whose item ended before they could air: free them and record the miss (never silently lost)."""
        on_air = self.on_air.cue if self.on_air else None
        for cue in list(self._cues.values()):
            if cue is on_air or cue.index is None or cue.index < 0:
                continue
            item = self.plan.items[cue.index]
            if item.end <= now:
                self._cues.pop(cue.id, None)
                self.backend.drop(cue.id)
                if cue.index not in self._done:
                    self._done.add(cue.index)
                    unfetched = self._unfetched.pop(cue.index, "")
                    outcome = "failed" if cue.state == "failed" or unfetched else "skipped"
                    reason = cue.reason or unfetched or "not ready before its end"
                    self.sink([self._record(item, cue.media, None, None, outcome, reason)])
                    log.warning("item %d (%s) %s: %s", cue.index, item.media, outcome, reason)

    def _retry_unfetched(self: Any, now: datetime) -> None:
        """Cues that failed because their file was not fetched yet are dropped after FETCH_RETRY_S, so the item is
        cued again (at its start, or joined): a file that arrives a moment later airs, in this item already."""
        for cue in list(self._cues.values()):
            unfetched = cue.state == "failed" and cue.reason.startswith(NOT_FETCHED)
            retry = unfetched and cue.index is not None and cue.index >= 0  # too late to join: kept, to be recorded
            retry = retry and now + 2 * JOIN_MARGIN < self.plan.items[cue.index].end  # type: ignore[index]
            if retry and self.monotonic() - cue.failed_at >= FETCH_RETRY_S:
                self._unfetched[cue.index] = cue.reason  # type: ignore[index]
                self._cues.pop(cue.id, None)
                self.backend.drop(cue.id)
