"""The booking form says a time band across a tariff band's edge is wrong while the operator types it (the audit
finding: 16:59-21:00 paid factor 1 in a 17:00-21:00 prime band) and keeps the save button off; split at the edge, it is
quoted at its own factor. (Scheduling cannot see the tariff, so the refusal itself is pricing's: the quote and the
SKRD refuse such a booking wherever it was entered from, see test_quote_bands.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.test_gui_bookings import booking_form, fill
from videotron.core.clock import FixedClock

pytestmark = pytest.mark.gui


def test_band_across_the_prime_edge_is_shown_while_typing(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path
) -> None:
    tab = booking_form(sessions, clock, desk, tmp_path)
    # WHEN the operator types a window that starts a minute before prime time
    fill(tab, "BK-2026-201", 10, "16:59-21:00")
    qtbot.waitUntil(lambda: tab.last_check is not None and bool(tab.last_check.found), timeout=30_000)
    # THEN the form names the band field and the edge to split at, and will not save
    assert [(p.code, p.field) for p in tab.last_check.found] == [("quote.band_straddles", "band")]
    text = tab.result.text()
    assert "16:59-21:00 crosses the edge of tariff band 'prime'" in text and "split the booking at 17:00" in text
    assert not tab.save.isEnabled()
    # WHEN the operator splits it at the edge, the prime part is quoted at 1,5
    fill(tab, "BK-2026-202", 10, "17:00-21:00")
    qtbot.waitUntil(lambda: tab.save.isEnabled(), timeout=30_000)
    assert "Rp1.162.500" in tab.result.text()  # 10 plays x 31 days x Rp2.500 x 1 block x 1,5
