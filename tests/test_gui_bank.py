"""The Billing tab's bank reconciliation dialog, driven like the treasurer: import the December statement, pick
the unknown sender's line, pick the SKRD, press Match; a line that may not be booked is refused in the dialog with
nothing written; a transfer that is no retribution is set aside with a note."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from billing.bank.models import BankLine
from billing.models import Assessment, Payment
from tests.bank_scenario import CONFIG, IMPORTED_AT, december
from tests.test_bank_reconcile import FILES
from videotron.core.clock import FixedClock

pytestmark = pytest.mark.gui


def _row_of(dialog: Any, text: str) -> int:
    for r in range(dialog.lines.rowCount()):
        if text in dialog.lines.item(r, 3).text():
            return r
    raise AssertionError(f"no open line with {text!r}")


def test_match_a_line_by_hand(qtbot, sessions: sessionmaker[Session], clock: FixedClock,  # type: ignore[no-untyped-def]
                              desk: Callable[..., Any], answer: Callable[[Any, str], None],
                              tmp_path: Path) -> None:  # fmt: skip
    clock.set(IMPORTED_AT)
    with sessions.begin() as s:
        december(s, tmp_path)
    win = desk("bendahara", config=CONFIG)
    tab = win.pages["Billing"]
    win.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.findChild(object, "bankButton"), Qt.MouseButton.LeftButton)
    dialog = tab.bank
    assert dialog.lines.rowCount() == 0
    dialog.import_file(FILES["csv"])  # what "Import statement…" does with the file the treasurer picks
    qtbot.waitUntil(lambda: not dialog.work.running, timeout=30_000)  # imported off the GUI thread
    assert dialog.lines.rowCount() == 12 and dialog.summary.text() == "12 credit(s) to match by hand"
    dialog.lines.selectRow(_row_of(dialog, "HENDRA SYAFRIL"))
    assert dialog.skrd.currentData() == "0016/SKRD/VT/2026"  # the SKRD the import found fitting
    qtbot.mouseClick(dialog.findChild(object, "matchButton"), Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "" and dialog.lines.rowCount() == 11
    with sessions() as s:
        a = s.scalar(select(Assessment).where(Assessment.number == "0016/SKRD/VT/2026"))
        assert a is not None and a.status == "paid" and a.payments[0].bank_reference == "NGR2612100024"
        paid = s.scalar(select(func.count()).select_from(Payment))
    dialog.lines.selectRow(_row_of(dialog, "APOTEK SEHAT SENTOSA"))  # dated 23 December, after today
    dialog.skrd.setCurrentIndex(dialog.skrd.findData("0015/SKRD/VT/2026"))
    qtbot.mouseClick(dialog.findChild(object, "matchButton"), Qt.MouseButton.LeftButton)
    assert "after the office's today" in dialog.problem.text() and dialog.isVisible()
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == paid
    dialog.lines.selectRow(_row_of(dialog, "DINAS PENDIDIKAN"))
    qtbot.mouseClick(dialog.findChild(object, "setAsideButton"), Qt.MouseButton.LeftButton)
    answer(dialog.question, "dana BOS salah rekening")
    assert dialog.lines.rowCount() == 10
    with sessions() as s:
        line = s.scalar(select(BankLine).where(BankLine.status == "set_aside"))
        assert line is not None and line.note == "dana BOS salah rekening" and line.settled_by == "bendahara"
