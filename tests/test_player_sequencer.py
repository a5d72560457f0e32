"""The clock-driven sequencer, driven by a fixed clock and the fake backend (no Qt, no libVLC)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from player.fake_backend import FakeBackend
from player.sequencer import PlayRecord, Sequencer
from playlists.plan import Plan, PlanItem, PlanMedia
from videotron.core.clock import FixedClock

TZ = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 3, 8, 0, 0, tzinfo=TZ)


def media(mid: str, kind: str = "ad", image: bool = False) -> PlanMedia:
    return PlanMedia(mid, f"/m/{mid}", "ab" * 32, kind, image, 10_000)


def make_plan(ids: list[str], seconds: int = 10, standby: str | None = None, extra: list[PlanMedia] = ()) -> Plan:
    items = [PlanItem(T0 + timedelta(seconds=seconds * n), T0 + timedelta(seconds=seconds * (n + 1)), m, "ad",
                      booking=f"B-{m}") for n, m in enumerate(ids)]  # fmt: skip
    all_media = {m: media(m, image=m.startswith("img")) for m in ids} | {m.id: m for m in extra}
    return Plan("S1", T0.date(), "Asia/Jakarta", items, all_media, open_at=T0 - timedelta(hours=1),
                close_at=T0 + timedelta(hours=1), standby_media=standby)  # fmt: skip


class Rig:
    def __init__(self, plan: Plan, start: datetime, **backend: object) -> None:
        self.clock = FixedClock(start)
        self.mono = 1000.0
        self.backend = FakeBackend(**backend)  # type: ignore[arg-type]
        self.records: list[PlayRecord] = []  # each attempt's final record
        self.went_on_air: list[PlayRecord] = []  # the records committed as items went on air (completed later)
        self.seq = Sequencer(plan, self.backend, self.clock, self.sink, monotonic=lambda: self.mono)

    def sink(self, records: list[PlayRecord]) -> None:
        for record in records:
            (self.went_on_air if record.outcome == "on_air" else self.records).append(record)

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds)
        self.mono += seconds

    def run_until(self, end: datetime) -> None:
        """Tick like the Qt driver would: sleep what tick() says, moving both clocks."""
        while self.clock.now() < end:
            wait = max(self.seq.tick(), 0.001)
            self.advance(wait)


def test_items_are_taken_at_their_planned_start_without_drift() -> None:
    # GIVEN 200 items of 10 s, WHEN the sequencer runs the whole loop
    ids = [f"m{n % 3}" for n in range(200)]
    rig = Rig(make_plan(ids), T0 - timedelta(seconds=5))
    takes: list[tuple[str, datetime]] = []
    real_take = rig.backend.take
    rig.backend.take = lambda cue_id: (
        real_take(cue_id),
        takes.append((rig.backend.cues[cue_id].media.id, rig.clock.now())),
    )[0]  # type: ignore
    rig.run_until(T0 + timedelta(seconds=2001))
    # THEN every item went on air at its planned start (the clock, not the previous item, decides)
    assert [m for m, _ in takes] == ids
    errors = [(at - (T0 + timedelta(seconds=10 * n))).total_seconds() for n, (_, at) in enumerate(takes)]
    assert max(abs(e) for e in errors) < 0.002
    assert [r.outcome for r in rig.records] == ["played"] * 200  # the last one closed by the standby after it
    assert rig.records[0].booking == "B-m0" and rig.records[0].started_at == T0


def test_next_item_is_cued_ahead_and_previous_dropped_after_the_take() -> None:
    rig = Rig(make_plan(["a", "b"]), T0 + timedelta(seconds=8))
    rig.seq.tick()  # joins a at 8.3 s; b not yet within the lead
    rig.advance(0.3)
    rig.seq.tick()
    assert rig.backend.on_air_media == "a"
    rig.advance(0.5)  # 8.8 s: b is 1.2 s away -> cued
    rig.seq.tick()
    assert [c.media.id for c in rig.backend.cues.values()] == ["a", "b"]
    rig.advance(1.2)
    rig.seq.tick()
    assert rig.backend.on_air_media == "b"
    assert ("drop", 1) in rig.backend.calls


def test_started_mid_item_joins_at_the_clock_offset() -> None:
    # GIVEN a restart 4.2 s into the second item
    rig = Rig(make_plan(["a", "b", "c"]), T0 + timedelta(seconds=14.2))
    rig.seq.tick()
    # THEN b is cued at the offset it will have when taken (now + join margin), and taken exactly then
    cue = rig.backend.cues[1]
    assert (cue.media.id, cue.offset_ms) == ("b", 4500)
    assert rig.backend.on_air_media is None
    rig.advance(0.3)
    rig.seq.tick()
    assert rig.backend.on_air_media == "b"
    rig.run_until(T0 + timedelta(seconds=21))
    assert [(r.media, r.outcome) for r in rig.records] == [("b", "skipped")]
    assert "joined 4.5 s after its start" in rig.records[0].reason


def test_broken_file_fails_fast_and_the_fallback_fills_the_slot() -> None:
    filler = PlanMedia("fill", "/m/fill", "cd" * 32, "filler", True, 5000)
    rig = Rig(make_plan(["a", "bad", "c"], extra=[filler]), T0 - timedelta(seconds=2), broken={"bad": "file missing"})
    rig.run_until(T0 + timedelta(seconds=10.1))
    assert rig.backend.on_air_media == "fill"
    rig.run_until(T0 + timedelta(seconds=20.1))
    assert rig.backend.on_air_media == "c"
    # (a's record is written when it leaves the screen, i.e. after bad's failure)
    assert sorted((r.planned_start, r.media, r.outcome, r.reason) for r in rig.records)[0][1:] == ("a", "played", "")
    assert [(r.media, r.outcome, r.reason) for r in rig.records] == [
        ("bad", "failed", "file missing"),
        ("a", "played", ""),
    ]


def test_cue_not_ready_in_time_fails_within_one_second_keeping_the_last_picture() -> None:
    rig = Rig(make_plan(["a", "slow"]), T0 - timedelta(seconds=2), instant=False)
    rig.advance(1)
    rig.seq.tick()
    rig.backend.ready_all()
    rig.run_until(T0 + timedelta(seconds=10.5))
    assert rig.backend.on_air_media == "a"  # slow is not ready: a's last picture stays, no black
    rig.run_until(T0 + timedelta(seconds=11))
    assert rig.records[-1].outcome == "failed" and "not ready" in rig.records[-1].reason


def test_outside_hours_shows_standby_else_black() -> None:
    plan = make_plan(["a"], standby="img-standby", extra=[media("img-standby", "psa", True)])
    rig = Rig(plan, plan.close_at + timedelta(seconds=1))  # type: ignore[operator]
    rig.seq.tick()
    assert rig.backend.on_air_media == "img-standby"
    rig2 = Rig(make_plan(["a"]), T0 - timedelta(hours=2))
    rig2.seq.tick()
    assert rig2.backend.calls == [("blank", None)]


def test_clock_jump_realigns_at_once() -> None:
    rig = Rig(make_plan(["a", "b", "c"]), T0 - timedelta(seconds=2))
    rig.run_until(T0 + timedelta(seconds=3))
    assert rig.backend.on_air_media == "a"
    rig.clock.advance(seconds=12)  # NTP step: the wall clock moves, the monotonic clock does not
    rig.seq.tick()
    rig.advance(0.3)
    rig.seq.tick()
    assert rig.backend.on_air_media == "b"
    assert rig.backend.cues[max(rig.backend.cues)].offset_ms == 5300


def test_small_clock_jump_within_an_item_seeks_the_video() -> None:
    rig = Rig(make_plan(["a", "b"]), T0 - timedelta(seconds=2))
    rig.run_until(T0 + timedelta(seconds=3))
    rig.clock.advance(seconds=2)
    rig.seq.tick()
    assert rig.backend.calls[-1][0] in ("seek", "cue") and ("seek", (1, 5000)) in [
        (n, (a[0], round(a[1], -2))) for n, a in rig.backend.calls if n == "seek"
    ]  # type: ignore[index]


def test_a_realign_without_a_clock_jump_leaves_the_video_on_air_running() -> None:
    # an alert's end or an hours change: the video ran on underneath in step with the clock; a seek would re-buffer it
    rig = Rig(make_plan(["a", "b"]), T0 - timedelta(seconds=2))
    rig.run_until(T0 + timedelta(seconds=3))
    rig.seq.realign("alert ended")
    rig.seq.tick()
    assert rig.backend.on_air_media == "a" and not any(name == "seek" for name, _ in rig.backend.calls)


def test_new_plan_keeps_the_unchanged_item_on_air() -> None:
    rig = Rig(make_plan(["a", "b"]), T0 - timedelta(seconds=1))
    rig.run_until(T0 + timedelta(seconds=2))
    takes = len(rig.backend.taken())
    rig.seq.set_plan(make_plan(["a", "c"]))
    rig.run_until(T0 + timedelta(seconds=11))
    assert rig.backend.taken()[takes:] == ["c"]


def test_stop_records_the_cut_item() -> None:
    rig = Rig(make_plan(["a"]), T0 - timedelta(seconds=1))
    rig.run_until(T0 + timedelta(seconds=4))
    rig.seq.stop()
    assert rig.records[-1].outcome == "skipped" and "cut" in rig.records[-1].reason


def test_day_boundary_date_in_records() -> None:
    rig = Rig(make_plan(["a"]), T0 - timedelta(seconds=1))
    rig.run_until(T0 + timedelta(seconds=11))
    assert rig.records[0].day == date(2025, 3, 3).isoformat()


def test_a_cue_that_misses_its_whole_slot_is_freed_and_recorded() -> None:
    rig = Rig(make_plan(["a", "late", "c"], seconds=1), T0 - timedelta(seconds=1), instant=False)
    rig.seq.tick()
    rig.backend.ready_all()
    rig.run_until(T0 + timedelta(seconds=0.6))  # a on air; late and c cued, not ready
    assert rig.backend.on_air_media == "a" and len(rig.backend.cues) == 3
    rig.backend.settle(next(i for i, c in rig.backend.cues.items() if c.media.id == "c"))
    rig.run_until(T0 + timedelta(seconds=2.5))  # late never became ready; c took over at 2 s
    assert rig.backend.on_air_media == "c"
    assert all(c.media.id != "late" for c in rig.backend.cues.values())  # freed in the backend
    late = next(r for r in rig.records if r.media == "late")
    assert late.outcome in ("failed", "skipped") and late.started_at is None


def test_a_cue_ready_after_its_air_time_wakes_the_driver_at_once() -> None:
    rig = Rig(make_plan(["a", "b"]), T0 - timedelta(seconds=2), instant=False)
    woken: list[datetime] = []
    rig.seq.wake = lambda: woken.append(rig.clock.now())
    rig.run_until(T0 + timedelta(seconds=0.1))  # a was cued 1.5 s ahead and is still not ready
    assert rig.backend.on_air_media is None and woken == []
    rig.backend.ready_all()
    assert woken == [rig.clock.now()]  # the driver ticks now instead of after its watch sleep (up to 250 ms)
    rig.seq.tick()
    assert rig.backend.on_air_media == "a"
    rig.run_until(T0 + timedelta(seconds=9))
    rig.backend.ready_all()  # b, cued ahead, became ready before its time: nothing to wake for
    assert len(woken) == 1


def test_joining_mid_item_waits_for_a_slow_first_picture_then_airs_at_the_clock_offset() -> None:
    # GIVEN a player (re)started 3 s into a 10 s item, whose first picture takes 2 s (libVLC starting cold)
    rig = Rig(make_plan(["a", "b"]), T0 + timedelta(seconds=3), instant=False)
    rig.run_until(T0 + timedelta(seconds=5))
    assert rig.backend.on_air_media is None and rig.records == []  # not failed: nobody waits for an exact moment
    # WHEN it is ready that late, THEN its held frame is stale: the item is cued again at the clock's offset
    rig.backend.ready_all()
    rig.seq.tick()
    assert rig.backend.on_air_media is None
    cues = [args for name, args in rig.backend.calls if name == "cue"]
    assert cues[-1][1] == "a" and cues[-1][2] > (rig.clock.now() - T0) // timedelta(milliseconds=1) > 5000  # type: ignore[index]
    # AND once that cue holds its frame it airs at its own moment (libVLC is warm now)
    rig.backend.ready_all()
    rig.run_until(T0 + timedelta(seconds=6))
    assert rig.backend.on_air_media == "a"
    rig.run_until(T0 + timedelta(seconds=9))
    rig.backend.ready_all()  # b, cued ahead
    rig.run_until(T0 + timedelta(seconds=11))
    assert [(r.media, r.outcome) for r in rig.records] == [("a", "skipped")] and "joined" in rig.records[0].reason


def test_a_tick_that_runs_across_an_items_start_does_not_sleep_past_it() -> None:
    # GIVEN a on air and b ready for its start at 10 s
    rig = Rig(make_plan(["a", "b"]), T0 - timedelta(seconds=2))
    rig.run_until(T0 + timedelta(seconds=9))
    rig.advance((T0 + timedelta(seconds=10) - rig.clock.now()).total_seconds() - 0.0005)
    # WHEN a tick decides 0.5 ms before b's start and takes 1 ms (a loaded PC), so it ends after that start
    work = rig.seq._cue_upcoming
    rig.seq._cue_upcoming = lambda now: (work(now), rig.advance(0.001))[0]  # type: ignore[method-assign]
    wait = rig.seq.tick()
    # THEN it asks to tick again at once (it used to sleep 250 ms: b went on air that late, issue #19)
    assert rig.backend.on_air_media == "a" and wait == 0.0
    rig.seq.tick()
    assert rig.backend.on_air_media == "b"


def test_a_join_held_further_than_cued_airs_when_the_clock_reaches_its_frame() -> None:
    # GIVEN a restart 4.2 s into b: b is cued at 4500 ms, to air at 14.5 s
    rig = Rig(make_plan(["a", "b", "c"]), T0 + timedelta(seconds=14.2), instant=False)
    rig.seq.tick()
    assert rig.backend.cues[1].offset_ms == 4500
    # WHEN libVLC holds it 30 ms further (a join runs to its first picture, then pauses)
    rig.backend.ready_all(ran_ms=30)
    rig.run_until(T0 + timedelta(seconds=14.52))
    # THEN it airs when the clock reaches the frame it holds: 14.53 s, not 14.5 s
    assert rig.backend.on_air_media is None
    rig.run_until(T0 + timedelta(seconds=14.531))
    assert rig.backend.on_air_media == "b"
    assert rig.seq.on_air is not None and rig.seq.on_air.started == T0 + timedelta(seconds=14.53)


def test_an_item_whose_file_is_not_fetched_yet_is_tried_again_and_airs_when_the_file_arrives() -> None:
    # GIVEN a's file not in the store yet (the fetch is under way), the filler ready
    rig = Rig(make_plan(["a", "b", "a"], extra=[media("fill", "filler", image=True)]), T0 - timedelta(seconds=2),
              broken={"a": "not yet fetched (/store/a.mp4)"})  # fmt: skip
    rig.run_until(T0 + timedelta(seconds=3))
    # THEN its slot shows the filler, and nothing is recorded yet (no verdict while it may still come)
    assert rig.backend.on_air_media == "fill" and rig.records == []
    # WHEN the file arrives 3 s into the item, THEN the item joins at the clock's offset, in its own slot
    del rig.backend.broken["a"]
    rig.run_until(T0 + timedelta(seconds=5))
    assert rig.backend.on_air_media == "a"
    rig.run_until(T0 + timedelta(seconds=30))
    rig.seq.stop()
    assert [(r.media, r.outcome) for r in rig.records] == [("a", "skipped"), ("b", "played"), ("a", "played")]
    assert rig.records[0].reason.startswith("joined")


def test_an_item_whose_file_never_arrives_is_logged_failed_not_yet_fetched_at_its_end() -> None:
    rig = Rig(make_plan(["a", "b"], extra=[media("fill", "filler", image=True)]), T0 - timedelta(seconds=2),
              broken={"a": "not yet fetched (/store/a.mp4)"})  # fmt: skip
    rig.run_until(T0 + timedelta(seconds=20))
    rig.seq.stop()
    assert [(r.media, r.outcome) for r in rig.records] == [("a", "failed"), ("b", "played")]
    assert rig.records[0].reason.startswith("not yet fetched") and rig.records[0].started_at is None


def test_at_each_take_the_old_items_end_and_the_new_items_start_reach_the_log_in_one_batch() -> None:
    rig = Rig(make_plan(["a", "b", "c"]), T0 - timedelta(seconds=2))
    batches: list[list[tuple[str, str]]] = []
    rig.seq.sink = lambda records: batches.append([(r.media, r.outcome) for r in records])
    rig.run_until(T0 + timedelta(seconds=25))
    assert batches[:3] == [[("a", "on_air")], [("a", "played"), ("b", "on_air")], [("b", "played"), ("c", "on_air")]]
