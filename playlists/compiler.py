"""The plan compiler: what one screen shows at every moment of one date, from plain inputs to a `Plan`.

How a day is built (a single pass over the day, cursor `t` in milliseconds after opening):

* Each booking active that day (date range, screen list, approved ad media, let through by the airing gate:
  `BookingSpec.hold`, see `playlists.gate`) must get exactly `plays_per_day`
  plays starting inside its window (its band clipped to the operating hours, else the whole operating day).
  With I = window / plays, play i is due in [start + (i + 1/4) I, start + (i + 3/4) I]: centred in its
  interval, so the first play comes within the first interval, the last within the last one, and two
  consecutive plays are never more than 1.5 I apart. A play that had to start early pulls the next one's
  deadline in (previous start + 1.5 I), so the gap rule holds whatever happens.
* At each cursor position the most urgent due play (earliest deadline) airs if its advertiser did not air
  just before, it ends before closing, and the loop window(s) it overlaps keep their PSA share (ad time in
  each `loop_seconds` window counted from opening stays <= (1 - psa_share) x window length; the last, shorter
  window is held to the same proportion).
* Otherwise the next PSA/filler item of the playlist of the highest-priority daypart active at that moment
  airs, cycling the playlist in order; each playlist keeps its position all day, so an ad break or another
  daypart never restarts it. If that item would make a due play miss its deadline, a play due soon airs
  first (early, but still inside its band).
* Where no daypart is active (or its playlist has nothing approved), the "house" source fills the time: the
  screen's standby media when it is an approved PSA/filler item, else every approved PSA/filler media in id
  order. The plan has no holes; only the last item may be cut at closing. Ads are never cut.
* Ties are broken by ids, never by dict or set order, so the same inputs give the same plan byte for byte.

A booking that cannot be honoured raises `Unschedulable` (a `CapacityError`) naming the booking and the play.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date
from typing import Any

from playlists.inputs import BookingSpec, ScheduleInputs
from playlists.plan import Plan, PlanItem
from playlists.timeline import HOUSE, DayFrame, day_frame, daypart_segments
from videotron.core.errors import CapacityError, Problem, VideotronError, problem

FILLER_KINDS = ("psa", "filler")
PLACEHOLDER_MEDIA = "(placeholder)"
_SCAN = 32  # how many queued plays one decision looks at; bounds the work per item with 1000 bookings


class Unschedulable(CapacityError):
    """A booking's plays cannot all be placed on a day."""

    def __init__(self, what: Problem, booking_id: str) -> None:
        super().__init__(what)
        self.booking_id = booking_id


@dataclass(slots=True)  # made for every booking every day, read in the pass: slots are faster at both
class _Run:
    """One booking's progress through the day."""

    order: int
    booking: BookingSpec
    duration: int
    ws: int  # window start/end (offsets)
    we: int
    n: int
    latest: int  # last allowed start: inside the window and ending before closing
    gap: int  # most milliseconds between two consecutive starts
    idx: int = 0  # next play to place
    gen: int = 0  # bumps whenever the pending play changes; heap entries of older generations are stale
    release: int = 0
    deadline: int = 0

    def bounds(self, i: int) -> tuple[int, int]:
        """Play i belongs to the i-th of n equal intervals of the window: due from its start, at the latest just
        before its end (and never later than 1.5 intervals after the previous play, see `_place`)."""
        width, n = self.we - self.ws, self.n
        release = self.ws - (-i * width // n)  # ceil
        deadline = self.ws - (-(i + 1) * width // n) - 1
        return release, min(deadline, self.latest)

    @property
    def slack(self) -> int:
        """How far before its interval a play may start when a long PSA item would otherwise push it out."""
        return (self.we - self.ws) // (2 * self.n)


@dataclass(frozen=True)
class _Fill:
    media: str
    kind: str
    duration: int


def active_bookings(inputs: ScheduleInputs, day: date, *, count_unapproved: bool = False) -> list[BookingSpec]:
    """The bookings that air on this screen and day, in id order. When counting capacity (`count_unapproved`) also
    those whose media awaits approval and those the airing gate holds back: their seats are sold."""
    out = []
    for b in sorted(inputs.bookings, key=lambda b: b.id):
        media = inputs.media.get(b.media)
        if media is None or not b.active_on(inputs.screen.id, day):
            continue
        if count_unapproved or (media.approved and b.cleared_on(day)):
            out.append(b)
    return out


def filler_sources(inputs: ScheduleInputs, placeholder_ms: int | None = None) -> dict[str, list[_Fill]]:
    """Playlist id -> its approved PSA/filler items in order; HOUSE -> the fallback for uncovered time."""

    def usable(media_id: str) -> _Fill | None:
        m = inputs.media.get(media_id)
        if m is None or not m.approved or m.kind not in FILLER_KINDS:
            return None
        return _Fill(m.id, m.kind, m.duration_ms)

    sources: dict[str, list[_Fill]] = {}
    for pid in sorted(inputs.playlists):
        items = [f for f in map(usable, inputs.playlists[pid].media) if f is not None]
        if items:
            sources[pid] = items
    standby = usable(inputs.screen.standby_media) if inputs.screen.standby_media else None
    house = [standby] if standby else [f for f in map(usable, sorted(inputs.media)) if f is not None]
    if not house and placeholder_ms:
        house = [_Fill(PLACEHOLDER_MEDIA, "filler", placeholder_ms)]
    sources[HOUSE] = house
    return sources


def compile_plan(inputs: ScheduleInputs, day: date, *, count_unapproved: bool = False,
                 placeholder_ms: int | None = None) -> Plan:  # fmt: skip
    """Compile one screen's plan for one date. Raises `Unschedulable` when a booking cannot be honoured.

    `count_unapproved` and `placeholder_ms` are for the capacity check: sold bookings count even before their
    media is approved, and a screen with no PSA media yet is assumed to get items of `placeholder_ms`.
    """
    frame, rows = _schedule(inputs, day, count_unapproved, placeholder_ms)
    items = []
    start = frame.at(0)
    for _, end_ms, media, kind, booking, advertiser in rows:
        end = frame.at(end_ms)
        items.append(PlanItem(start, end, media, kind, booking, advertiser))
        start = end
    s = inputs.screen
    return Plan(screen=s.id, date=day, timezone=s.timezone, items=items, geometry=s.geometry, fit=s.fit,
                open_at=frame.open_at, close_at=frame.close_at, standby_media=s.standby_media)  # fmt: skip


def unschedulable(inputs: ScheduleInputs, day: date, *, count_unapproved: bool = False,
                  placeholder_ms: int | None = None) -> Unschedulable | None:  # fmt: skip
    """Why the day cannot be compiled (the capacity check's question), or None; skips building the items."""
    try:
        _schedule(inputs, day, count_unapproved, placeholder_ms)
    except Unschedulable as exc:
        return exc
    return None


def _schedule(inputs: ScheduleInputs, day: date, count_unapproved: bool, placeholder_ms: int | None
              ) -> tuple[DayFrame, list[tuple[int, int, str, str, str | None, str | None]]]:  # fmt: skip
    frame = day_frame(inputs.screen, day)
    sources = filler_sources(inputs, placeholder_ms)
    segments = daypart_segments(frame, inputs.dayparts, set(sources) - {HOUSE})
    runs = _runs(inputs, frame, active_bookings(inputs, day, count_unapproved=count_unapproved))
    return frame, _Day(frame, inputs.screen.id, runs, sources, segments).schedule()


def _runs(inputs: ScheduleInputs, frame: DayFrame, bookings: list[BookingSpec]) -> list[_Run]:
    runs = []
    windows: dict[str | None, tuple[int, int]] = {}  # many bookings share a band: parse each once
    for order, b in enumerate(bookings):
        duration = inputs.media[b.media].duration_ms
        if b.band not in windows:
            windows[b.band] = frame.band_window(b.band, "band")
        ws, we = windows[b.band]
        n = b.plays_on(frame.day)
        if we <= ws:
            raise Unschedulable(problem("plan.band_outside_hours", "screen {screen} on {day}: booking {booking}: band "
                                        "{band} is outside the operating hours {hours}", band=b.band,
                                        hours=frame.hours_text(), **_at(inputs, frame, b)), b.id)  # fmt: skip
        run = _Run(order, b, duration, ws, we, n, latest=min(we - 1, frame.length_ms - duration),
                   gap=3 * (we - ws) // (2 * n))  # fmt: skip
        run.release, run.deadline = run.bounds(0)
        if run.deadline < run.release or n <= 0:
            raise Unschedulable(problem("plan.cannot_spread", "screen {screen} on {day}: booking {booking}: {n} plays "
                                        "of {seconds:g} s cannot be spread over its window of {window:g} s", n=n,
                                        seconds=duration / 1000, window=(we - ws) / 1000,
                                        **_at(inputs, frame, b)), b.id)  # fmt: skip
        runs.append(run)
    return runs


def _at(inputs: ScheduleInputs, frame: DayFrame, b: BookingSpec) -> dict[str, Any]:
    return {"screen": inputs.screen.id, "day": frame.day, "booking": b.id}


class _Day:
    """The single pass that lays out one day (see the module docstring)."""

    def __init__(self, frame: DayFrame, screen_id: str, runs: list[_Run], sources: dict[str, list[_Fill]],
                 segments: list[tuple[int, int, str]]) -> None:  # fmt: skip
        self.frame, self.screen_id, self.runs = frame, screen_id, runs
        self.sources, self.segments = sources, segments
        self.cursor = dict.fromkeys(sources, 0)
        self.used = [0] * len(frame.budgets)
        self.max_ad = max((r.duration for r in runs), default=0)
        self.min_ad = min((r.duration for r in runs), default=0)
        self.waiting: list[tuple[int, int, int, int]] = []  # release, deadline, order, gen
        self.ready: list[tuple[int, int, int]] = []  # deadline, order, gen
        self.due: list[tuple[int, int, int]] = []  # deadline, order, gen: every pending play
        for run in runs:
            self._enqueue(run)

    def _enqueue(self, run: _Run) -> None:
        heapq.heappush(self.waiting, (run.release, run.deadline, run.order, run.gen))
        heapq.heappush(self.due, (run.deadline, run.order, run.gen))

    def schedule(self) -> list[tuple[int, int, str, str, str | None, str | None]]:
        rows: list[tuple[int, int, str, str, str | None, str | None]] = []
        length, t, prev_adv, seg = self.frame.length_ms, 0, None, 0
        waiting, ready, due, runs = self.waiting, self.ready, self.due, self.runs  # locals: this loop is the hot path
        segments, sources, cursor, horizon = self.segments, self.sources, self.cursor, 8 * self.max_ad
        while t < length:
            while waiting and waiting[0][0] <= t:
                _, deadline, order, gen = heapq.heappop(waiting)
                if gen == runs[order].gen:
                    heapq.heappush(ready, (deadline, order, gen))
            while due and due[0][2] != runs[due[0][1]].gen:  # _check_missed, inlined
                heapq.heappop(due)
            if due and due[0][0] < t:
                self._fail(runs[due[0][1]], t)
            run = self._pick(ready, t, prev_adv, None) if ready else None
            if run is None:
                while segments[seg][1] <= t:
                    seg += 1
                source = segments[seg][2]
                items = sources[source]
                if not items:
                    raise VideotronError("plan.nothing_to_show", "screen {screen} has nothing to show on {day} at "
                                         "{time}: no daypart with approved PSA/filler media covers that time and "
                                         "there is no approved PSA/filler media to fall back on (add a daypart or a "
                                         "standby media)", screen=self.screen_id, day=self.frame.day,
                                         time=f"{self.frame.at(t):%H:%M}")  # fmt: skip
                fill = items[cursor[source] % len(items)]
                end = t + fill.duration
                if end > length:
                    end = length
                # due's top is valid here (checked above); beyond the horizon _endangered would say no at once
                if due and due[0][0] <= end + horizon and self._endangered(end):
                    run = self._pick(due, t, prev_adv, None)
                if run is None:
                    rows.append((t, end, fill.media, fill.kind, None, None))
                    cursor[source] += 1
                    t, prev_adv = end, None
                    continue
            rows.append((t, t + run.duration, run.booking.media, "ad", run.booking.id, run.booking.advertiser))
            self._place(run, t)
            t, prev_adv = t + run.duration, run.booking.advertiser
        for run in self.runs:
            if run.idx < run.n:
                self._fail(run, length)
        return rows

    def _pick(self, heap: list[tuple[int, int, int]], t: int, prev_adv: str | None, before: int | None
              ) -> _Run | None:  # fmt: skip
        """The most urgent eligible play in `heap` (stale entries dropped; only deadlines < `before` if given)."""
        if not heap or (self.min_ad and not self._fits(t, self.min_ad)):
            return None
        skipped: list[tuple[int, int, int]] = []
        chosen = None
        runs, is_due, pop = self.runs, heap is self.due, heapq.heappop
        while heap and len(skipped) < _SCAN:
            entry = heap[0]
            if before is not None and entry[0] >= before:
                break
            pop(heap)
            run = runs[entry[1]]
            if entry[2] != run.gen:
                continue
            early = is_due and t < run.release - run.slack
            if (
                run.booking.advertiser != prev_adv
                and run.ws <= t <= run.latest
                and not early
                and self._fits(t, run.duration)
            ):
                chosen = run
                break
            skipped.append(entry)
        for entry in skipped:
            heapq.heappush(heap, entry)
        return chosen

    def _fits(self, t: int, duration: int) -> bool:
        """Whether an ad from t keeps the PSA share of every loop window it overlaps."""
        loop, end = self.frame.loop_ms, t + duration
        k = t // loop
        if end <= (k + 1) * loop:  # inside one window, the usual case
            return k >= len(self.used) or self.used[k] + duration <= self.frame.budgets[k]
        while k * loop < end and k < len(self.used):
            lo, hi = k * loop, (k + 1) * loop
            if self.used[k] + min(end, hi) - max(t, lo) > self.frame.budgets[k]:
                return False
            k += 1
        return True

    def _place(self, run: _Run, t: int) -> None:
        loop, end = self.frame.loop_ms, t + run.duration
        k = t // loop
        while k * loop < end:
            self.used[k] += min(end, (k + 1) * loop) - max(t, k * loop)
            k += 1
        run.idx += 1
        run.gen += 1
        if run.idx < run.n:
            release, deadline = run.bounds(run.idx)
            run.deadline = min(deadline, t + run.gap)
            run.release = min(release, run.deadline)
            self._enqueue(run)

    def _valid_due(self) -> tuple[int, int, int] | None:
        while self.due and self.due[0][2] != self.runs[self.due[0][1]].gen:
            heapq.heappop(self.due)
        return self.due[0] if self.due else None

    def _endangered(self, resume: int) -> bool:
        """Would the plays due soonest miss their deadlines if ads could only resume at `resume`?"""
        top = self._valid_due()
        if top is None or top[0] > resume + 8 * self.max_ad:
            return False  # the loop below would stop at its first entry: nothing is due that soon
        clock, endangered = resume, False
        popped: list[tuple[int, int, int]] = []
        while self.due and len(popped) < 8:
            entry = heapq.heappop(self.due)
            run = self.runs[entry[1]]
            if entry[2] != run.gen:
                continue
            popped.append(entry)
            if entry[0] < clock:
                endangered = True
                break
            if entry[0] > clock + 8 * self.max_ad:
                break
            clock += run.duration
        for entry in popped:
            heapq.heappush(self.due, entry)
        return endangered

    def _fail(self, run: _Run, t: int) -> None:
        f, b = self.frame, run.booking
        k = min(f.window_of(min(run.deadline, f.length_ms - 1)), len(self.used) - 1)
        lo, hi = f.window_bounds(k)
        play: dict[str, Any] = {"screen": self.screen_id, "day": f.day, "booking": b.id, "advertiser": b.advertiser,
                "play": run.idx + 1, "n": run.n, "since": f"{f.at(run.release):%H:%M:%S}",
                "until": f"{f.at(run.deadline):%H:%M:%S}"}  # fmt: skip
        if self.used[k] + run.duration > f.budgets[k]:
            full = problem("plan.window_full", "screen {screen} on {day}: booking {booking} ({advertiser}) cannot get "
                           "play {play} of {n} between {since} and {until}: the ad airtime of the loop window "
                           "{start}-{end} is used up ({used:g} of {budget:g} s)", start=f"{f.at(lo):%H:%M:%S}",
                           end=f"{f.at(hi):%H:%M:%S}", used=self.used[k] / 1000, budget=f.budgets[k] / 1000,
                           **play)  # fmt: skip
            raise Unschedulable(full, b.id)
        crowded = problem("plan.crowded", "screen {screen} on {day}: booking {booking} ({advertiser}) cannot get play "
                          "{play} of {n} between {since} and {until}: other ads due at the same time, or a PSA item "
                          "too long to wait for, fill that time", **play)  # fmt: skip
        raise Unschedulable(crowded, b.id)
