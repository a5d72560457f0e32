"""The booking form speaks the user's language where billing answers it (no tariff in force, in Indonesian), and its
buttons follow the roles as the money buttons do: a treasurer sees 'Save booking' and 'Save advertiser' disabled with a
tooltip saying who may."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QPoint, Qt

from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.clock import FixedClock
from videotron.core.user_admin import add_user
from videotron.demo.office import write_demo_setup

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def no_tariff(sessions: sessionmaker[Session], clock: FixedClock, tmp_path: Path) -> sessionmaker[Session]:
    """The demo office's screens, media and advertisers, but no tariff imported yet."""
    with sessions.begin() as s:
        apply_setup(s, parse_setup(write_demo_setup(tmp_path / "office", date(2026, 3, 10), "640x320+0+0")),
                    actor="t", clock=clock)  # fmt: skip
    return sessions


def type_booking(qtbot: Any, tab: Any, booking_id: str) -> None:
    """Tick the first screen (a click on its box) and type the booking number, as a person does."""
    screens = tab.b_screens
    rect = screens.visualItemRect(screens.item(0))
    qtbot.mouseClick(screens.viewport(), LEFT, pos=QPoint(rect.left() + 10, rect.center().y()))
    assert screens.item(0).checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(tab.b_id, booking_id)


def test_no_tariff_in_force_is_said_in_indonesian(qtbot: Any, no_tariff: Any, desk_tab: Callable[..., Any]) -> None:
    tab = desk_tab("Advertisers and bookings", "operator", language="id")
    type_booking(qtbot, tab, "BK-2026-201")
    qtbot.waitUntil(lambda: tab.last_check is not None and tab.last_check.quote_problem is not None, timeout=30_000)
    text = tab.result.text()
    assert "Tidak ada tarif:" in text and "belum ada tarif yang berlaku pada 10 Maret 2026" in text, text
    assert "no tariff" not in text.lower() and not tab.save.isEnabled()


def test_a_treasurer_cannot_save_bookings_or_advertisers(qtbot: Any, no_tariff: Any, clock: FixedClock,
                                                         desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    with no_tariff.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with no_tariff.begin() as s:
        add_user(s, "budi", "bendahara", "rahasia-budi", actor="sari", clock=clock)
    tab = desk_tab("Advertisers and bookings", "budi", language="id")
    advertiser = tab.findChild(object, "saveAdvertiser")
    assert not advertiser.isEnabled() and advertiser.toolTip().startswith("Hanya operator")
    assert not tab.save.isEnabled() and tab.save.toolTip().startswith("Hanya operator")
    type_booking(qtbot, tab, "BK-2026-202")
    qtbot.waitUntil(lambda: not tab.checking and tab.result.text() not in ("", "Sedang diproses…"), timeout=30_000)
    assert not tab.save.isEnabled()
