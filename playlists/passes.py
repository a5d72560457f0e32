"""Many days of one screen at once, for the capacity check: what each day's pass decides by (`pass_keys`), and
whether each day compiles (`unschedulable_days`), with what does not change from day to day prepared once.

`compiler.unschedulable` builds a day's filler sources, daypart segments (APScheduler triggers) and the sorted list
of active bookings from scratch: for one day that is right, for the 281 kinds of day of a year-long booking among
1,000 it was a third of the time. `Prepared` builds the sources and the day-independent booking tests once, the
segments once per weekday and day shape; each day's pass is then the compiler's own (`compiler._runs`, `_Day`), so
its answer is the compiler's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from playlists.compiler import Unschedulable, _Day, _runs, filler_sources
from playlists.inputs import BookingSpec, MediaInfo, ScheduleInputs
from playlists.timeline import HOUSE, DayFrame, day_frame, daypart_segments


class Prepared:
    """What a screen's passes share from day to day."""

    def __init__(self, inputs: ScheduleInputs, count_unapproved: bool, placeholder_ms: int | None) -> None:
        self.inputs, self.count_unapproved = inputs, count_unapproved
        self.sources = filler_sources(inputs, placeholder_ms)
        self.source_key = tuple((k, tuple(v)) for k, v in self.sources.items())
        self.usable = set(self.sources) - {HOUSE}
        sid = inputs.screen.id
        # compiler.active_bookings' tests that do not depend on the day, once (plays_on and cleared_on per day)
        self.ordered: list[tuple[BookingSpec, MediaInfo]] = [
            (b, m) for b in sorted(inputs.bookings, key=lambda b: b.id)
            if (m := inputs.media.get(b.media)) is not None and b.status != "cancelled" and sid in b.screens
        ]  # fmt: skip
        self.segments_by: dict[tuple[Any, ...], list[tuple[int, int, str]]] = {}
        self.windows_by: dict[tuple[Any, ...], dict[str | None, tuple[int, int]]] = {}
        self.days: dict[date, tuple[DayFrame, tuple[Any, ...], list[tuple[int, int, str]], list[BookingSpec]]] = {}

    def day(self, day: date) -> tuple[DayFrame, tuple[Any, ...], list[tuple[int, int, str]], list[BookingSpec]]:
        """The day's frame, its shape, its daypart segments and its active bookings in id order."""
        if day in self.days:
            return self.days[day]
        frame = day_frame(self.inputs.screen, day)
        shifts = frame.open_at.utcoffset() != frame.close_at.utcoffset()  # a DST change inside: this date's own
        shape = (frame.length_ms, frame.open_minute, frame.open_at.utcoffset(), day if shifts else None)
        seg_key = (*shape, day.weekday())  # dayparts recur by weekday
        if seg_key not in self.segments_by:
            self.segments_by[seg_key] = daypart_segments(frame, self.inputs.dayparts, self.usable)
        active = [b for b, m in self.ordered if b.plays_on(day) > 0
                  and (self.count_unapproved or (m.approved and b.cleared_on(day)))]  # fmt: skip
        self.days[day] = frame, shape, self.segments_by[seg_key], active  # key() then unschedulable() share it
        return self.days[day]

    def key(self, day: date) -> tuple[Any, ...]:
        frame, shape, segments, active = self.day(day)
        windows = self.windows_by.setdefault(shape, {})
        runs = []
        for b in active:
            if b.band not in windows:
                windows[b.band] = frame.band_window(b.band, "band")
            runs.append((b.advertiser, self.inputs.media[b.media].duration_ms, *windows[b.band], b.plays_on(day)))
        return frame.length_ms, frame.loop_ms, frame.budgets, tuple(segments), self.source_key, tuple(runs)

    def unschedulable(self, day: date) -> Unschedulable | None:
        frame, _shape, segments, active = self.day(day)
        try:
            _Day(frame, self.inputs.screen.id, _runs(self.inputs, frame, active), self.sources, segments).schedule()
        except Unschedulable as exc:
            return exc
        return None


def pass_keys(inputs: ScheduleInputs, days: list[date], *, count_unapproved: bool = False,
              placeholder_ms: int | None = None) -> list[tuple[Any, ...]]:  # fmt: skip
    """For each day, everything the single pass reads to decide: the frame's length, loop and budgets, the daypart
    segments and filler sources, and each active booking's advertiser, spot length, window and plays in id order.
    Days with equal keys make the same decisions (both compile or both fail); booking ids, media ids and dates only
    name what is decided."""
    prepared = Prepared(inputs, count_unapproved, placeholder_ms)
    return [prepared.key(day) for day in days]


def unschedulable_days(inputs: ScheduleInputs, days: list[date], *, count_unapproved: bool = False,
                       placeholder_ms: int | None = None) -> dict[date, Unschedulable | None]:  # fmt: skip
    """`compiler.unschedulable` for each day, sharing what does not change from day to day."""
    prepared = Prepared(inputs, count_unapproved, placeholder_ms)
    return {day: prepared.unschedulable(day) for day in days}
