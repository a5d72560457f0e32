"""Running-text input, every path alike: a message refused the same way by the setup file and by `save_message`, a
fullscreen screen's layout without its size, a logo that is not an image, a logo carried into the plan's media."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from playlists.layouts import LayoutFields, ZoneFields, save_layout
from playlists.planning import build_plan
from playlists.running_texts import TextFields, save_message
from playlists.screens import ScreenFields, save_screen
from playlists.setup_file import parse_setup
from videotron.core.clock import FixedClock
from videotron.core.errors import ValidationError

BAD_MESSAGE = """\
[[message]]
id = "RT-9"
text = "Jalan ditutup\\tsementara"
screens = ["alun-alun", "alun-alun"]
start = 2026-12-05
end = 2026-12-01
"""


def test_a_bad_message_is_refused_alike_by_the_file_and_the_save_path(
    demo_office: sessionmaker[Session], clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "m.toml"
    path.write_text(BAD_MESSAGE, encoding="utf-8")
    with pytest.raises(ValidationError) as in_file:
        parse_setup(path)
    placed = [(p.code, p.field, p.where.line if p.where else None) for p in in_file.value.problems]
    assert placed == [
        ("text.control", "text", 3),
        ("booking.screen_twice", "screens", 4),
        ("booking.end_before_start", "end", 6),
    ]
    terms = TextFields(
        "RT-9", "Jalan ditutup\tsementara", ["alun-alun", "alun-alun"], date(2026, 12, 5), date(2026, 12, 1)
    )
    with pytest.raises(ValidationError) as saved, demo_office.begin() as s:
        save_message(s, terms, actor="t", clock=clock)
    assert [(p.code, p.field) for p in saved.value.problems] == [(c, f) for c, f, _line in placed]


def test_layouts_of_a_fullscreen_screen_and_a_logo(demo_office: sessionmaker[Session], clock: FixedClock) -> None:
    with demo_office.begin() as s:
        save_screen(s, ScreenFields("lobi", "Videotron Lobi", zone="A"), actor="t", clock=clock)  # fullscreen
    band = ZoneFields(position="bottom", h=60)
    with pytest.raises(ValidationError) as caught, demo_office.begin() as s:
        save_layout(s, LayoutFields("lobi", ticker=band), actor="t", clock=clock)
    assert [(p.code, p.field) for p in caught.value.problems] == [("layout.size_needed", "width")]
    logo = ZoneFields(position="top-left", w=120, h=60, overlay=True, style={"media": "psa-dbd"})  # a video
    with pytest.raises(ValidationError) as caught, demo_office.begin() as s:
        save_layout(s, LayoutFields("lobi", width=1280, height=720, ticker=band, logo=logo), actor="t", clock=clock)
    assert [(p.code, p.field) for p in caught.value.problems] == [("layout.logo_media", "logo.media")]
    logo = ZoneFields(position="top-left", w=120, h=60, overlay=True, style={"media": "logo-kota"})
    with demo_office.begin() as s:
        save_layout(s, LayoutFields("alun-alun", ticker=band, logo=logo), actor="t", clock=clock)
        plan = build_plan(s, "alun-alun", date(2026, 12, 1))
    (span,) = plan.layouts
    assert span.layout.logo is not None and span.layout.logo.box.y == 0 and "logo-kota" in plan.media
    assert span.layout.main.h == 260 and span.layout.clock is None  # the band of 60 px below the video


def test_a_message_is_cancelled_off_the_band_an_assessed_booking_is_not(
    demo_office: sessionmaker[Session], clock: FixedClock, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from videotron.cli import main

    base = ["--db", sqlite_url, "text", "cancel"]
    assert main([*base, "RT-2026-002", "--reason", "kampanye selesai"]) == 0
    assert main([*base, "RT-2026-001", "--reason", " "]) == 2 and "--reason" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "skrd", "issue", "TB-2026-001"]) == 0
    assert main([*base, "TB-2026-001", "--reason", "batal"]) == 2
    assert "void an unpaid SKRD first" in capsys.readouterr().err
    with demo_office.begin() as s:
        plan = build_plan(s, "alun-alun", date(2026, 12, 1))
    assert [t.id for t in plan.texts] == ["TB-2026-001", "RT-2026-001", "RT-2026-003"]
