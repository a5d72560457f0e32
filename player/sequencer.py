"""The clock-driven sequencer: at every moment, put on air what the plan says for that moment.

Item-to-item timing comes from the wall clock, never from the previous item's end: each item is taken at its
planned start (`Plan.item_at(now)`), so nothing accumulates (libVLC's MediaListPlayer drifts by tens of ms per item).
The next item is cued `LEAD` ahead so taking it is instant; a player started mid-item (after a restart or a clock
jump) joins the item at the right offset. Plain Python (no Qt): the Qt driver in `player.driver` calls `tick()` and
sleeps for the seconds it returns; unit tests drive it with a fixed clock and the fake backend.

While an emergency alert covers the screen (`suppress(True)`), the sequencer keeps following the clock underneath, so
the plan is back at the clock position the moment the alert ends; every item that aired under the alert (the one it
cut included) is recorded `skipped` with reason `alert` (`playlists.makegoods.ALERT_REASON`), never `played`.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from player.backend import Backend
from player.cues import Airing, Cue, PlayRecord, final_outcome
from player.day_roll import LEAD, DayRoll
from player.misses import JOIN_MARGIN, NOT_FETCHED, Misses
from playlists.plan import Plan, PlanItem, PlanMedia
from videotron.core.clock import Clock

log = logging.getLogger(__name__)

AHEAD = 2  # items cued ahead at most
JOIN_LATE = timedelta(milliseconds=40)  # a join ready later than this (one frame) holds a stale frame
LATE_LIMIT = timedelta(seconds=0.8)  # a cue not ready this long after its air time has failed (skip within 1 s)
MS = timedelta(milliseconds=1)
FALLBACK_RETRY_S = 5.0  # a standby/filler that could not air is tried again after this long (its file may arrive)
WATCH_S = 0.25  # longest sleep between ticks: how fast a clock jump is noticed
JUMP_TOLERANCE_S = 0.1  # wall clock moved this much against the monotonic clock: re-align


class Sequencer(DayRoll, Misses):
    def __init__(self, plan: Plan, backend: Backend, clock: Clock, sink: Callable[[list[PlayRecord]], None],
                 monotonic: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.plan = plan
        self.backend = backend
        self.clock = clock
        self.sink = sink  # the records of one moment, committed together (one transaction)
        self.monotonic = monotonic
        self.wake: Callable[[], None] | None = None  # set by the driver: tick as soon as possible
        self.on_air: Airing | None = None
        self.blank = False
        self.suppressed = False  # an emergency alert covers the screen
        self._cues: dict[int, Cue] = {}
        self._next_id = 1
        self._done: set[int] = set()  # item indexes already recorded (failed) in this plan
        self._recued: set[int] = set()  # item indexes cued a second time after a late first picture
        self._unfetched: dict[int, str] = {}  # item index -> why its file is not here yet (a miss if it stays so)
        self._fallback_failed_at: float | None = None  # monotonic time the fallback last failed
        self.next_plan: Plan | None = None  # the following day's plan, loaded ahead (the app sets it)
        self.standby_plan: Callable[[date], Plan] | None = None  # a day with no plan: the built-in standby
        self.on_new_day: Callable[[Plan], None] | None = None  # told after the sequencer moved to another day
        self.default_standby: PlanMedia | None = None  # a plan without a standby picture: this one, not black
        self._skew = self._wall_minus_mono()
        self._starts = [i.start for i in plan.items]
        backend.set_listener(self)

    # ---- what the driver calls -------------------------------------------------------------------------------
    def tick(self) -> float:
        """Bring the screen in line with the plan now; return the seconds until the next tick is due."""
        if abs(self._wall_minus_mono() - self._skew) > JUMP_TOLERANCE_S:
            self.realign("the system clock jumped", clock_moved=True)
        now = self.clock.now()
        self._roll_day(now)
        target = self._target(now)
        if target is None:
            if not self._holding_tail(now):
                self._show_standby(now)
        elif self.on_air is None or self.on_air.cue.index != target[0]:
            self._bring_on(target[0], target[1], now)
        self._roll(now)
        self._drop_stale(now)
        self._retry_unfetched(now)
        self._cue_upcoming(now)
        return self._sleep_for(now)

    def set_plan(self, plan: Plan) -> None:
        """A new plan (refreshed from the database, or the next day's): keep what is on air if it is unchanged."""
        now = self.clock.now()
        keep = None
        if self.on_air and self.on_air.item:
            hit = plan.item_at(now)
            if hit and hit[1] == self.on_air.item and plan.media.get(hit[1].media) == self.on_air.cue.media:
                keep = hit[0]
        for cue in list(self._cues.values()):
            if self.on_air is None or cue is not self.on_air.cue:
                self.backend.drop(cue.id)
        self._cues = {}
        self.plan, self._starts, self._done = plan, [i.start for i in plan.items], set()
        self._fallback_failed_at, self._recued, self._unfetched = None, set(), {}
        if self.on_air is not None:
            if keep is not None:
                self.on_air.cue.index = keep
                self._cues[self.on_air.cue.id] = self.on_air.cue
            else:
                self._cues[self.on_air.cue.id] = self.on_air.cue
                self.on_air.cue.index = -1  # no longer a plan item: the next tick replaces it
        log.info("plan %s for %s loaded: %d items", plan.fingerprint()[:12], plan.date, len(plan.items))

    def realign(self, why: str, clock_moved: bool = False) -> None:
        """Forget every cue except the one on air and re-decide from the clock (clock jump, hours change, alert end).

        Only when the wall clock itself moved is the video on air moved to the clock's offset: libVLC runs on its own
        monotonic clock, and a seek while playing re-buffers and leaves the clip 50-90 ms behind (seen at the end of
        an alert, under which the video had simply kept running in step)."""
        log.warning("re-aligning to the plan: %s", why)
        self._skew = self._wall_minus_mono()
        for cue in list(self._cues.values()):
            if self.on_air is None or cue is not self.on_air.cue:
                self.backend.drop(cue.id)
        self._cues = {} if self.on_air is None else {self.on_air.cue.id: self.on_air.cue}
        now = self.clock.now()
        if clock_moved and self.on_air and self.on_air.item:
            target = self._target(now)
            if target and target[0] == self.on_air.cue.index and not self.on_air.cue.media.is_image:
                offset = (now - self.on_air.item.start) // MS
                self.backend.seek(self.on_air.cue.id, offset)

    def suppress(self, on: bool) -> None:
        """An emergency alert now covers the screen (True) or no longer does (False).

        Nothing changes on the backend: items keep being cued and taken by the clock under the overlay, so the
        plan is back at the clock position at once when the alert ends (the caller then realigns). Only the
        records change: the item on air now and every item taken while suppressed are logged skipped / alert."""
        if on == self.suppressed:
            return
        self.suppressed = on
        if on and self.on_air is not None:
            self.on_air.suppressed = True
        log.warning("emergency alert %s: %s", "on air" if on else "ended", self.current_media or "nothing on air")

    def stop(self) -> None:
        """The player is closing: record the item on air as it stands."""
        if self.on_air is not None:
            self._close(self.clock.now())
            self.on_air = None

    current_media = property(lambda self: self.on_air.cue.media.id if self.on_air else None)

    # ---- what the backend calls (CueListener) ----------------------------------------------------------------
    def cue_ready(self, cue_id: int, held_ms: int | None = None) -> None:
        cue = self._cues.get(cue_id)
        if cue is not None and cue.state == "pending":
            cue.state = "ready"
            if held_ms is not None and held_ms != cue.offset_ms and cue.index is not None:
                # a join held a little further than asked: it airs when the clock reaches the frame it holds
                cue.air_at += (held_ms - cue.offset_ms) * MS
                cue.offset_ms = held_ms
            cue.preroll_ms = self.backend.preroll_ms(cue_id)
            late = self.clock.now() - cue.air_at
            if late >= timedelta(0):  # its moment has come: take it now, not at the next watch tick
                log.debug("cue %d (%s) ready %.1f ms after its air time", cue.id, cue.media.id, late / MS)
                if self.wake is not None:
                    self.wake()

    def cue_failed(self, cue_id: int, reason: str) -> None:
        cue = self._cues.get(cue_id)
        if cue is None:
            return
        cue.state, cue.reason, cue.failed_at = "failed", reason, self.monotonic()
        if self.on_air is not None and self.on_air.cue is cue:  # failed while on air (decoder error mid-item)
            log.warning("media %s failed on air: %s", cue.media.id, reason)
            self._close(self.clock.now(), failure=reason)
            self._drop_on_air()
            if cue.index is None:
                self._fallback_failed_at = self.monotonic()
            else:
                self._done.add(cue.index)
                self._show_fallback(self.clock.now())

    # ---- decisions --------------------------------------------------------------------------------------------
    def _target(self, now: datetime) -> tuple[int, PlanItem] | None:
        plan = self.plan
        if (plan.open_at and now < plan.open_at) or (plan.close_at and now >= plan.close_at):
            return None
        return plan.item_at(now)

    def _bring_on(self, index: int, item: PlanItem, now: datetime) -> None:
        if index in self._done:  # failed earlier: the fallback (or the last picture) holds the slot, not the standby
            self._show_fallback(now)
            return
        cue = next((c for c in self._cues.values() if c.index == index), None)
        if (cue is not None and cue.state == "ready" and cue.air_at > item.start and index not in self._recued
                and now - cue.air_at > JOIN_LATE and cue.media is not None and not cue.media.is_image):  # fmt: skip
            # A join whose first picture came late (a cold libVLC after a restart): its held frame is stale, and
            # taken now the clip would run that late to its end (the restart e2e once saw 297 ms). Cue the item
            # again at the clock's offset once, so it airs holding the right frame at an exact moment.
            log.info("item %d (%s) ready %.0f ms late: cueing it again at the clock's offset", index, item.media,
                     (now - cue.air_at) / MS)  # fmt: skip
            self._recued.add(index)
            self._cues.pop(cue.id, None)
            self.backend.drop(cue.id)
            cue = None
        if cue is None:
            air_at = max(now + JOIN_MARGIN, item.start)
            if air_at >= item.end - JOIN_MARGIN:
                return  # too little left of it to be worth joining: the next item is close
            cue = self._cue(index, self.plan.media.get(item.media), air_at, item.start)
            if cue is None:
                return
        joining = cue.air_at > item.start  # mid-item (a start, a restart): no viewer waits for an exact moment
        if cue.state == "pending" and now - cue.air_at > LATE_LIMIT and not joining:
            cue.state, cue.reason = "failed", f"not ready {LATE_LIMIT.total_seconds():.1f} s after its start"
            self.backend.drop(cue.id)
        if cue.state == "failed" and cue.reason.startswith(NOT_FETCHED):
            self._unfetched[index] = cue.reason  # not a verdict: tried again (`_retry_unfetched`), the filler meanwhile
            self._show_fallback(now)
        elif cue.state == "failed":
            self._cues.pop(cue.id, None)
            self.backend.drop(cue.id)  # the backend frees what it opened (a libVLC player per video cue)
            self._done.add(index)
            self.sink([self._record(item, cue.media, None, None, "failed", cue.reason)])
            log.warning("item %d (%s) failed: %s", index, item.media, cue.reason)
            self._show_fallback(now)  # until the fallback is ready the previous picture stays
        elif cue.state == "ready" and now >= cue.air_at:
            self._take(cue, item, now)
            if joining and now - cue.air_at > JOIN_LATE and not cue.media.is_image:
                # cued again and still ready late: on air now, moved to the clock's offset
                self.backend.seek(cue.id, (self.clock.now() - item.start) // MS)

    def _take(self, cue: Cue, item: PlanItem | None, now: datetime) -> None:
        self.backend.take(cue.id)
        self.blank = False
        taken_at = self.clock.now()
        old = self.on_air
        self.on_air = Airing(cue, item, taken_at, suppressed=self.suppressed, day=self.plan.date.isoformat())
        records = [] if old is None else self._ending(taken_at, old)
        if old is not None:
            self._cues.pop(old.cue.id, None)
            self.backend.drop(old.cue.id)
        if item is not None:  # committed now, completed at its end: an item cut by a power cut is not lost
            records.append(self._record(item, cue.media, taken_at, None, "on_air", ""))
        if records:  # the old item's end and the new one's start together: a power cut between them loses neither
            self.sink(records)
        log.debug("took cue %d (%s) %.1f ms after %s", cue.id, cue.media.id,
                  (now - cue.air_at).total_seconds() * 1000, cue.air_at)  # fmt: skip

    def _roll(self, now: datetime) -> None:
        """Start the videos due within their pre-roll running off screen, so their pictures are on the clock once
        taken (player.preroll): resumed at the take, a clip ran 10-160 ms late to its end."""
        for cue in self._cues.values():
            roll_at = cue.roll_at
            if roll_at is not None and roll_at <= now < cue.air_at:
                cue.preroll_ms = -1
                self.backend.roll(cue.id)

    def _show_standby(self, now: datetime) -> None:
        media = self.plan.media.get(self.plan.standby_media or "") or self.default_standby
        if media is None or self._fallback_failing():
            if self.on_air is not None:
                self._close(now)
                self._drop_on_air()
            if not self.blank:
                self.backend.blank()
                self.blank = True
            return
        self._show_fallback(now, media)

    def _show_fallback(self, now: datetime, media: PlanMedia | None = None) -> None:
        """Standby picture, else the first filler: what fills a failed item's slot (never black if avoidable)."""
        media = media or self._fallback_media()
        if media is None or self._fallback_failing():
            return  # nothing to fall back on: the last picture stays
        if self.on_air is not None and self.on_air.item is None and self.on_air.cue.media == media:
            return
        cue = next((c for c in self._cues.values() if c.index is None and c.media == media), None)
        if cue is None:
            cue = self._cue(None, media, now, now, loop=True)
            if cue is None:
                return
        if cue.state == "failed":
            self._cues.pop(cue.id, None)
            self.backend.drop(cue.id)
            self._fallback_failed_at = self.monotonic()
            log.error("the standby/filler media %s cannot air either: %s", media.id, cue.reason)
        elif cue.state == "ready":
            self._take(cue, None, now)

    def _fallback_failing(self) -> bool:
        """The fallback failed a moment ago. Not a final verdict: on a new PC its file may simply not be fetched yet."""
        failed = self._fallback_failed_at
        return failed is not None and self.monotonic() - failed < FALLBACK_RETRY_S

    def _fallback_media(self) -> PlanMedia | None:
        media = self.plan.media
        if self.plan.standby_media in media:
            return media[self.plan.standby_media]  # type: ignore[index]
        return next((m for _k, m in sorted(media.items()) if m.kind == "filler"), None)

    def _cue_upcoming(self, now: datetime) -> None:
        """Cue the next items starting within LEAD (at most AHEAD of them: very short items need two ready)."""
        first = bisect.bisect_right(self._starts, now)
        for j in range(first, min(first + AHEAD, len(self.plan.items))):
            item = self.plan.items[j]
            if item.start - now > LEAD:
                return
            if j in self._done or any(c.index == j for c in self._cues.values()):
                continue
            if self._target(item.start) is not None:
                self._cue(j, self.plan.media.get(item.media), item.start, item.start)

    def _cue(self, index: int | None, media: PlanMedia | None, air_at: datetime, item_start: datetime,
             loop: bool = False) -> Cue | None:  # fmt: skip
        if media is None:
            item = self.plan.items[index] if index is not None else None
            if item is not None and index not in self._done:
                self._done.add(index)
                self.sink([self._record(item, None, None, None, "failed", "media missing from the plan")])
            return None
        offset = max(0, (air_at - item_start) // MS)
        cue = Cue(self._next_id, index, media, air_at, offset)
        self._next_id += 1
        self._cues[cue.id] = cue
        self.backend.cue(cue.id, media, offset, loop=loop)
        return cue

    def _sleep_for(self, now: datetime) -> float:
        """Seconds from the clock's present to the next moment due after `now`, the moment this tick decided for.

        Due moments are looked for after the tick's own `now`, not after the time it ends: a tick that starts just
        before an item's start and ends after it (a loaded PC) must not skip that start and sleep a whole WATCH_S
        (the item went on air 250 ms late, issue #19)."""
        waiting = [c for c in self._cues.values() if c.state != "failed" and c is not getattr(self.on_air, "cue", 0)]
        due = [c.air_at for c in waiting] + [c.air_at + LATE_LIMIT + MS for c in waiting if c.state == "pending"]
        due += [r for c in waiting if (r := c.roll_at) is not None]
        j = bisect.bisect_right(self._starts, now)
        if j < len(self._starts):
            due += [self._starts[j], self._starts[j] - LEAD]
        if self.on_air and self.on_air.item:
            due.append(self.on_air.item.end)
        for edge in (self.plan.open_at, self.plan.close_at):
            if edge:
                due.append(edge)
        waits = [(d - now).total_seconds() for d in due if d > now]
        spent = (self.clock.now() - now).total_seconds()
        return max(0.0, min([WATCH_S, *waits]) - spent)

    # ---- records ------------------------------------------------------------------------------------------
    def _close(self, ended: datetime, airing: Airing | None = None, failure: str = "") -> None:
        records = self._ending(ended, airing or self.on_air, failure)
        if records:
            self.sink(records)

    def _ending(self, ended: datetime, airing: Airing | None, failure: str = "") -> list[PlayRecord]:
        """The final record of `airing`'s item (none for a standby or filler)."""
        if airing is None or airing.item is None:
            return []
        outcome, reason = final_outcome(airing, ended, failure)
        return [self._record(airing.item, airing.cue.media, airing.started, ended, outcome, reason, airing.day)]

    def _record(self, item: PlanItem, media: PlanMedia | None, started: datetime | None, ended: datetime | None,
                outcome: str, reason: str, day: str = "") -> PlayRecord:  # fmt: skip
        return PlayRecord(self.plan.screen, item.media, media.sha256 if media else "", item.booking, item.start,
                          item.end, started, ended, outcome, reason, day or self.plan.date.isoformat())  # fmt: skip

    def _drop_on_air(self) -> None:
        if self.on_air is not None:
            self._cues.pop(self.on_air.cue.id, None)
            self.backend.drop(self.on_air.cue.id)
            self.on_air = None

    def _wall_minus_mono(self) -> float:
        return self.clock.now().timestamp() - self.monotonic()
