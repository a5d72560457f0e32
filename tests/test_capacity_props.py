"""Property tests of the capacity figure on the compiler's generated scenarios: nothing above the ceiling compiles,
and the figure searched for any booking fits while one more does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playlists.capacity_fit import ceiling, compiles, most_plays
from playlists.inputs import BookingSpec, ScheduleInputs
from tests.test_compiler_props import scenarios


def _last_as_new(inputs: ScheduleInputs, day: date) -> tuple[ScheduleInputs, BookingSpec]:
    """The scenario's last booking, moved onto `day`, as the one being sold."""
    *others, new = inputs.bookings
    return replace(inputs, bookings=tuple(others)), replace(new, start_date=day, end_date=day)


def _with(base: ScheduleInputs, new: BookingSpec, plays: int) -> ScheduleInputs:
    return replace(base, bookings=(*base.bookings, replace(new, plays_per_day=plays)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(1, 3))
def test_nothing_above_the_ceiling_compiles(case: tuple[ScheduleInputs, date], above: int) -> None:
    inputs, day = case
    if not inputs.bookings:
        return
    base, new = _last_as_new(inputs, day)
    top = ceiling(base, new, day)
    assert not compiles(_with(base, new, top + above), day), (top, above)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_figure_fits_and_one_more_does_not(case: tuple[ScheduleInputs, date]) -> None:
    inputs, day = case
    if not inputs.bookings:
        return
    base, new = _last_as_new(inputs, day)
    n = most_plays(base, new, [day])
    assert n == 0 or compiles(_with(base, new, n), day)
    assert not compiles(_with(base, new, n + 1), day)
