"""The sequencer across the screen's midnight: the next day's own plan, or the built-in standby for a day with none.

A mixin of `player.sequencer.Sequencer` (kept apart so the sequencer stays readable): it reads and sets the
sequencer's plan, its `next_plan` (loaded ahead by `player.day_keeper`), `standby_plan` and `on_new_day`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from player.days import day_start

log = logging.getLogger("player.sequencer")

# The sequencer cues the next item this long before its start; the next day's plan is taken as long before midnight.
LEAD = timedelta(seconds=1.5)


class DayRoll:
    def _roll_day(self: Any, now: datetime) -> None:
        """Across the screen's midnight, the next day's own plan: taken LEAD ahead so its first item is cued in time
        (the last item of the day before airs on to its end, see `_holding_tail`); when the clock is already in a day
        with no plan loaded, the standby plan, and the app is told so it can find that day's plan."""
        nxt = self.next_plan
        if nxt is not None and nxt.date > self.plan.date and now >= day_start(nxt) - LEAD:
            self.next_plan = None
            log.info("the screen's day %s begins: its own plan (%d items)", nxt.date, len(nxt.items))
        elif self.standby_plan is not None and now >= day_start(self.plan) + timedelta(days=1):
            nxt = self.standby_plan(now.astimezone(self.plan.tz).date())
            log.warning("no plan for screen %s on %s: showing the standby picture", self.plan.screen, nxt.date)
        else:
            return
        self.set_plan(nxt)
        if self.on_new_day is not None:
            self.on_new_day(nxt)

    def _holding_tail(self: Any, now: datetime) -> bool:
        """The item on air belongs to a plan just replaced (the day before, a refresh) and its time is not over: it
        airs to its end rather than give way to the standby picture for the last moments."""
        airing = self.on_air
        return airing is not None and airing.item is not None and airing.cue.index == -1 and airing.item.end > now
