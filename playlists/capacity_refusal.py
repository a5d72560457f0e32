"""What a refused booking can change to be accepted, in the operator's words: fewer plays (the most that fit),
another band (bands of the same length that take it), other days (the dates that fail, as date ranges) and,
through `ensure_bookable`, another screen. The compiler's own account of the play it could not place stays out
of the refusal: it goes to the log and to `videotron plan --explain`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from playlists.capacity_fit import compiles, suggestion
from playlists.compiler import active_bookings, unschedulable
from playlists.inputs import BookingSpec, ScheduleInputs
from playlists.timeline import DayFrame, day_frame
from videotron.core.errors import Problem, problem
from videotron.core.timeofday import MINUTES_PER_DAY, format_minutes, parse_span

log = logging.getLogger(__name__)

MAX_RANGES = 8  # date ranges named in a refusal; the rest are counted
MAX_BANDS = 3  # other bands offered


def date_ranges(days: Sequence[date]) -> list[str]:
    """Dates as ISO ranges ("2026-12-01..2026-12-05", "2026-12-08"), at most MAX_RANGES, then "+N"."""
    spans: list[list[date]] = []
    for d in sorted(set(days)):
        if spans and d - spans[-1][1] == timedelta(days=1):
            spans[-1][1] = d
        else:
            spans.append([d, d])
    text = [f"{a.isoformat()}..{b.isoformat()}" if a != b else a.isoformat() for a, b in spans]
    return text[:MAX_RANGES] + ([f"+{len(text) - MAX_RANGES}"] if len(text) > MAX_RANGES else [])


def refusal(base: ScheduleInputs, booking: BookingSpec, bad: Sequence[date], kinds: Sequence[date],
            groups: Mapping[date, Sequence[date]]) -> list[Problem]:  # fmt: skip
    """Screen, day and band, capacity, what is booked already, what this booking needs and the most it can have;
    the dates that fail when others fit; other bands that would take it. `bad`: the kinds of day that fail,
    `kinds`: one day of every kind the booking runs on, `groups`: each kind's dates."""
    day = bad[0]
    frame = day_frame(base.screen, day)
    ws, we = frame.band_window(booking.band, "band")
    others = [b for b in active_bookings(base, day, count_unapproved=True) if b.id != booking.id]
    duration = base.media[booking.media].duration_ms if booking.media in base.media else 0
    order = [*bad, *(d for d in kinds if d not in bad)]
    facts: dict[str, Any] = {
        "booking": booking.id, "screen": base.screen.id, "day": day, "capacity": band_capacity(frame, ws, we) / 1000,
        "share": float((1 - Decimal(str(base.screen.psa_share))) * 100), "loop": base.screen.loop_seconds,
        "booked": sum(booking_load(base, frame, b, ws, we) for b in others) / 1000, "others": len(others),
        "plays": booking.plays_per_day, "duration": duration / 1000, "needed": booking.plays_per_day * duration / 1000,
        "fit": suggestion(base, booking, order),
    }  # fmt: skip
    if booking.band:
        out = [problem("capacity.band_full", "booking {booking} does not fit on screen {screen} on {day}, band {band}: "
                       "capacity {capacity:g} s of ads ({share:g}% of each {loop} s loop), already booked {booked:g} s "
                       "by {others} booking(s), this booking needs {plays} x {duration:g} s = {needed:g} s; the "
                       "largest plays_per_day that fits is {fit}", band=booking.band, **facts)]  # fmt: skip
    else:
        out = [problem("capacity.day_full", "booking {booking} does not fit on screen {screen} on {day}, operating "
                       "hours {hours}: capacity {capacity:g} s of ads ({share:g}% of each {loop} s loop), already "
                       "booked {booked:g} s by {others} booking(s), this booking needs {plays} x {duration:g} s = "
                       "{needed:g} s; the largest plays_per_day that fits is {fit}", hours=frame.hours_text(),
                       **facts)]  # fmt: skip

    def dates(of: Sequence[date]) -> list[date]:
        return [d for k in of for d in groups.get(k, [k]) if booking.start_date <= d <= booking.end_date]

    failing = dates(bad)
    if len(failing) < len(dates(kinds)):
        out.append(problem("capacity.failing_days", "it fits on its other dates; the dates it does not fit: "
                           "{days:list}", days=date_ranges(failing)))  # fmt: skip
    bands = other_bands(base, booking, order)
    if bands:
        out.append(problem("capacity.other_bands", "bands of the same length that take {plays} plays a day: "
                           "{bands:list}", field="band", plays=booking.plays_per_day, bands=bands))  # fmt: skip
    cause = unschedulable(replace(base, bookings=(*base.bookings, booking)), day, count_unapproved=True,
                          placeholder_ms=15_000)  # fmt: skip
    if cause is not None:
        log.info("capacity: %s", "; ".join(p.english() for p in cause.problems))
    return out


def other_bands(base: ScheduleInputs, booking: BookingSpec, days: Sequence[date]) -> list[str]:
    """Bands of the booking's length, moved by whole hours inside the operating hours, nearest first, in which the
    booking fits as asked on every kind of day (at most MAX_BANDS)."""
    if not booking.band:
        return []
    start, end = parse_span(booking.band, "band")
    frame = day_frame(base.screen, days[0])
    found: list[str] = []
    for shift in sorted(range(-23, 24), key=lambda h: (abs(h), h)):
        lo, hi = start + 60 * shift, end + 60 * shift
        if shift == 0 or lo < 0 or hi > MINUTES_PER_DAY or not _inside(frame, lo, hi):
            continue
        band = f"{format_minutes(lo)}-{format_minutes(hi)}"
        trial = replace(base, bookings=(*base.bookings, replace(booking, band=band)))
        if all(compiles(trial, d) for d in days):
            found.append(band)
            if len(found) == MAX_BANDS:
                break
    return found


def _inside(frame: DayFrame, lo: int, hi: int) -> bool:
    ws, we = frame.band_window(f"{format_minutes(lo)}-{format_minutes(hi)}", "band")
    return we - ws == (hi - lo) * 60_000


def band_capacity(frame: DayFrame, ws: int, we: int) -> int:
    """Ad milliseconds the loop windows allow inside [ws, we) (windows cut by the band count pro rata)."""
    total = 0
    for k, budget in enumerate(frame.budgets):
        lo, hi = frame.window_bounds(k)
        overlap = min(hi, we) - max(lo, ws)
        if overlap > 0:
            total += budget * overlap // (hi - lo)
    return total


def booking_load(inputs: ScheduleInputs, frame: DayFrame, b: BookingSpec, ws: int, we: int) -> int:
    """Ad milliseconds a booking spends inside [ws, we), its plays spread evenly over its own window."""
    bs, be = frame.band_window(b.band, "band")
    overlap = min(be, we) - max(bs, ws)
    media = inputs.media.get(b.media)
    if overlap <= 0 or media is None or be <= bs:
        return 0
    return b.plays_per_day * media.duration_ms * overlap // (be - bs)
