"""Pre-roll (issue #14, point 6): the resume latency learnt from a clip's pictures, and the sequencer starting each
ready video that much before its air time (no Qt, no libVLC: the fake backend and a fixed clock)."""

from __future__ import annotations

from datetime import datetime, timedelta

from player.preroll import DEFAULT_MS, LIMIT_MS, ResumeLatency
from tests.test_player_sequencer import T0, Rig, make_plan

PERIOD = 0.040  # 25 fps


def pictures(taken_at: float, late_ms: float, count: int = 12) -> list[float]:
    """The times pictures 1..count arrive after a take when the clip runs `late_ms` behind the plan."""
    return [taken_at + late_ms / 1000 + k * PERIOD for k in range(1, count + 1)]


def test_the_latency_is_learnt_per_media_and_for_the_pc() -> None:
    latency = ResumeLatency()
    assert latency.preroll_ms("a") == DEFAULT_MS  # nothing measured yet: a small clip's figure
    # resumed at the take (no pre-roll), the 1080p clip ran 50 ms behind
    assert round(latency.observe("big", 0, 100.0, pictures(100.0, 50))) == 50
    assert latency.preroll_ms("big") == 50
    assert latency.preroll_ms("unseen") == 50  # a media not seen yet starts from the PC's figure
    # next time it was resumed 50 ms early and ran 2 ms ahead: the latency is 48 ms, blended in
    assert round(latency.observe("big", 50, 200.0, pictures(200.0, -2))) == -2
    assert 48 <= latency.preroll_ms("big") <= 50
    # a small clip resumes faster; its own figure, the PC's moves towards it
    latency.observe("small", 15, 300.0, pictures(300.0, -3))
    assert latency.preroll_ms("small") == 12
    assert latency.preroll_ms("big") >= 48


def test_a_jittery_clip_is_read_by_its_median_and_a_stall_is_not_learnt() -> None:
    latency = ResumeLatency()
    times = pictures(10.0, 30)
    times[0] += 0.025  # the first picture after the resume came a little later still
    times[5] += 0.060  # one picture held up by a busy PC
    assert round(latency.observe("a", 0, 10.0, times)) == 30
    assert latency.preroll_ms("a") == 30
    assert round(latency.observe("a", 30, 20.0, pictures(20.0, 900)) or 0) == 900  # a 0.9 s stall: reported...
    assert latency.preroll_ms("a") == 30  # ...and not learnt (never pre-roll more than LIMIT_MS)
    assert LIMIT_MS < 900
    assert latency.observe("a", 0, 30.0, pictures(30.0, 10)[:3]) is None  # too few pictures (a clip at its end)


def test_a_ready_video_is_rolled_its_preroll_before_its_air_time_and_taken_at_it() -> None:
    rig = Rig(make_plan(["v1", "img1", "v2"]), T0 - timedelta(seconds=3), preroll=40)
    moments: list[tuple[str, str, datetime]] = []
    for name in ("roll", "take"):
        real = getattr(rig.backend, name)
        setattr(
            rig.backend,
            name,
            lambda cue_id, real=real, name=name: (
                real(cue_id),
                moments.append((name, rig.backend.cues[cue_id].media.id, rig.clock.now())),
            ),
        )
    rig.run_until(T0 + timedelta(seconds=25))
    at = {(n, m): t for n, m, t in moments}
    assert [(n, m) for n, m, _t in moments] == [("roll", "v1"), ("take", "v1"), ("take", "img1"), ("roll", "v2"),
                                               ("take", "v2")]  # an image is never rolled  # fmt: skip
    assert at[("roll", "v1")] == T0 - timedelta(milliseconds=40)
    assert at[("take", "v1")] == T0
    assert at[("roll", "v2")] == T0 + timedelta(seconds=20, milliseconds=-40)
    assert at[("take", "v2")] == T0 + timedelta(seconds=20)


def test_without_a_preroll_nothing_is_rolled() -> None:
    rig = Rig(make_plan(["v1", "v2"]), T0 - timedelta(seconds=3))
    rig.run_until(T0 + timedelta(seconds=15))
    assert [c for c, _ in rig.backend.calls if c == "roll"] == []
    assert rig.backend.taken() == ["v1", "v2"]
