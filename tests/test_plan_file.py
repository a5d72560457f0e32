"""The plan file contract: round trip, item lookup by time, and durations measured through UTC."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from playlists.plan import Plan, PlanItem, PlanMedia, load_plan_file
from videotron.core.errors import ValidationError


def test_round_trip_and_lookup(tmp_path: Path) -> None:
    tz = ZoneInfo("Asia/Jakarta")
    t0 = datetime(2026, 12, 1, 6, 0, tzinfo=tz)
    items = [
        PlanItem(t0, t0 + timedelta(seconds=15.04), "a", "ad", "BK-1", "toko"),
        PlanItem(t0 + timedelta(seconds=15.04), t0 + timedelta(seconds=25.04), "b", "psa"),
    ]
    media = {"a": PlanMedia("a", "/m/a.mp4", "0" * 64, "ad", False, 15040)}
    plan = Plan("alun-alun", date(2026, 12, 1), "Asia/Jakarta", items, media, open_at=t0, close_at=items[-1].end)
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json())
    again = load_plan_file(path)
    assert again == plan and again.fingerprint() == plan.fingerprint()
    assert '"start": "2026-12-01T06:00:15.040+07:00"' in path.read_text()
    assert plan.item_at(t0 + timedelta(seconds=20)) == (1, items[1])
    assert plan.item_at(t0 - timedelta(seconds=1)) is None
    assert items[0].duration_ms == 15040


def test_duration_across_a_dst_change() -> None:
    tz = ZoneInfo("Europe/Amsterdam")  # 2026-03-29 02:00 -> 03:00
    start = datetime(2026, 3, 29, 1, 59, 50, tzinfo=tz)
    end = datetime(2026, 3, 29, 3, 0, 10, tzinfo=tz)
    assert PlanItem(start, end, "x", "psa").duration_ms == 20_000


def test_bad_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"screen": "x"}')
    with pytest.raises(ValidationError, match="not a valid videotron plan"):
        load_plan_file(path)
    path.write_text("not json")
    with pytest.raises(ValidationError, match="not readable"):
        load_plan_file(path)
