"""The booking form's capacity refusal, in Indonesian, says what to change; typing the suggested plays into the
form is accepted and saved (issue #17, point 6)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from playlists.models import Booking
from tests.test_gui_bookings import booking_form, fill
from videotron.core.clock import FixedClock

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
