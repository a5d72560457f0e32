"""The Schedule tab compiles the plan off the GUI thread and draws every item; hover finds the booking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton

from billing.assessments import issue_assessment
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from tests.office import office_config
from videotron.core.clock import FixedClock
from videotron.demo.office import write_demo_setup, write_demo_tariff

pytestmark = pytest.mark.gui


def test_timeline_of_the_demo_day(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path
) -> None:
    day = date(2026, 12, 1)
    setup = parse_setup(write_demo_setup(tmp_path / "office", day, "640x320+0+0"))
    with sessions.begin() as s:
        apply_setup(s, setup, actor="test", clock=clock)
    win = desk("op", language="id")
    tab = win.pages["Schedule"]
    win.tabs.setCurrentWidget(tab)
    assert tab.day.date() == QDate(2026, 3, 10)  # today by the program's clock, in the office's zone
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    show = next(b for b in tab.findChildren(QAbstractButton) if b.text() == "Tampilkan")
    tab.day.setDate(QDate(2026, 12, 1))
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and tab.plan is not None and tab.plan.date == day, timeout=60_000)
    # GIVEN bookings without their SKRD: the default airing gate keeps them off the air, and the tab says why
    assert not [i for i in tab.plan.items if i.kind == "ad"]
    assert "BK-2026-001" in tab.held.text() and "SKRD belum terbit" in tab.held.text()
    # WHEN the treasurer issues both SKRDs, THEN the ads are on the plan and nothing is held
    with sessions.begin() as s:
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="test", clock=clock)
        for booking in ("BK-2026-001", "BK-2026-002"):
            issue_assessment(s, booking, config=office_config(), actor="test", clock=clock)
    tab.plan = None
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and tab.plan is not None and tab.plan.date == day, timeout=60_000)
    assert tab.held.text() == ""
    assert tab.canvas.hours == list(range(24))
    assert len(tab.canvas._rects) >= len(tab.plan.items)
    ad_rect = next(rect for rect, item in tab.canvas._rects if item.kind == "ad")
    item = tab.canvas.item_at(ad_rect.center())
    assert item is not None and item.booking and item.advertiser
    width = tab.canvas.width()
    tab.canvas.zoom(2)
    assert tab.canvas.width() > width
    assert tab.week.columnCount() == 7 and "terpesan" in tab.week.item(0, 0).text()
