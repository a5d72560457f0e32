"""'Now playing' on the Screens tab is what each player's latest heartbeat said was on air, with that heartbeat's
time in the screen's own zone (named); a screen that has gone quiet shows only what it last had on air, and a player
on its standby picture says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from playlists.models import Heartbeat, Screen
from videotron.core.clock import FixedClock

pytestmark = pytest.mark.gui


def test_now_playing_from_the_latest_heartbeat(qtbot: Any, sessions: sessionmaker[Session], clock: FixedClock,
                                               desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    now = clock.now()  # 09:00 WIB, 10:00 WITA
    with sessions.begin() as s:
        s.add(Screen(id="alun-alun", name="Videotron Alun-Alun", location="Jl. M. Yamin", zone="A"))
        s.add(Screen(id="pasar", name="Videotron Pasar", location="Pasar Pusat", zone="B"))
        s.add(Screen(id="tanjung", name="Videotron Tanjung", location="Bontang", zone="C", timezone="Asia/Makassar"))
        s.add(Heartbeat(screen_id="alun-alun", at=now - timedelta(seconds=20), current_media_id="logo-kota",
                        detail="standby: no plan for 2026-03-10; pid 7"))  # fmt: skip
        s.add(Heartbeat(screen_id="pasar", at=now - timedelta(minutes=10), current_media_id="psa-dbd",
                        detail="playing; pid 8"))  # fmt: skip
        s.add(Heartbeat(screen_id="tanjung", at=now - timedelta(seconds=30), current_media_id="iklan-toko-maju",
                        detail="playing; pid 9"))  # fmt: skip
    tab = desk_tab("Screens", language="id")
    qtbot.mouseClick(tab.findChild(object, "refreshScreens"), Qt.MouseButton.LeftButton)
    on_air = {tab.table.item(r, 0).text(): tab.table.item(r, 7).text() for r in range(tab.table.rowCount())}
    assert on_air == {
        "alun-alun": "gambar siaga (terpantau 08:59:40 WIB)",
        "pasar": "terakhir: psa-dbd pukul 08:50:00 WIB",
        "tanjung": "iklan-toko-maju (terpantau 09:59:30 WITA)",
    }
    # the next heartbeat says the player moved on: the next refresh shows it
    with sessions.begin() as s:
        beat = s.get(Heartbeat, "tanjung")
        beat.at, beat.current_media_id = now, "psa-sampah"  # type: ignore[union-attr]
    qtbot.mouseClick(tab.findChild(object, "refreshScreens"), Qt.MouseButton.LeftButton)
    row = tab.table.findItems("tanjung", Qt.MatchFlag.MatchExactly)[0].row()
    assert tab.table.item(row, 7).text() == "psa-sampah (terpantau 10:00:00 WITA)"
