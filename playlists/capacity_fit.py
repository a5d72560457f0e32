"""How many plays a booking can really get: the figure the capacity view shows and the refusal suggests.

The compiler decides what fits (plays spread evenly over the booking's window, each loop window keeping its PSA
share, no advertiser back to back, PSA items waited for), and it is not monotone in the number of plays: 98 plays
may fit where 99 do not and 118 do again. So the figure is searched, never derived from free seconds:

* `ceiling` is a necessary bound: the ad budget of the loop windows the booking's plays can touch, less the plays
  other bookings must have inside them, divided by the spot length. No figure above it can fit.
* `most_plays` bisects the fixed range [0, ceiling] and then climbs while one more play still fits, so the answer
  depends only on the screen's bookings and the booking's window and spot, never on the figure that was asked for
  (unless that figure was refused inside a hole below the answer: then the suggestion is the most below it, still
  fewer plays); every figure it returns was seen to compile on every kind of day given, and one more play was seen
  to fail on one of them (or the ceiling forbids it). Booking exactly that many is accepted; one more is refused.
* `hourly_plays` asks the same question of each clock hour for a new advertiser's spot of a given length: what
  `videotron capacity --seconds` and the desk show as "N plays of S s".
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import Any

from playlists.compiler import active_bookings, unschedulable
from playlists.inputs import BookingSpec, MediaInfo, ScheduleInputs
from playlists.passes import pass_keys
from playlists.timeline import DayFrame, day_frame
from videotron.core.timeofday import format_minutes

PLACEHOLDER_PSA_MS = 15_000
PROBE_ADVERTISER = "(new advertiser)"


_GOOD: OrderedDict[tuple[Any, ...], None] = OrderedDict()  # pass keys seen to compile, most recent last
GOOD_KEYS = 20_000  # ~1 MB of keys for a dense screen; a desk checks one screen at a time


def known_good(key: tuple[Any, ...]) -> bool:
    """Whether a pass with this key (`passes.pass_keys`) was seen to compile. The key holds everything the pass
    decides by, so the answer is exact whatever screen, booking ids or date it came from; only successes are kept,
    so a refusal is always worded from a real compilation."""
    if key in _GOOD:
        _GOOD.move_to_end(key)
        return True
    return False


def remember_good(key: tuple[Any, ...]) -> None:
    _GOOD[key] = None
    while len(_GOOD) > GOOD_KEYS:
        _GOOD.popitem(last=False)


def compiles(inputs: ScheduleInputs, day: date) -> bool:
    key = pass_keys(inputs, [day], count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS)[0]
    if known_good(key):
        return True
    ok = unschedulable(inputs, day, count_unapproved=True, placeholder_ms=PLACEHOLDER_PSA_MS) is None
    if ok:
        remember_good(key)
    return ok


def _with(base: ScheduleInputs, booking: BookingSpec, plays: int) -> ScheduleInputs:
    kept = tuple(b for b in base.bookings if b.id != booking.id)
    return replace(base, bookings=(*kept, replace(booking, plays_per_day=plays)))


def _forced_ms(frame: DayFrame, other: BookingSpec, ms: int, lo: int, hi: int) -> int:
    """Ad milliseconds another booking must air inside [lo, hi): play i starts in its i-th interval of the booking's
    window or at most half an interval earlier (the compiler's slack), so the plays whose whole reach lies inside
    count; two less, for the millisecond rounding at either edge."""
    ws, we = frame.band_window(other.band, "band")
    n = other.plays_on(frame.day)
    if we <= ws or n <= 0:
        return 0
    width = (we - ws) / n
    first = max(0, math.ceil((lo - ws) / width + 0.5))  # plays 0..n-1 only
    last = min(n - 1, math.floor((hi - ms - ws) / width - 1))
    return max(0, last - first + 1 - 2) * ms


def ceiling(base: ScheduleInputs, booking: BookingSpec, day: date) -> int:
    """Plays a day above which the booking cannot fit on `day` whatever the compiler does (see module docstring)."""
    frame = day_frame(base.screen, day)
    media = base.media.get(booking.media)
    ws, we = frame.band_window(booking.band, "band")
    if media is None or media.duration_ms <= 0 or we <= ws:
        return 0
    dur = media.duration_ms
    first, last = frame.window_of(ws), frame.window_of(min(we - 1 + dur, frame.length_ms) - 1)
    lo, hi = frame.window_bounds(first)[0], frame.window_bounds(last)[1]
    budget = sum(frame.budgets[first : last + 1])
    for other in active_bookings(base, day, count_unapproved=True):
        if other.id != booking.id and other.media in base.media:
            budget -= _forced_ms(frame, other, base.media[other.media].duration_ms, lo, hi)
    extra = booking.plays_on(day) - booking.plays_per_day  # make-good plays ride on top of the daily figure
    return max(0, min(budget // dur, we - ws) - extra)


def most_plays(base: ScheduleInputs, booking: BookingSpec, days: Sequence[date], below: int | None = None) -> int:
    """The most plays_per_day that fit on every day in `days` (one of each kind the booking runs on), one more
    failing on one of them (see the module docstring). `base` may hold the booking; its figure there is ignored.
    `below`: search only figures under it."""
    order = list(days)

    def fits(plays: int) -> bool:
        trial = _with(base, booking, plays)
        for n, day in enumerate(order):
            if not compiles(trial, day):
                order.insert(0, order.pop(n))  # the day that refused is tried first next time
                return False
        return True

    top = min((ceiling(base, booking, d) for d in days), default=0)
    return _climb(fits, top if below is None else min(top, below - 1))


def suggestion(base: ScheduleInputs, booking: BookingSpec, days: Sequence[date]) -> int:
    """The plays_per_day a refusal suggests: `most_plays`, the same whatever was asked above it; when the figure
    asked was refused in a hole below that maximum, the most that fits below the figure asked (fewer plays)."""
    most = most_plays(base, booking, days)
    return most if most < booking.plays_per_day else most_plays(base, booking, days, below=booking.plays_per_day)


def _climb(fits: Callable[[int], bool], top: int) -> int:
    lo, hi = 0, top  # lo always fits (0 plays: nothing added)
    while True:
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid - 1
        if lo >= top or not fits(lo + 1):
            return lo
        lo, hi = lo + 1, top  # the compiler is not monotone: one more fits, so search above it again


def hour_bands(frame: DayFrame) -> list[tuple[int, int, str]]:
    """The clock hours of the operating day as (start, end, "HH:MM-HH:MM") bands; the first and last may be part
    hours. Hours after midnight of a screen open across midnight keep their wall-clock band."""
    hour = 3_600_000
    first = (60 - frame.open_minute % 60) % 60 * 60_000 or hour
    cuts = [0, *range(first, frame.length_ms, hour), frame.length_ms]
    out = []
    for lo, hi in pairwise(cuts):
        start = frame.open_minute + lo // 60_000
        end = frame.open_minute + hi // 60_000
        if start >= 1440:
            start, end = start - 1440, end - 1440
        if end > 1440:  # a band stops at midnight (24:00)
            end = 1440
        out.append((lo, hi, f"{format_minutes(start)}-{format_minutes(end)}"))
    return out


def probe(screen_id: str, seconds: float, day: date, band: str | None) -> tuple[BookingSpec, MediaInfo]:
    """A new advertiser's booking of one day, in `band`, of a spot `seconds` long."""
    media = MediaInfo(f"(spot {seconds:g} s)", "ad", round(seconds * 1000))
    return BookingSpec("(probe)", PROBE_ADVERTISER, media.id, 1, day, day, (screen_id,), band), media


def usual_spot_seconds(inputs: ScheduleInputs, day: date) -> float:
    """The most common ad length among the day's bookings (ties: the shorter), else 15 s."""
    lengths = Counter(inputs.media[b.media].duration_ms for b in active_bookings(inputs, day, count_unapproved=True))
    return min(lengths, key=lambda ms: (-lengths[ms], ms)) / 1000 if lengths else 15.0


def day_plays(inputs: ScheduleInputs, day: date, seconds: float) -> int:
    """How many plays of a `seconds` spot a new advertiser can book over the whole operating day of `day` (that many
    is accepted, one more is refused)."""
    spec, media = probe(inputs.screen.id, seconds, day, None)
    return most_plays(replace(inputs, media={**inputs.media, media.id: media}), spec, [day])


def hourly_plays(inputs: ScheduleInputs, day: date, seconds: float) -> list[int]:
    """For each clock hour of `hour_bands`: how many plays of a `seconds` spot a new advertiser can book in that hour
    on `day` (booking that many is accepted, one more is refused)."""
    frame = day_frame(inputs.screen, day)
    out = []
    for _lo, _hi, band in hour_bands(frame):
        spec, media = probe(inputs.screen.id, seconds, day, band)
        base = replace(inputs, media={**inputs.media, media.id: media})
        out.append(most_plays(base, spec, [day]))
    return out
