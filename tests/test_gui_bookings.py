"""The booking form: live quote and capacity while typing; a booking that fits is saved, one that does not is
refused with the capacity message — checked in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt

from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.models import Advertiser, Booking
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.clock import FixedClock
from videotron.demo.office import write_demo_setup, write_demo_tariff

pytestmark = pytest.mark.gui


def type_into(qtbot, line: Any, text: str) -> None:  # type: ignore[no-untyped-def]
    line.clear()
    qtbot.keyClicks(line, text)


def fill(tab, booking_id: str, plays: int, band: str = "") -> None:  # type: ignore[no-untyped-def]
    tab.b_advertiser.setCurrentText("toko-maju")
    tab.b_media.setCurrentText("iklan-toko-maju")
    for i in range(tab.b_screens.count()):
        tab.b_screens.item(i).setCheckState(Qt.CheckState.Checked)
    tab.b_category.setCurrentText("komersial")
    tab.b_plays.setValue(plays)
    tab.b_start.setDate(QDate(2026, 12, 1))
    tab.b_end.setDate(QDate(2026, 12, 31))
    tab.b_band.setText(band)
    tab.b_id.setText(booking_id)


def booking_form(sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path) -> Any:
    """The demo office (its setup and tariff) on 24 November 2026, and the operator's booking tab open."""
    clock.set(datetime(2026, 11, 24, 3, 0, tzinfo=UTC))
    with sessions.begin() as s:
        apply_setup(s, parse_setup(write_demo_setup(tmp_path / "office", date(2026, 12, 1), "640x320+0+0")),
                    actor="t", clock=clock)  # fmt: skip
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="t", clock=clock)
    win = desk("operator")
    tab = win.pages["Advertisers and bookings"]
    win.tabs.setCurrentWidget(tab)
    return tab


def test_booking_form(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path
) -> None:
    tab = booking_form(sessions, clock, desk, tmp_path)
    win = tab.window()
    assert tab.b_start.date() == QDate(2026, 11, 24)  # today by the program's clock, in the office's zone
    # GIVEN a new advertiser entered in the form
    type_into(qtbot, tab.adv_id, "warung-ani")
    type_into(qtbot, tab.adv_name, "Warung Ani")
    type_into(qtbot, tab.adv_npwrd, "P.2.0003.12.07")
    qtbot.mouseClick(tab.findChild(object, "saveAdvertiser"), Qt.MouseButton.LeftButton)
    with sessions() as s:
        assert s.get(Advertiser, "warung-ani") is not None
    # WHEN the operator types a booking that fits, in prime time
    fill(tab, "BK-2026-101", 10, "17:00-21:00")
    qtbot.waitUntil(lambda: tab.save.isEnabled(), timeout=30_000)
    # THEN the live quote shows: 10 plays x 31 days x Rp2.500 x 1 block x 1.5 = Rp1.162.500
    assert "Rp1.162.500" in tab.result.text()
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    with sessions() as s:
        booking = s.get(Booking, "BK-2026-101")
        assert booking is not None and booking.plays_per_day == 10 and booking.band == "17:00-21:00"
    # WHEN a booking would oversell the prime-time band
    fill(tab, "BK-2026-102", 2000, "17:00-21:00")
    qtbot.waitUntil(lambda: tab.last_check is not None and tab.last_check.capacity is not None, timeout=30_000)
    assert not tab.save.isEnabled()
    text = tab.result.text()
    assert "alun-alun" in text and "17:00-21:00" in text
    # AND saving anyway (the button is off; the form's own action is called) is refused, nothing written
    tab.save_booking()
    assert win.findChild(object, "errorBox") is not None
    with sessions() as s:
        assert s.get(Booking, "BK-2026-102") is None
