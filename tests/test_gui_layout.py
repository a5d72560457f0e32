"""At 1366x768 (a common office laptop) the bookings table shows every column without scrolling; the Media tab's
title column shows a title only when the office gave one (not the id again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

pytestmark = pytest.mark.gui


def test_the_bookings_table_is_not_cut_off_at_1366x768(qtbot: Any, demo_office: sessionmaker[Session],
                                                       desk: Callable[..., Any]) -> None:  # fmt: skip
    win = desk("operator", language="id")
    win.resize(1366, 768)
    win.show()
    tab = win.pages["Advertisers and bookings"]
    win.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(win)
    table = tab.bookings
    assert table.rowCount() == 2
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(table.columnCount()))
    assert used <= table.viewport().width(), (used, table.viewport().width())
    assert not table.horizontalScrollBar().isVisible()


def test_the_media_title_does_not_repeat_the_id(qtbot: Any, demo_office: sessionmaker[Session],
                                                desk: Callable[..., Any]) -> None:  # fmt: skip
    win = desk("operator")
    tab = win.pages["Media"]
    win.tabs.setCurrentWidget(tab)
    rows = {tab.table.item(r, 0).text(): tab.table.item(r, 5).text() for r in range(tab.table.rowCount())}
    assert rows and all(title != media for media, title in rows.items()), rows
