"""The running-text band without a display: its motion (whole steps, no jump when the texts change, an alert's text
at once), its proof of display (ms shown, loops, per screen-local day), the local totals and their idempotent upload,
and the zones placed at their pixels in the window (offscreen Qt)."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from player.text_log import LocalTextLog
from player.ticker import Shown, Tally, TickerModel
from playlists.layout import Box, ClockZone, Layout, LayoutSpan, PlanText, TickerZone
from playlists.models import TextDisplay
from playlists.plan import Plan
from videotron.core.clock import FixedClock

AT = datetime(2026, 11, 30, 6, 5, tzinfo=UTC)


def model(width: int = 100, step: int = 2) -> TickerModel:
    return TickerModel(width, step, lambda text: 10 * len(text), " | ")  # 10 px a character; separator 30 px


def test_text_enters_at_the_right_edge_and_moves_one_step_a_frame() -> None:
    m = model()
    m.set_texts([("A", "aaaa"), ("B", "bb")])
    m.fill()
    assert [(s.key, s.x) for s in m.row] == [("A", 100)]  # B comes once A's end (40 + 30 px) nears the edge
    xs = []
    for _ in range(34):
        m.advance()
        xs.append(m.row[0].x)
    assert {b - a for a, b in itertools.pairwise(xs)} == {-2}
    assert [(s.key, s.x) for s in m.row] == [("A", 32), ("B", 102)]  # B appended one step before it shows


def test_changing_the_texts_moves_nothing_already_placed() -> None:
    m = model()
    m.set_texts([("A", "aaaa"), ("B", "bb")])
    for _ in range(20):
        m.advance()
    before = [(s.key, s.x) for s in m.row]
    m.set_texts([("C", "cccccc")])  # a plan reload: B's hours ended, C began
    m.advance()
    assert [(s.key, s.x) for s in m.row][: len(before)] == [(k, x - 2) for k, x in before]
    for _ in range(200):
        m.advance()
    assert {s.key for s in m.row} == {"C"}


def test_a_complete_pass_is_one_loop_and_text_in_view_counts_once() -> None:
    m = model()
    m.set_texts([("A", "aaaa")])
    m.fill()
    loops, frames_shown = 0, 0
    for _ in range(70):  # 140 px: A (40 px) enters at 100 and leaves at -40
        m.advance()
        loops += m.finished.count("A")
        frames_shown += "A" in m.shown_keys()
    assert loops == 1
    # the first pass is in view from x = 98 down to -38 (69 frames; at -40 only its separator is), the next pass
    # from frame 36 on (it follows 70 px behind): "any part of it in the band" is the union, all 70 frames
    assert frames_shown == 70


def test_an_alert_replaces_the_row_at_once_and_is_not_counted() -> None:
    m = model()
    m.set_texts([("A", "aaaa")])
    for _ in range(30):
        m.advance()
    m.set_alert("BANJIR: mengungsi")
    assert [(s.key, s.x) for s in m.row][:1] == [("", 0)]
    m.advance()
    assert m.shown_keys() == set() and m.finished == []
    m.set_alert(None)
    m.fill()
    assert [(s.key, s.x) for s in m.row] == [("A", 100)]  # back from the right edge


def test_tally_counts_per_day_and_take_resets() -> None:
    tally = Tally()
    tally.add("2026-11-30", {"A", "B"}, [], 17, AT)
    tally.add("2026-11-30", {"A"}, ["B"], 16, AT + timedelta(seconds=1))
    tally.add("2026-12-01", {"A"}, [], 16, AT + timedelta(days=1))
    counts = tally.take()
    assert counts[("2026-11-30", "A")] == Shown(33, 0, AT, AT + timedelta(seconds=1))
    assert counts[("2026-11-30", "B")].loops == 1 and counts[("2026-11-30", "B")].shown_ms == 17
    assert counts[("2026-12-01", "A")].shown_ms == 16
    assert tally.take() == {}


def test_local_totals_add_up_and_upload_idempotently(tmp_path: Path, sessions: sessionmaker[Session]) -> None:
    log = LocalTextLog(tmp_path / "log.sqlite3", "inst")
    log.add("S1", {("2026-11-30", "RT-7"): Shown(1000, 1, AT, AT + timedelta(seconds=5))}, {"RT-7": "BK-7"})
    assert log.push(sessions) == 1
    assert log.push(sessions) == 0  # nothing moved since
    log.add("S1", {("2026-11-30", "RT-7"): Shown(500, 0, AT + timedelta(seconds=6), AT + timedelta(seconds=9))},
            {"RT-7": "BK-7"})  # fmt: skip
    assert log.push(sessions) == 1
    with sessions() as s:
        rows = s.scalars(select(TextDisplay)).all()
    assert [(r.id, r.shown_ms, r.loops, r.booking_id) for r in rows] == [("inst-S1-2026-11-30-RT-7", 1500, 1, "BK-7")]
    assert rows[0].first_at == AT and rows[0].last_at == AT + timedelta(seconds=9)
    log.close()


def test_zones_sit_at_their_pixels_and_the_alert_leaves_the_band_uncovered(qtbot: object) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from player.window import ScreenWindow
    from player.zones import ZoneController, clock_text

    window = ScreenWindow((640, 320, 0, 0))
    overlay = QWidget()
    window.mount_overlay(overlay)
    layout = Layout(640, 320, Box(0, 0, 480, 272), TickerZone(Box(0, 272, 640, 48), size_px=28),
                    ClockZone(Box(480, 0, 160, 272), size_px=16))  # fmt: skip
    day = date(2026, 11, 30)
    tz = ZoneInfo("Asia/Makassar")
    start, end = datetime(2026, 11, 30, 0, 0, tzinfo=tz), datetime(2026, 12, 1, 0, 0, tzinfo=tz)
    plan = Plan("S1", day, "Asia/Makassar", [], {}, layouts=[LayoutSpan(start, end, layout)],
                texts=[PlanText("A", start, end, "Info", "psa")])  # fmt: skip
    flushed: list[dict[tuple[str, str], Shown]] = []
    zones = ZoneController(window, FixedClock(AT), plan, lambda counts, _b: flushed.append(counts), 60)
    assert window.main_rect() == QRect(0, 0, 480, 272) and window.target_size == (480, 272)
    assert zones.band is not None and zones.band.geometry() == QRect(0, 272, 640, 48)
    assert zones.clock_zone is not None and zones.clock_zone.geometry() == QRect(480, 0, 160, 272)
    assert overlay.geometry() == QRect(0, 0, 640, 272)  # an alert covers all but the band
    zones.set_alert("BANJIR: mengungsi")
    assert zones.band.model.row[0].text == "BANJIR: mengungsi"
    zones.set_alert(None)
    for n in range(40):
        zones._frame(n / 60)
    zones.flush()
    assert flushed and flushed[0][("2026-11-30", "A")].shown_ms > 0  # 14:05 WITA: the screen's day
    assert clock_text(AT.astimezone(tz), layout.clock, "Asia/Makassar") == "Senin, 30 November 2026  14:05 WITA"  # type: ignore[arg-type]
    zones.set_plan(Plan("S1", day, "Asia/Makassar", [], {}))  # a plan without layouts: the whole window, as before
    assert window.main_rect() == window.rect() and overlay.geometry() == window.rect()


def test_the_play_log_lists_the_days_running_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from player.__main__ import main
    from player.playlog import LocalPlayLog

    path = tmp_path / "log.sqlite3"
    LocalPlayLog(path).close()
    log = LocalTextLog(path, "inst")
    log.add("S1", {("2026-11-30", "RT-7"): Shown(12345, 2, AT, AT + timedelta(seconds=30))}, {"RT-7": "BK-7"})
    log.close()
    assert main(["playlog", "S1", "--date", "2026-11-30", "--log-file", str(path)]) == 0
    assert "running text RT-7 (BK-7): 12.3 s in the band, 2 complete loop(s)" in capsys.readouterr().out
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    assert main(["playlog", "S1", "--date", "2026-11-30", "--log-file", str(path)]) == 0
    assert "teks berjalan RT-7 (BK-7): 12.3 detik tampil di pita, 2 putaran penuh" in capsys.readouterr().out
    assert main(["playlog", "S1", "--date", "2026-11-30", "--json", "--log-file", str(path)]) == 0
    texts = json.loads(capsys.readouterr().out)["texts"]
    assert [(t["text"], t["booking"], t["shown_ms"], t["loops"], t["uploaded"]) for t in texts] == [
        ("RT-7", "BK-7", 12345, 2, False)]  # fmt: skip


@pytest.mark.parametrize(
    ("reported", "source", "picture"),
    [
        ((480, 290), (480, 272), (480, 272)),  # libVLC 3's decoder buffer: height to 32 lines plus 2
        ((480, 290), (480, 270), (480, 270)),
        ((1920, 1090), (1920, 1080), (1920, 1080)),
        ((320, 162), (320, 160), (320, 160)),
        ((480, 290), None, (480, 290)),  # size unknown to the plan: as reported
        ((640, 480), (480, 272), (640, 480)),  # a different file than the plan says: as reported
    ],
)
def test_the_picture_size_is_the_files_not_the_decoders_buffer(
    reported: tuple[int, int], source: tuple[int, int] | None, picture: tuple[int, int]
) -> None:
    from player.frames import visible_size

    assert visible_size(*reported, source) == picture
