"""Long work never freezes the window: a month's close runs off the GUI thread behind a progress dialog, the event
loop keeps running (a timer keeps ticking) until it is done, and the result is in the database; a refusal from the
worker comes back as a message in the user's language."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

import videotron.gui.cash_panel
from billing.cash_models import ClosedMonth
from billing.periods import close_month
from tests.report_helpers import at, build_month
from videotron.core.clock import FixedClock

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


def slow_close(*args: Any, **kw: Any) -> Any:
    time.sleep(1.0)  # a month of many receipts on a slow office PC
    return close_month(*args, **kw)


def open_close_month(qtbot: Any, sessions: Any, clock: FixedClock, desk: Callable[..., Any], tmp_path: Path,
                     month: QDate, language: str = "en") -> Any:  # fmt: skip
    build_month(sessions, tmp_path)
    clock.set(at(date(2026, 4, 10)).now())
    win = desk("bendahara", language=language)
    tab = win.pages["Billing"]
    win.tabs.setCurrentWidget(tab)
    cash = tab.cash
    cash.month.setDate(month)
    qtbot.mouseClick(cash.findChild(object, "closeMonthButton"), LEFT)
    qtbot.mouseClick(cash.confirm.button(QMessageBox.StandardButton.Yes), LEFT)
    return cash


def test_closing_a_month_keeps_the_window_alive(qtbot: Any, sessions: sessionmaker[Session], clock: FixedClock,
                                                desk: Callable[..., Any], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(videotron.gui.cash_panel, "close_month", slow_close)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    cash = open_close_month(qtbot, sessions, clock, desk, tmp_path, QDate(2026, 2, 1))
    assert cash.work.running and cash.work.dialog.isVisible()
    assert cash.work.dialog.labelText() == "Closing the month…"
    ticks.clear()
    qtbot.waitUntil(lambda: not cash.work.running, timeout=30_000)
    timer.stop()
    assert len(ticks) >= 10, ticks  # the GUI thread answered all the while (20 ticks in 1 s)
    assert not cash.work.dialog.isVisible()
    with sessions() as s:
        assert [(r.year, r.month) for r in s.scalars(select(ClosedMonth))] == [(2026, 2)]


def test_a_refusal_from_the_worker_is_a_message(qtbot: Any, sessions: sessionmaker[Session], clock: FixedClock,
                                                desk: Callable[..., Any], tmp_path: Path) -> None:  # fmt: skip
    cash = open_close_month(qtbot, sessions, clock, desk, tmp_path, QDate(2026, 4, 1), language="id")  # not over yet
    qtbot.waitUntil(lambda: not cash.work.running, timeout=30_000)
    box = cash.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible() and "Traceback" not in box.text()
    assert box.text().startswith("Bulan: April 2026 belum berakhir"), box.text()  # the box named as labelled
    with sessions() as s:
        assert s.scalars(select(ClosedMonth)).first() is None
