"""The desk amends and cancels bookings like `videotron booking amend|cancel`: typing into the Amend dialog of an
assessed booking issues its SKRD tambahan for exactly the difference, a refused change stays in the dialog with the
field named and writes nothing, and Cancel booking... cancels a draft for free — all read back from the database
and the screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from billing.models import Assessment
from playlists.models import Booking
from tests.lifecycle_helpers import assess, book, office
from videotron.core.clock import FixedClock

pytestmark = pytest.mark.gui


def row_of(tab: Any, booking_id: str) -> int:
    return next(r for r in range(tab.bookings.rowCount()) if tab.bookings.item(r, 0).text() == booking_id)


def test_amend_and_cancel_from_the_desk(qtbot, sessions: sessionmaker[Session], clock: FixedClock,  # type: ignore[no-untyped-def]
                                        desk: Callable[..., Any], answer: Callable[[Any, str], None],
                                        tmp_path: Path) -> None:  # fmt: skip
    with sessions.begin() as s:
        office(s, tmp_path)
        book(s, clock, "bk-1")  # 10 plays a day, 1-31 December, prime 17:00-21:00 on yamin (zone A)
        assess(s, clock, "bk-1")  # Rp1.162.500
        book(s, clock, "bk-2", band=None, plays=5)
    win = desk("bendahara")
    tab = win.pages["Advertisers and bookings"]
    win.tabs.setCurrentWidget(tab)
    assert tab.bookings.item(row_of(tab, "bk-1"), 7).text() == "assessed"
    assert tab.bookings.item(row_of(tab, "bk-2"), 7).text() == "draft"
    # WHEN the treasurer amends bk-1 to 40 plays a day, typing into the dialog
    tab.bookings.selectRow(row_of(tab, "bk-1"))
    qtbot.mouseClick(tab.findChild(object, "amendBooking"), Qt.MouseButton.LeftButton)
    dialog = tab.actions.dialog
    dialog.plays.selectAll()
    qtbot.keyClicks(dialog.plays, "0")
    qtbot.keyClicks(dialog.reason, "pemasang iklan menambah tayangan")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    # THEN 0 plays is refused in the dialog, naming the field, and nothing is written
    assert dialog.isVisible() and "Plays per day: " in dialog.problem.text()
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 1
    dialog.plays.selectAll()
    qtbot.keyClicks(dialog.plays, "40")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    # THEN the SKRD tambahan is exactly 30 x 31 x Rp2.500 x 1,5 = Rp3.487.500, and the status bar says so
    assert not dialog.isVisible()
    with sessions() as s:
        extra = s.scalar(select(Assessment).where(Assessment.kind == "additional"))
        assert extra is not None and (extra.number, extra.principal) == ("0001/SKRD-T/VT/2026", 3_487_500)
        assert s.get(Booking, "bk-1").plays_per_day == 40  # type: ignore[union-attr]
    said = win.statusBar().currentMessage()
    assert "SKRD tambahan 0001/SKRD-T/VT/2026 (to SKRD 0001/SKRD/VT/2026): Rp3.487.500" in said
    assert tab.bookings.item(row_of(tab, "bk-1"), 4).text() == "40"
    # WHEN a draft is cancelled, THEN for free: no document, status cancelled on the screen and in the database
    tab.bookings.selectRow(row_of(tab, "bk-2"))
    qtbot.mouseClick(tab.findChild(object, "cancelBooking"), Qt.MouseButton.LeftButton)
    answer(tab.actions.question, "tidak jadi")
    with sessions() as s:
        assert s.get(Booking, "bk-2").status == "cancelled"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Assessment)) == 2
    assert tab.bookings.item(row_of(tab, "bk-2"), 7).text() == "cancelled"
    assert date(2026, 12, 1) == tab.actions.dialog.was[1]  # the dialog showed the booking's own dates
