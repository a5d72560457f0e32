"""The Schedule tab compiles the plan off the GUI thread and draws every item; hover finds the booking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, QSettings

from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.clock import SystemClock
from videotron.core.config import Config
from videotron.demo.office import write_demo_setup
from videotron.gui.app import build_window
from videotron.gui.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


def test_timeline_of_the_demo_day(qtbot, sessions: sessionmaker[Session], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 12, 1)
    setup = parse_setup(write_demo_setup(tmp_path / "office", day, "640x320+0+0"))
    with sessions.begin() as s:
        apply_setup(s, setup, actor="test", clock=SystemClock())
    win = build_window(
        Services(sessions, SystemClock(), "op", Config(), "test"),
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    tab = win.pages["Schedule"]
    win.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    tab.day.setDate(QDate(2026, 12, 1))
    tab.load()
    qtbot.waitUntil(lambda: not tab.busy and tab.plan is not None and tab.plan.date == day, timeout=60_000)
    assert tab.canvas.hours == list(range(24))
    assert len(tab.canvas._rects) >= len(tab.plan.items)
    ad_rect = next(rect for rect, item in tab.canvas._rects if item.kind == "ad")
    item = tab.canvas.item_at(ad_rect.center())
    assert item is not None and item.booking and item.advertiser
    width = tab.canvas.width()
    tab.canvas.zoom(2)
    assert tab.canvas.width() > width
    assert tab.week.columnCount() == 7 and "terpesan" in tab.week.item(0, 0).text()
