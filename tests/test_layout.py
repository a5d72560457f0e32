"""Screen layouts: zones checked against the screen (inside it, no overlap unless an overlay, colours, font size,
speed), each problem naming its field; the plan carries the day's layouts and running texts through its JSON."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from playlists.layout import Box, ClockZone, Layout, LayoutSpan, LogoZone, PlanText, TickerZone
from playlists.plan import Plan, plan_from_dict
from videotron.core.errors import ValidationError
from videotron.core.i18n import render

TZ = ZoneInfo("Asia/Makassar")
CLOCK = ClockZone(Box(1600, 0, 320, 80, overlay=True))
GOOD = Layout(1920, 1080, Box(0, 0, 1920, 1000), TickerZone(Box(0, 1000, 1920, 80)), CLOCK,
              LogoZone(Box(0, 0, 200, 100, overlay=True), "logo"))  # fmt: skip


def test_a_good_layout_has_no_problem_and_survives_the_plans_json() -> None:
    assert GOOD.check() is GOOD
    t0 = datetime(2026, 12, 1, 6, tzinfo=TZ)
    plan = Plan("S1", date(2026, 12, 1), "Asia/Makassar", [], layouts=[LayoutSpan(t0, t0 + timedelta(hours=16), GOOD)],
                texts=[PlanText("RT-1", t0, t0 + timedelta(hours=16), "Jaga kebersihan kota", "psa")])  # fmt: skip
    again = plan_from_dict(plan.to_dict())
    assert again == plan and again.layout_at(t0 + timedelta(hours=1)).layout == GOOD  # type: ignore[union-attr]
    assert [t.id for t in again.texts_at(t0)] == ["RT-1"] and again.texts_at(t0 - timedelta(seconds=1)) == []
    assert "layouts" not in Plan("S1", date(2026, 12, 1), "Asia/Makassar", []).to_dict()  # old plans unchanged


def test_each_problem_names_its_field_in_the_users_language() -> None:
    bad = Layout(1920, 1080, Box(0, 0, 1920, 1040), TickerZone(Box(0, 1000, 1920, 100), fg="red", speed_px_s=0))
    with pytest.raises(ValidationError) as caught:
        bad.check("setup.toml")
    fields = [p.field for p in caught.value.problems]
    assert fields == ["ticker.x", "ticker.y", "ticker.fg", "ticker.speed_px_s"]
    words = [render(p, "id") for p in caught.value.problems]
    assert "di luar layar 1920x1080" in words[0] and "bertumpuk" in words[1] and "#FFCC00" in words[2]
