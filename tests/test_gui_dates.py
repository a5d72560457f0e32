"""Typed dates: every date box on the desk takes a date typed as the office writes it (31-12-2026) or in ISO
(2026-12-31), besides its arrows and calendar; one factory (`videotron.gui.fields`) makes them all."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit

from billing.models import Payment
from tests.test_gui_billing import issue_skrd
from videotron.core.clock import FixedClock
from videotron.gui.fields import DateField, date_field, month_field

pytestmark = pytest.mark.gui


def type_into(qtbot: Any, box: QDateEdit, text: str) -> None:
    """Like a person: click into the box, select what is there, type, press Enter."""
    line = box.findChild(QLineEdit)
    box.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


@pytest.mark.parametrize("typed", ["15-12-2026", "2026-12-15", "15/12/2026", "5-1-2027"])
def test_a_day_box_takes_the_office_s_and_iso_dates(qtbot: Any, typed: str) -> None:
    box = date_field(QDate(2026, 11, 30))
    qtbot.addWidget(box)
    box.show()
    type_into(qtbot, box, typed)
    expected = QDate(2027, 1, 5) if typed == "5-1-2027" else QDate(2026, 12, 15)
    assert box.date() == expected and box.text() == expected.toString("dd-MM-yyyy")


@pytest.mark.parametrize("typed", ["03-2027", "2027-03"])
def test_a_month_box_takes_mm_yyyy_and_yyyy_mm(qtbot: Any, typed: str) -> None:
    box = month_field(QDate(2026, 11, 30))
    qtbot.addWidget(box)
    box.show()
    type_into(qtbot, box, typed)
    assert (box.date().year(), box.date().month()) == (2027, 3)


def test_nonsense_is_not_taken(qtbot: Any) -> None:
    box = date_field(QDate(2026, 11, 30))
    qtbot.addWidget(box)
    box.show()
    type_into(qtbot, box, "besok")
    assert box.date() == QDate(2026, 11, 30)


def test_every_date_box_on_every_tab_is_the_typed_kind(desk: Callable[..., Any]) -> None:
    win = desk("bendahara")
    boxes = win.findChildren(QDateEdit)
    assert len(boxes) >= 5
    assert all(isinstance(b, DateField) for b in boxes), [b.objectName() for b in boxes]


def test_a_payment_dated_by_typing_iso(qtbot: Any, demo_office: sessionmaker[Session], clock: FixedClock,
                                       desk: Callable[..., Any]) -> None:  # fmt: skip
    sessions = demo_office
    win = desk("bendahara")
    tab = win.pages["Billing"]
    win.tabs.setCurrentWidget(tab)
    issue_skrd(qtbot, tab, "BK-2026-001")
    clock.set(datetime(2026, 12, 3, 2, 0, tzinfo=UTC))  # paid the day before the treasurer records it
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.findChild(object, "payButton"), Qt.MouseButton.LeftButton)
    dialog = tab.payment
    assert isinstance(dialog.day, DateField)
    type_into(qtbot, dialog.day, "2026-12-02")
    if dialog.isVisible():  # Enter in the date box may already have pressed OK
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.problem.text()
    with sessions() as s:
        assert s.scalar(select(Payment.paid_on)) == date(2026, 12, 2)


TYPED = """
import os
from PySide6.QtWidgets import QApplication, QLineEdit
from PySide6.QtCore import QDate
from PySide6.QtTest import QTest
app = QApplication(["t"])
from videotron.gui.fields import date_field
box = date_field(QDate(2026, 12, 1), "day")
line = box.findChild(QLineEdit)
for text in ("06-12-2026", "2026-12-31"):
    line.selectAll()
    QTest.keyClicks(line, text)
    print(box.date().toString("yyyy-MM-dd"))
"""


@pytest.mark.parametrize("machine_tz", ["Asia/Jakarta", "Asia/Jayapura", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_a_typed_date_is_that_date_whatever_the_pcs_time_zone(machine_tz: str) -> None:
    """East of UTC (all of Indonesia) a typed 06-12-2026 once became 05-12-2026: the box converted a local midnight to
    its UTC time spec. Qt reads the zone once per process, so each zone gets its own."""
    env = dict(os.environ, TZ=machine_tz, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", TYPED], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["2026-12-06", "2026-12-31"], out.stderr[-2000:]
