"""The booking form's capacity refusal, in Indonesian, says what to change; typing the suggested plays into the
form is accepted and saved; the Schedule tab's week shows the plays a new booking can have, which the desk then
accepts (issue #17, point 6)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton

from playlists.bookings import BookingFields, save_booking
from playlists.models import Advertiser, Booking
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from tests.schedule_data import add_media
from tests.test_gui_bookings import booking_form, fill
from videotron.core.clock import FixedClock
from videotron.core.errors import CapacityError
from videotron.demo.office import write_demo_setup

pytestmark = pytest.mark.gui


def test_refusal_in_indonesian_and_the_suggestion_typed_in_is_saved(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    tab = booking_form(sessions, clock, desk, tmp_path)
    # WHEN the operator asks for far more plays than the evening band can carry
    fill(tab, "BK-2026-201", 2000, "17:00-21:00")
    qtbot.waitUntil(lambda: tab.last_check is not None and tab.last_check.capacity is not None, timeout=60_000)
    text = tab.result.text()
    # THEN the refusal is Indonesian, names the most plays that fit, and speaks no compiler internals
    assert "tidak muat" in text and "cannot get play" not in text and "loop window" not in text, text
    found = re.search(r"tayangan per hari terbanyak yang masih muat adalah (\d+)", text)
    assert found is not None, text
    fit = int(found.group(1))
    assert 0 < fit < 2000
    # WHEN the suggestion is typed into the plays field, as a person does
    tab.b_plays.clear()
    qtbot.keyClicks(tab.b_plays, str(fit))
    qtbot.waitUntil(lambda: tab.save.isEnabled(), timeout=60_000)
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    # THEN the booking is saved with that figure
    with sessions() as s:
        booking = s.get(Booking, "BK-2026-201")
        assert booking is not None and booking.plays_per_day == fit and booking.start_date == date(2026, 12, 1)


def test_schedule_week_shows_plays_a_new_booking_can_have_and_the_desk_agrees(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path
) -> None:
    day = date(2026, 12, 1)
    with sessions.begin() as s:
        apply_setup(s, parse_setup(write_demo_setup(tmp_path / "office", day, "640x320+0+0")), actor="t", clock=clock)
    win = desk("op", language="id")
    tab = win.pages["Schedule"]
    win.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    show = next(b for b in tab.findChildren(QAbstractButton) if b.text() == "Tampilkan")
    tab.day.setDate(QDate(2026, 12, 1))
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and tab.plan is not None and tab.plan.date == day, timeout=60_000)
    # THEN the week's third row reads "pemesanan baru: maks. N x S detik" for 1 December
    found = re.fullmatch(r"pemesanan baru: maks. (\d+) x ([\d.,]+) detik", tab.week.item(2, 0).text())
    assert found is not None, tab.week.item(2, 0).text()
    plays, seconds = int(found.group(1)), float(found.group(2).replace(",", "."))
    assert plays > 0 and "ditolak" in tab.week.item(2, 0).toolTip()
    # AND a new advertiser's booking of that whole day gets exactly that many: one more is refused
    screen = tab.screen.currentText()
    with sessions.begin() as s:
        s.add(Advertiser(id="warung-baru", name="Warung Baru"))
        add_media(s, "iklan-warung", "ad", round(seconds * 1000))

    def book(n: int) -> None:
        terms = BookingFields("BK-NEW", "warung-baru", "iklan-warung", [screen], "commercial", n, day, day, None)
        with sessions.begin() as s:
            save_booking(s, terms, clock=clock, actor="op", new=True)

    with pytest.raises(CapacityError):
        book(plays + 1)
    book(plays)
