"""Capacity predicts the answer (issue #17, points 6 and 8): the plays a new booking can have in an hour are what
the booking desk then accepts (one more is refused), the suggestion is the same whatever was asked, and a refusal
says what to change (fewer plays, another band, other days, another screen) without the compiler's internals."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from playlists.capacity import check_screen, hourly_load
from playlists.capacity_fit import hour_bands, hourly_plays, probe
from playlists.compiler import compile_plan, unschedulable
from playlists.inputs import BookingSpec, MediaInfo, ScheduleInputs
from playlists.passes import pass_keys, unschedulable_days
from playlists.timeline import day_frame
from tests.schedule_data import booking, seed_screen, simple_inputs
from tests.test_capacity import desk
from tests.test_schedule_cli import run
from videotron.core.db import make_session_factory
from videotron.core.errors import CapacityError
from videotron.core.i18n import render

DAY = date(2026, 12, 1)
PSA_SETS = [(20_000, 15_000, 30_000), (60_000,), (45_000, 30_000)]


def evening(psa_ms: tuple[int, ...]) -> ScheduleInputs:
    """The issue's shape: 06:00-22:00, a 300 s loop at 30 % PSA, one advertiser already in 17:00-19:00."""
    base = simple_inputs(psa_ms=psa_ms, bookings=(booking("A", "adv-a", 40, "17:00-19:00", start=DAY, end=DAY),))
    return replace(base, media={**base.media, "ad-10": MediaInfo("ad-10", "ad", 10_000)})


def new(plays: int, band: str | None = "17:00-18:00", start: date = DAY, end: date = DAY) -> BookingSpec:
    return BookingSpec("N", "adv-new", "ad-10", plays, start, end, ("alun-alun",), band)


def refusal_of(inputs: ScheduleInputs, spec: BookingSpec) -> CapacityError | None:
    try:
        check_screen(replace(inputs, bookings=(*inputs.bookings, spec)), [spec.id])
    except CapacityError as exc:
        return exc
    return None


def test_issue_free_seconds_promise_more_than_a_booking_gets_the_plays_figure_does_not() -> None:
    # GIVEN the issue's finding: over 2,000 s free in 17-18, yet far fewer 10 s plays than that fit
    inputs = evening(PSA_SETS[1])  # 60 s PSA items, which an ad must wait for
    hours, _ = hourly_load(inputs, DAY)
    free = next(h for h in hours if h.start.hour == 17).free_ms
    assert free >= 2_000_000
    assert refusal_of(inputs, new(91)) is not None  # 910 s of the 2,220 s shown free
    # WHEN the capacity view is asked for 10 s spots
    bands = [b for _, _, b in hour_bands(day_frame(inputs.screen, DAY))]
    n = hourly_plays(inputs, DAY, 10)[bands.index("17:00-18:00")]
    # THEN booking exactly that many in that hour is accepted and one more is refused
    assert 0 < n * 10_000 < free
    assert refusal_of(inputs, new(n)) is None
    assert refusal_of(inputs, new(n + 1)) is not None


@pytest.mark.parametrize("psa_ms", PSA_SETS)
def test_the_plays_figure_is_what_the_desk_accepts_in_every_hour(psa_ms: tuple[int, ...]) -> None:
    inputs = evening(psa_ms)
    frame = day_frame(inputs.screen, DAY)
    figures = hourly_plays(inputs, DAY, 10)
    for (_, _, band), n in zip(hour_bands(frame), figures, strict=True):
        if band[:2] not in ("06", "12", "17", "18", "21"):
            continue
        spec, media = probe("alun-alun", 10, DAY, band)
        base = replace(inputs, media={**inputs.media, media.id: media})
        assert refusal_of(base, replace(spec, plays_per_day=n)) is None, (band, n)
        assert refusal_of(base, replace(spec, plays_per_day=n + 1)) is not None, (band, n)


@pytest.mark.parametrize(("psa_ms", "asked"), [(PSA_SETS[1], (91, 100, 150, 500)), (PSA_SETS[2], (91, 100, 150, 500)),
                                               (PSA_SETS[0], (100, 119, 150, 500))])  # fmt: skip
def test_the_suggestion_is_the_same_whatever_was_asked_and_is_accepted(psa_ms: tuple[int, ...],
                                                                       asked: tuple[int, ...]) -> None:  # fmt: skip
    inputs = evening(psa_ms)
    fits = set()
    for plays in asked:
        exc = refusal_of(inputs, new(plays))
        assert exc is not None
        fits.add(exc.problems[0].params["fit"])
    assert len(fits) == 1, fits  # the issue saw 90, 81, 90
    fit = fits.pop()
    assert refusal_of(inputs, new(fit)) is None
    assert refusal_of(inputs, new(fit + 1)) is not None


def test_refusal_names_the_failing_dates_and_other_bands_not_compiler_internals() -> None:
    # Another advertiser's evening booking runs on 3-5 and 10 December only; PSA items are 60 s long.
    heavy = tuple(booking(f"H{k}", "adv-h", 40, "17:00-18:00", start=s, end=e)
                  for k, (s, e) in enumerate([(date(2026, 12, 3), date(2026, 12, 5)),
                                              (date(2026, 12, 10), date(2026, 12, 10))]))  # fmt: skip
    inputs = simple_inputs(psa_ms=(60_000,), bookings=heavy)
    inputs = replace(inputs, media={**inputs.media, "ad-10": MediaInfo("ad-10", "ad", 10_000)})
    exc = refusal_of(inputs, new(40, start=DAY, end=date(2026, 12, 31)))
    assert exc is not None
    text = str(exc)
    assert "cannot get play" not in text and "kind(s) of day" not in text and "loop window" not in text
    days = next(p for p in exc.problems if p.code == "capacity.failing_days").params["days"]
    assert days == ["2026-12-03..2026-12-05", "2026-12-10"]
    bands = next(p for p in exc.problems if p.code == "capacity.other_bands").params["bands"]
    assert bands and "17:00-18:00" not in bands
    for band in bands:  # each band offered takes the booking as asked
        assert refusal_of(inputs, new(40, band, start=DAY, end=date(2026, 12, 31))) is None
    fit = exc.problems[0].params["fit"]
    assert refusal_of(inputs, new(fit, start=DAY, end=date(2026, 12, 31))) is None
    indonesian = "\n".join(render(p, "id") for p in exc.problems)
    assert "tidak muat" in indonesian and "2026-12-03..2026-12-05" in indonesian and "jam tayang" in indonesian


def test_refusal_offers_the_office_screens_with_room(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        seed_screen(s)
        seed_screen(s, "balai-kota")
        desk(s, "BK-1", 250, media="iklan-toko-maju", advertiser="toko-maju")
    with pytest.raises(CapacityError) as info, sessions.begin() as s:
        desk(s, "BK-2", 150)
    room = next(p for p in info.value.problems if p.code == "capacity.other_screens")
    assert room.params["screens"] == ["balai-kota"] and room.field == "screens"
    assert "layar yang masih muat" in render(room, "id")
    with sessions.begin() as s:  # the screen offered takes it
        desk(s, "BK-2", 150, screens=("balai-kota",))


def test_cli_capacity_prints_plays_with_the_zone_and_the_desk_agrees(
    engine: Engine, airing_booked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with make_session_factory(engine).begin() as s:
        seed_screen(s, tz="Asia/Makassar")
    db = engine.url.render_as_string(hide_password=False)
    code, out, _ = run(capsys, "--db", db, "capacity", "alun-alun", "2026-12-01", "--seconds", "15", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["zone"] == "WITA" and data["spot_s"] == 15
    hour = next(h for h in data["hours"] if h["start"].startswith("2026-12-01T18:00"))
    n = hour["plays"]
    assert 0 < n * 15 < hour["free_s"]
    code, out, _ = run(capsys, "--db", db, "capacity", "alun-alun", "2026-12-01")
    assert code == 0 and "hours in WITA" in out and f"{n} plays of 15 s" in out  # the screen's ad is 15 s long
    add = ("booking", "add", "--advertiser", "toko-maju", "--media", "iklan-toko-maju", "--screens", "alun-alun",
           "--category", "commercial", "--start", "2026-12-01", "--end", "2026-12-01",
           "--band", "18:00-19:00")  # fmt: skip
    code, _, err = run(capsys, "--db", db, *add, "--id", "BK-more", "--plays-per-day", str(n + 1))
    assert code == 2 and f"the largest plays_per_day that fits is {n}" in err
    assert run(capsys, "--db", db, *add, "--id", "BK-fit", "--plays-per-day", str(n))[0] == 0
    code, _, err = run(capsys, "--db", db, "capacity", "alun-alun", "2026-12-01", "--seconds", "nol")
    assert code == 2 and "--seconds" in err


def test_days_with_equal_pass_keys_make_the_same_decisions() -> None:
    """The capacity check compiles one day per pass key (and remembers keys that compiled): two days with equal
    keys must lay out the same sequence, whatever their dates and booking ids."""
    bookings = (booking("A", "adv-a", 40, "17:00-19:00", start=date(2026, 12, 1), end=date(2026, 12, 10)),
                booking("B", "adv-b", 60, None, start=date(2026, 12, 5), end=date(2026, 12, 20)),
                booking("C", "adv-a", 40, "17:00-19:00", media="ad-A", start=date(2026, 12, 11),
                        end=date(2026, 12, 31)))  # fmt: skip
    inputs = simple_inputs(bookings=bookings)
    days = [date(2026, 12, d) for d in range(1, 32)]
    keys = pass_keys(inputs, days, count_unapproved=True, placeholder_ms=15_000)
    assert keys[0] == keys[1] and keys[9] != keys[10]  # C takes A's place on the 11th: same params, another id
    assert keys[9] == keys[10] or keys[3] != keys[4]

    def shape(day: date) -> list[tuple[Any, ...]]:
        plan = compile_plan(inputs, day)
        return [(i.start - plan.open_at, i.end - plan.open_at, i.kind, i.advertiser) for i in plan.items]

    pairs = [(a, b) for a, ka in zip(days, keys, strict=True) for b, kb in zip(days, keys, strict=True)
             if a < b and ka == kb]  # fmt: skip
    assert len(pairs) > 20
    for a, b in pairs[:: max(1, len(pairs) // 12)]:
        assert shape(a) == shape(b), (a, b)
    assert shape(date(2026, 12, 1)) != shape(date(2026, 12, 5))


def test_unschedulable_days_answers_as_the_compiler_does() -> None:
    """The capacity check compiles many days with what they share prepared once: the same answer, the same words."""
    bookings = (booking("A", "adv-a", 120, "17:00-19:00", start=date(2026, 12, 1), end=date(2026, 12, 10)),
                booking("B", "adv-a", 100, "17:00-18:00", start=date(2026, 12, 5), end=date(2026, 12, 20)),
                booking("C", "adv-c", 300, None, start=date(2026, 12, 8), end=date(2026, 12, 31)))  # fmt: skip
    inputs = simple_inputs(psa_ms=(60_000, 20_000), bookings=bookings)
    days = [date(2026, 12, d) for d in range(1, 32)]
    many = unschedulable_days(inputs, days, count_unapproved=True, placeholder_ms=15_000)
    one = {d: unschedulable(inputs, d, count_unapproved=True, placeholder_ms=15_000) for d in days}
    assert {d: e and str(e) for d, e in many.items()} == {d: e and str(e) for d, e in one.items()}
    assert any(e is None for e in one.values()) and any(e is not None for e in one.values())
