"""The Playlists tab: reorder a playlist, save it, add and refuse dayparts — checked in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from playlists.models import Daypart, Media, Playlist, PlaylistItem, Screen
from videotron.core.audit import AuditEntry

pytestmark = pytest.mark.gui


def type_into(qtbot, line: Any, text: str) -> None:  # type: ignore[no-untyped-def]
    line.clear()
    qtbot.keyClicks(line, text)


def _media(media_id: str, kind: str) -> Media:
    return Media(
        id=media_id,
        kind=kind,
        original_name=f"{media_id}.mp4",
        sha256=media_id.ljust(64, "0")[:64],
        stored_name=f"x/{media_id}.mp4",
        size_bytes=1,
        duration_ms=10_000,
        added_at=datetime.now(UTC),
    )


def test_reorder_save_and_dayparts(qtbot, sessions: sessionmaker[Session], desk: Callable[..., Any]) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        s.add(Screen(id="alun-alun", name="Alun-Alun", zone="A"))
        s.add_all([_media("psa-a", "psa"), _media("psa-b", "psa"), _media("logo", "filler"), _media("spot", "ad")])
        s.flush()
        s.add(
            Playlist(
                id="umum",
                name="umum",
                items=[PlaylistItem(position=0, media_id="psa-a"), PlaylistItem(position=1, media_id="psa-b")],
            )
        )
    win = desk("operator")
    tab = win.pages["Playlists"]
    win.tabs.setCurrentWidget(tab)
    assert tab.item_ids() == ["psa-a", "psa-b"]
    library = [tab.library.item(i).text() for i in range(tab.library.count())]
    assert "spot" not in library  # ads never go into PSA playlists
    # WHEN the operator moves the last item to the top, appends the logo and saves
    tab.items.insertItem(0, tab.items.takeItem(1))
    tab.library.setCurrentItem(tab.library.findItems("logo", Qt.MatchFlag.MatchExactly)[0])
    qtbot.mouseClick(tab.findChild(object, "addToPlaylist"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.findChild(object, "savePlaylist"), Qt.MouseButton.LeftButton)
    with sessions() as s:
        assert [i.media_id for i in s.get(Playlist, "umum").items] == ["psa-b", "psa-a", "logo"]  # type: ignore[union-attr]
    # AND adds a weekday morning daypart
    type_into(qtbot, tab.dp_days, "mon-fri")
    type_into(qtbot, tab.dp_start, "06:00")
    type_into(qtbot, tab.dp_end, "10:00")
    tab.dp_priority.setValue(5)
    qtbot.mouseClick(tab.findChild(object, "addDaypart"), Qt.MouseButton.LeftButton)
    with sessions() as s:
        part = s.get(Daypart, "alun-alun/umum/mon-fri/06:00-10:00")
        assert part is not None and part.priority == 5
        assert s.query(AuditEntry).filter(AuditEntry.entity == "daypart").count() == 1
    assert tab.dayparts.rowCount() == 1
    # A daypart crossing midnight is refused with a message, nothing written
    type_into(qtbot, tab.dp_start, "22:00")
    type_into(qtbot, tab.dp_end, "02:00")
    qtbot.mouseClick(tab.findChild(object, "addDaypart"), Qt.MouseButton.LeftButton)
    box = win.findChild(object, "errorBox")
    assert box is not None and "crosses midnight" in box.text()
    with sessions() as s:
        assert s.query(Daypart).count() == 1
