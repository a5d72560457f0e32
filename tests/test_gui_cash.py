"""The Billing tab's treasurer's month: close a month after a confirmation listing the receipts carried forward;
the overdue list with "STRD…" and "Teguran…" issuing documents shown in the print preview; a refusal shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from billing.cash_models import ClosedMonth, Reminder
from billing.models import Penalty
from tests.report_helpers import at, build_month
from videotron.core.clock import FixedClock

pytestmark = pytest.mark.gui


def test_close_month_and_overdue_buttons(qtbot, sessions: sessionmaker[Session], clock: FixedClock,  # type: ignore[no-untyped-def]
                                         desk: Callable[..., Any], tmp_path: Path) -> None:  # fmt: skip
    n = build_month(sessions, tmp_path)
    clock.set(at(date(2026, 4, 10)).now())
    win = desk("bendahara")
    tab = win.pages["Billing"]
    win.tabs.setCurrentWidget(tab)
    cash = tab.cash
    cash.refresh()
    table = cash.findChild(object, "overdueTable")
    skrds = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert skrds == [n["bfeb"], n["b2"]] and table.item(0, 6).text() == "Rp16.200"

    cash.month.setDate(QDate(2026, 2, 1))
    qtbot.mouseClick(cash.findChild(object, "closeMonthButton"), Qt.MouseButton.LeftButton)
    confirm = cash.confirm
    assert confirm.isVisible() and n["r_bpaid"] in confirm.text() and "Rp675.000" in confirm.text()
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not cash.work.running, timeout=30_000)  # closed off the GUI thread
    with sessions() as s:
        row = s.scalars(select(ClosedMonth)).one()
        assert (row.year, row.month, row.carried_out) == (2026, 2, 675_000)

    table.selectRow(0)
    qtbot.mouseClick(cash.findChild(object, "strdButton"), Qt.MouseButton.LeftButton)
    assert cash.dialog.windowTitle() == "STRD 0001/STRD/VT/2026"
    cash.dialog.close()
    table.selectRow(0)
    qtbot.mouseClick(cash.findChild(object, "teguranButton"), Qt.MouseButton.LeftButton)
    assert cash.dialog.windowTitle() == "Surat Teguran 0001/TEGURAN/VT/2026"
    cash.dialog.close()
    with sessions() as s:
        assert [(p.number, p.amount) for p in s.scalars(select(Penalty))] == [("0001/STRD/VT/2026", 16_200)]
        assert [(r.step, r.assessment.number) for r in s.scalars(select(Reminder))] == [(1, n["bfeb"])]
    assert table.item(0, 8).text() == "1" and table.item(0, 9).text() == "2 (17-04-2026)"
    table.selectRow(0)
    qtbot.mouseClick(cash.findChild(object, "teguranButton"), Qt.MouseButton.LeftButton)
    boxes = [b for b in cash.findChildren(QMessageBox) if b.objectName() == "errorBox" and b.isVisible()]
    assert boxes and "Surat Teguran 2 is due on 17 April 2026" in boxes[0].text()
