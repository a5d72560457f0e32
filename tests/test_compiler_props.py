"""Property tests: generated screens, playlists and bookings; whatever the booking desk accepts compiles to a plan
that keeps every rule (checked by the independent `check_plan`), and light loads are always accepted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playlists.capacity import check_screen
from playlists.compiler import Unschedulable, compile_plan
from playlists.inputs import BookingSpec, DaypartSpec, MediaInfo, PlaylistSpec, ScheduleInputs, ScreenSettings
from playlists.rules import check_plan
from playlists.timeline import day_frame
from videotron.core.errors import CapacityError

HOURS = {"06:00-22:00": ["18:00-21:00", "06:00-09:00", "12:00-12:30", "21:00-22:00"],
         "00:00-24:00": ["00:00-06:00", "18:00-24:00", "11:15-11:45"],
         "07:30-21:15": ["07:30-08:00", "17:00-21:15"],
         "18:00-02:00": ["18:00-20:00", "00:00-02:00"]}  # fmt: skip
AD_MS = [10_000, 15_000, 15_040, 20_000, 30_000]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw: st.DrawFn, psa_max_ms: int = 60_000, max_plays: int = 150) -> tuple[ScheduleInputs, date]:
    day = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    hours = draw(st.sampled_from(sorted(HOURS)))
    screen = ScreenSettings(
        "s1", draw(st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])), hours,
        draw(st.sampled_from([60, 120, 300, 420, 600])), Decimal(draw(st.sampled_from(["0", "0.3", "0.4", "0.6"]))),
    )  # fmt: skip
    psa = draw(st.lists(st.integers(10, psa_max_ms // 1000).map(lambda s: s * 1000), min_size=1, max_size=4))
    media = {f"psa{n}": MediaInfo(f"psa{n}", draw(st.sampled_from(["psa", "filler"])), ms) for n, ms in enumerate(psa)}
    bookings = []
    for n in range(draw(st.integers(0, 8))):
        media[f"ad{n}"] = MediaInfo(f"ad{n}", "ad", draw(st.sampled_from(AD_MS)))
        start = day - timedelta(days=draw(st.integers(0, 6)))
        bookings.append(BookingSpec(
            f"bk{n}", f"adv{draw(st.integers(0, 3))}", f"ad{n}", draw(st.integers(1, max_plays)), start,
            start + timedelta(days=draw(st.integers(0, 12))), ("s1",), draw(st.sampled_from([None, *HOURS[hours]])),
        ))  # fmt: skip
    dayparts = [DaypartSpec("base", "main", "mon-sun", "00:00", "24:00")]
    if draw(st.booleans()):  # a second, overlapping daypart on some weekdays
        media["news"] = MediaInfo("news", "psa", draw(st.sampled_from([10_000, 30_000])))
        dayparts.append(DaypartSpec("news", "news", draw(st.sampled_from(["mon-fri", "sat,sun", "fri"])),
                                    "11:00", "14:00", priority=draw(st.integers(-1, 1))))  # fmt: skip
    playlists = {"main": PlaylistSpec("main", tuple(m for m in media if m.startswith("psa"))),
                 "news": PlaylistSpec("news", ("news",))}  # fmt: skip
    return ScheduleInputs(screen, media, playlists, tuple(dayparts), tuple(bookings)), day


@SETTINGS
@given(scenarios())
def test_compiler_refuses_or_keeps_every_rule(case: tuple[ScheduleInputs, date]) -> None:
    inputs, day = case
    try:
        plan = compile_plan(inputs, day)
    except Unschedulable:
        return
    assert check_plan(plan, inputs, day) == []
    assert compile_plan(inputs, day).to_json() == plan.to_json()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_whatever_the_booking_desk_accepts_compiles_to_a_valid_plan(case: tuple[ScheduleInputs, date]) -> None:
    inputs, day = case
    accepted = replace(inputs, bookings=())
    for b in inputs.bookings:
        trial = replace(accepted, bookings=(*accepted.bookings, b))
        try:
            check_screen(trial, [b.id])
        except CapacityError as exc:
            text = str(exc)
            assert f"booking {b.id} does not fit on screen s1" in text
            assert "capacity" in text and "already booked" in text and "largest plays_per_day that fits is" in text
            fit = int(text.split("largest plays_per_day that fits is ")[1].split()[0])
            assert 0 <= fit < b.plays_per_day
            if fit:
                check_screen(replace(accepted, bookings=(*accepted.bookings, replace(b, plays_per_day=fit))), [b.id])
            continue
        accepted = trial
    plan = compile_plan(accepted, day)
    assert check_plan(plan, accepted, day) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(psa_max_ms=20_000, max_plays=40))
def test_light_loads_are_always_accepted(case: tuple[ScheduleInputs, date]) -> None:
    """Bookings using at most a third of the ad airtime of their window, with PSA items of 20 s at most, no
    advertiser needing more than a quarter of the time and every spot fitting in one loop window's ad airtime,
    always compile. (A spot longer than that — found by hypothesis: 30 s on a 60 s loop at 60 % PSA, 24 s of ads a
    loop — can only air across two loop windows, where it must line up with the PSA items: not a light load.)"""
    inputs, day = case
    frame = day_frame(inputs.screen, day)
    if inputs.screen.psa_share > Decimal("0.6") or frame.length_ms < 3_600_000:
        return
    kept: list[BookingSpec] = []
    load: dict[tuple[int, int], int] = {}
    per_adv: dict[str, int] = {}
    for b in inputs.bookings:
        ws, we = frame.band_window(b.band, "band")
        ms = b.plays_per_day * inputs.media[b.media].duration_ms
        budget = (we - ws) * (1 - inputs.screen.psa_share)
        if any(not b2.active_on("s1", day) for b2 in [b]) or we - ws < 1_800_000:
            continue
        if inputs.media[b.media].duration_ms > inputs.screen.loop_seconds * 1000 * (1 - inputs.screen.psa_share):
            continue
        if load.get((ws, we), 0) + ms > budget / 3 or per_adv.get(b.advertiser, 0) + ms > (we - ws) / 4:
            continue
        load[(ws, we)] = load.get((ws, we), 0) + ms
        per_adv[b.advertiser] = per_adv.get(b.advertiser, 0) + ms
        kept.append(b)
    light = replace(inputs, bookings=tuple(kept))
    plan = compile_plan(light, day)
    assert check_plan(plan, light, day) == []


def test_largest_fit_is_checked_on_every_kind_of_day() -> None:
    """Found by hypothesis: a smaller figure that fits on the failing day may not fit on another day the booking
    runs on (the compiler is not strictly monotone in plays); the suggestion must fit on all of them."""
    media = {"psa0": MediaInfo("psa0", "psa", 51_000), "psa1": MediaInfo("psa1", "psa", 40_000),
             "ad0": MediaInfo("ad0", "ad", 10_000), "ad1": MediaInfo("ad1", "ad", 15_000),
             "ad2": MediaInfo("ad2", "ad", 15_000)}  # fmt: skip
    d1, d2 = date(2026, 1, 1), date(2026, 1, 2)
    bookings = (BookingSpec("bk0", "adv0", "ad0", 65, d1, d2, ("s1",), "18:00-20:00"),
                BookingSpec("bk1", "adv0", "ad1", 1, d1, d1, ("s1",), None),
                BookingSpec("bk2", "adv0", "ad2", 15, d1, d2, ("s1",), "18:00-20:00"))  # fmt: skip
    inputs = ScheduleInputs(ScreenSettings("s1", "Asia/Jakarta", "18:00-02:00", 60, Decimal("0")), media,
                            {"main": PlaylistSpec("main", ("psa0", "psa1"))},
                            (DaypartSpec("base", "main", "mon-sun", "00:00", "24:00"),), bookings)  # fmt: skip
    try:
        check_screen(inputs, ["bk2"])
    except CapacityError as exc:
        fit = int(str(exc).split("largest plays_per_day that fits is ")[1].split()[0])
        if fit:
            check_screen(replace(inputs, bookings=(*bookings[:2], replace(bookings[2], plays_per_day=fit))), ["bk2"])
