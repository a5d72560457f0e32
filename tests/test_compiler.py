"""Plan compiler edge cases, each checked against every rule by the independent `check_plan`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from playlists.compiler import Unschedulable, compile_plan
from playlists.inputs import DaypartSpec, MediaInfo, PlaylistSpec
from playlists.rules import check_plan
from tests.schedule_data import booking, simple_inputs
from videotron.core.errors import ValidationError, VideotronError

DAY = date(2026, 12, 1)  # a Tuesday


def compiled(inputs, day=DAY):  # type: ignore[no-untyped-def]
    plan = compile_plan(inputs, day)
    assert check_plan(plan, inputs, day) == []
    return plan


def ads_of(plan, bid):  # type: ignore[no-untyped-def]
    return [i for i in plan.items if i.booking == bid]


def test_operating_hours_covered_exactly_with_issue_json_shape() -> None:
    plan = compiled(simple_inputs(bookings=(booking("BK-2026-001", "toko-maju", 40, media="iklan-toko-maju"),)))
    assert plan.items[0].start.isoformat() == "2026-12-01T06:00:00+07:00"
    assert plan.items[-1].end.isoformat() == "2026-12-01T22:00:00+07:00"
    assert all(a.end == b.start for a, b in pairwise(plan.items))
    ad = next(i for i in plan.to_dict(with_media=False)["items"] if i["kind"] == "ad")
    assert ad == {"start": ad["start"], "end": ad["end"], "media": "iklan-toko-maju", "kind": "ad",
                  "booking": "BK-2026-001", "advertiser": "toko-maju"}  # fmt: skip
    psa = next(i for i in plan.to_dict(with_media=False)["items"] if i["kind"] == "psa")
    assert psa["booking"] is None and psa["advertiser"] is None
    assert len(ads_of(plan, "BK-2026-001")) == 40


def test_last_item_is_cut_at_closing() -> None:
    plan = compiled(simple_inputs(hours="06:00-06:01", psa_ms=(25_000,)))
    assert [i.duration_ms for i in plan.items] == [25_000, 25_000, 10_000]


def test_empty_day_cycles_the_playlist_in_order() -> None:
    plan = compiled(simple_inputs())
    assert [i.media for i in plan.items[:6]] == ["psa-0", "psa-1", "psa-2"] * 2
    assert {i.kind for i in plan.items} == {"psa"}


def test_playlist_continues_where_it_left_off_after_an_ad() -> None:
    plan = compiled(simple_inputs(bookings=(booking("b", "adv", 64),)))
    fill = [i.media for i in plan.items if i.kind != "ad"]
    assert fill[:9] == ["psa-0", "psa-1", "psa-2"] * 3


def test_one_item_playlist() -> None:
    plan = compiled(simple_inputs(psa_ms=(15_000,), bookings=(booking("a", "x", 30), booking("b", "y", 30))))
    assert {i.media for i in plan.items if i.kind == "psa"} == {"psa-0"}


def test_screen_open_24_hours() -> None:
    plan = compiled(simple_inputs(hours="00:00-24:00", bookings=(booking("b", "adv", 480),)))
    assert plan.open_at.isoformat() == "2026-12-01T00:00:00+07:00"
    assert plan.close_at.isoformat() == "2026-12-02T00:00:00+07:00"
    assert len(ads_of(plan, "b")) == 480


@pytest.mark.parametrize(("tz", "offset"), [("Asia/Jakarta", "+07:00"), ("Asia/Makassar", "+08:00"),
                                            ("Asia/Jayapura", "+09:00")])  # fmt: skip
def test_indonesian_zones(tz: str, offset: str) -> None:
    plan = compiled(simple_inputs(tz=tz, bookings=(booking("b", "adv", 10, band="18:00-21:00"),)))
    assert plan.items[0].start.isoformat() == f"2026-12-01T06:00:00{offset}"
    assert all("18:00" <= f"{i.start:%H:%M}" < "21:00" for i in ads_of(plan, "b"))


def test_dst_day_is_measured_in_real_time() -> None:
    # 2026-03-29: Berlin springs forward, so 00:00-24:00 lasts 23 hours.
    plan = compiled(simple_inputs(hours="00:00-24:00", tz="Europe/Berlin"), date(2026, 3, 29))
    assert (plan.close_at.astimezone(UTC) - plan.open_at.astimezone(UTC)).total_seconds() == 23 * 3600
    real = sum(((i.end.astimezone(UTC) - i.start.astimezone(UTC)) // timedelta(milliseconds=1)) for i in plan.items)
    assert real == 23 * 3600 * 1000
    assert any(i.start.hour == 3 for i in plan.items) and not any(i.start.hour == 2 for i in plan.items)


def test_hours_crossing_midnight_and_a_band_after_midnight() -> None:
    inputs = simple_inputs(hours="18:00-02:00", bookings=(booking("late", "adv", 8, band="00:00-02:00"),))
    plan = compiled(inputs)
    assert plan.close_at.isoformat() == "2026-12-02T02:00:00+07:00"
    assert all(i.start.date() == date(2026, 12, 2) and i.start.hour < 2 for i in ads_of(plan, "late"))


def test_band_crossing_midnight_is_refused() -> None:
    with pytest.raises(ValidationError, match="crosses midnight"):
        compile_plan(simple_inputs(bookings=(booking("b", "adv", 4, band="22:00-02:00"),)), DAY)


def test_band_outside_operating_hours_cannot_be_honoured() -> None:
    with pytest.raises(Unschedulable, match="outside the operating hours"):
        compile_plan(simple_inputs(bookings=(booking("b", "adv", 4, band="03:00-05:00"),)), DAY)


def test_booking_starting_mid_month() -> None:
    inputs = simple_inputs(bookings=(booking("mid", "adv", 12, start=date(2026, 12, 15), end=date(2027, 1, 14)),))
    assert ads_of(compiled(inputs, date(2026, 12, 14)), "mid") == []
    assert len(ads_of(compiled(inputs, date(2026, 12, 15)), "mid")) == 12
    assert len(ads_of(compiled(inputs, date(2027, 1, 14)), "mid")) == 12
    assert ads_of(compiled(inputs, date(2027, 1, 15)), "mid") == []


def test_plays_are_spread_over_their_window() -> None:
    plan = compiled(simple_inputs(bookings=(booking("b", "adv", 16, band="08:00-12:00"),)))
    starts = [i.start for i in ads_of(plan, "b")]
    assert starts[0] - plan.items[0].start >= timedelta(hours=2)  # nothing before the band
    interval = timedelta(minutes=15)
    assert starts[0].hour == 8 and starts[0].minute < 15
    assert max(b - a for a, b in pairwise(starts)) <= interval * 1.5


def test_same_advertiser_never_back_to_back() -> None:
    inputs = simple_inputs(psa_ms=(10_000,), bookings=tuple(booking(f"b{n}", "one-advertiser", 120) for n in range(4)))
    plan = compiled(inputs)
    pairs = pairwise(plan.items)
    assert not any(a.kind == b.kind == "ad" for a, b in pairs)


def test_psa_share_per_loop_window_from_opening() -> None:
    inputs = simple_inputs(hours="06:07-22:00", bookings=tuple(booking(f"b{n}", f"a{n}", 300) for n in range(7)))
    plan = compiled(inputs)  # check_plan measures every window counted from 06:07
    assert plan.items[0].start.minute == 7


def test_too_many_plays_are_refused_by_the_compiler() -> None:
    with pytest.raises(Unschedulable, match=r"booking b .*cannot get play"):
        compile_plan(simple_inputs(bookings=(booking("b", "adv", 200, band="08:00-09:00"),)), DAY)


def test_unapproved_media_does_not_air() -> None:
    inputs = simple_inputs(bookings=(booking("b", "adv", 10),))
    inputs = replace(inputs, media={**inputs.media, "ad-b": MediaInfo("ad-b", "ad", 15_000, approved=False),
                                    "psa-1": MediaInfo("psa-1", "psa", 15_000, approved=False)})  # fmt: skip
    plan = compiled(inputs)
    assert {i.media for i in plan.items} == {"psa-0", "psa-2"}


def test_overlapping_dayparts_highest_priority_wins_and_weekdays_follow_cron() -> None:
    base = simple_inputs()
    media = {**base.media, "news": MediaInfo("news", "psa", 60_000), "weekend": MediaInfo("weekend", "filler", 30_000)}
    inputs = replace(
        base, media=media,
        playlists={**base.playlists, "noon": PlaylistSpec("noon", ("news",)), "wk": PlaylistSpec("wk", ("weekend",))},
        dayparts=(*base.dayparts, DaypartSpec("noon-news", "noon", "mon-fri", "11:00", "13:00", priority=5),
                  DaypartSpec("weekend", "wk", "sat,sun", "10:00", "12:00", priority=9)),
    )  # fmt: skip
    tuesday = compiled(inputs, DAY)
    noon = [i.media for i in tuesday.items if "11:00" <= f"{i.start:%H:%M}" < "13:00"]
    assert set(noon) == {"news"} and len(noon) == 120
    assert "weekend" not in {i.media for i in tuesday.items}
    saturday = compiled(inputs, date(2026, 12, 5))
    morning = {i.media for i in saturday.items if "10:00" <= f"{i.start:%H:%M}" < "12:00"}
    assert morning == {"weekend"} and "news" not in {i.media for i in saturday.items}


def test_daypart_running_past_midnight_covers_the_next_morning() -> None:
    base = simple_inputs(hours="00:00-24:00")
    night = DaypartSpec("night", "n", "mon", "22:00", "02:00", priority=1)
    inputs = replace(base, media={**base.media, "night": MediaInfo("night", "filler", 60_000)},
                     playlists={**base.playlists, "n": PlaylistSpec("n", ("night",))},
                     dayparts=(*base.dayparts, night))  # fmt: skip
    plan = compiled(inputs, DAY)  # Tuesday: Monday night's occurrence runs until 02:00
    assert plan.items[0].media == "night" and plan.items[119].media == "night" and plan.items[120].media == "psa-0"


def test_uncovered_time_uses_standby_then_any_psa_and_nothing_to_show_is_an_error() -> None:
    base = simple_inputs()
    morning_only = replace(base, dayparts=(DaypartSpec("pagi", "info", "mon-sun", "06:00", "12:00"),))
    plan = compiled(replace(morning_only, screen=replace(base.screen, standby_media="psa-2")))
    assert {i.media for i in plan.items if i.start.hour >= 12} == {"psa-2"}
    plan = compiled(morning_only)
    assert [i.media for i in plan.items if i.start.hour >= 12][:3] == ["psa-0", "psa-1", "psa-2"]
    nothing = replace(base, media={}, playlists={}, dayparts=())
    with pytest.raises(VideotronError, match="nothing to show"):
        compile_plan(nothing, DAY)


def test_deterministic_byte_for_byte_whatever_the_input_order() -> None:
    bookings = tuple(booking(f"b{n}", f"a{n % 3}", 20 + n * 7, band="17:00-21:00" if n % 2 else None)
                     for n in range(8))  # fmt: skip
    one = compile_plan(simple_inputs(bookings=bookings), DAY).to_json()
    two = compile_plan(simple_inputs(bookings=tuple(reversed(bookings))), DAY).to_json()
    assert one == two


def test_bad_settings_name_the_field() -> None:
    with pytest.raises(ValidationError, match="hours"):
        compile_plan(simple_inputs(hours="6-22"), DAY)
    with pytest.raises(ValidationError, match="day_of_week"):
        base = simple_inputs()
        compile_plan(replace(base, dayparts=(DaypartSpec("x", "info", "everyday"),)), DAY)
    with pytest.raises(ValidationError, match="time zone"):
        compile_plan(simple_inputs(tz="Asia/Bandung"), DAY)
    with pytest.raises(ValidationError, match="psa_share"):
        base = simple_inputs()
        compile_plan(replace(base, screen=replace(base.screen, psa_share=Decimal("1.5"))), DAY)
