"""The operator app's Screens and Media tabs, driven through their main tasks against a real database file; and
no English reaching the Indonesian window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTableWidget, QWidget

from playlists.models import Heartbeat, Media, Screen
from videotron.core.clock import FixedClock
from videotron.core.i18n import tr

pytestmark = pytest.mark.gui


@pytest.fixture
def window(desk: Callable[..., Any]) -> Any:
    win = desk("operator-test", language="id")
    win.show()
    return win


def row_of(tab: Any, media_id: str) -> int:
    return next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == media_id)


def test_import_approve_reject(  # type: ignore[no-untyped-def]
    qtbot, window: Any, sessions: sessionmaker[Session], answer: Callable[[Any, str], None],
    media_files: dict[str, Path],
) -> None:  # fmt: skip
    tab = window.pages["Media"]
    window.tabs.setCurrentWidget(tab)
    # the files are dropped (or chosen); the dialog asks what they are
    tab.start_import([media_files["ad"], media_files["logo"], media_files["truncated"]])
    dialog = tab.import_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("ad"))
    dialog.seconds.selectAll()
    qtbot.keyClicks(dialog.seconds, "8")
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=60_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert tab.progress.isVisible()  # the probing runs in the background; the window stays responsive
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    error_box = window.findChild(object, "errorBox")
    assert error_box is not None and "truncated" in error_box.text()
    error_box.close()
    assert tab.table.rowCount() == 2
    with sessions() as s:
        ad = s.get(Media, "iklan-toko-maju")
        assert ad is not None and not ad.approved and s.get(Media, "logo").is_image  # type: ignore[union-attr]
    tab.table.selectRow(row_of(tab, "iklan-toko-maju"))
    qtbot.mouseClick(tab.findChild(QAbstractButton, "approveButton"), Qt.MouseButton.LeftButton)
    answer(tab.question, "Budiono, S.ST")
    with sessions() as s:
        assert s.get(Media, "iklan-toko-maju").approved_by == "Budiono, S.ST"  # type: ignore[union-attr]
    tab.table.selectRow(row_of(tab, "logo"))
    qtbot.mouseClick(tab.findChild(QAbstractButton, "rejectButton"), Qt.MouseButton.LeftButton)
    answer(tab.question, "resolusi terlalu rendah")
    with sessions() as s:
        assert s.get(Media, "logo").rejected_reason == "resolusi terlalu rendah"  # type: ignore[union-attr]
    assert "ditolak" in tab.table.item(tab.table.currentRow(), 4).text()


def test_screens_tab_shows_heartbeat(  # type: ignore[no-untyped-def]
    qtbot, window: Any, sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    with sessions.begin() as s:
        s.add(Screen(id="alun-alun", name="Videotron Alun-Alun", location="Jl. M. Yamin", zone="A"))
        s.add(Screen(id="pasar", name="Videotron Pasar", location="Pasar Pusat", zone="B"))
        s.add(Screen(id="tanjung", name="Videotron Tanjung", location="Bontang", zone="C", timezone="Asia/Makassar"))
        s.add(Heartbeat(screen_id="alun-alun", at=clock.now(), current_media_id="psa-dbd"))
        s.add(Heartbeat(screen_id="tanjung", at=clock.now(), current_media_id="psa-dbd"))
    tab = window.pages["Screens"]
    window.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(next(b for b in tab.findChildren(QAbstractButton) if b.text() == "Muat ulang"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    states = {tab.table.item(r, 0).text(): tab.table.item(r, 6).text() for r in range(tab.table.rowCount())}
    assert states == {"alun-alun": "daring", "pasar": "luring", "tanjung": "daring"}
    # the last contact is the screen's moment: in the screen's zone, named
    assert tab.table.item(0, 8).text() == "10-03-2026 09:00:00 WIB"
    assert tab.table.item(2, 8).text() == "10-03-2026 10:00:00 WITA"


def shown_texts(window: Any) -> set[str]:
    """Every text the window shows in its widgets, tabs, table heads and menus."""
    texts = {window.windowTitle()} | {window.tabs.tabText(i) for i in range(window.tabs.count())}
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton):
            texts.add(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.add(widget.title())
        elif isinstance(widget, QTableWidget):
            heads = (widget.horizontalHeaderItem(c) for c in range(widget.columnCount()))
            texts |= {h.text() for h in heads if h is not None}
    for menu in window.menuBar().actions():
        texts |= {menu.text()} | {a.text() for a in menu.menu().actions()}
    return {t for t in texts if t}


def test_every_ui_string_has_an_indonesian_translation(window: Any) -> None:
    """No English leaks into the default UI: every tr("...") literal of the desk has its Indonesian entry (the
    catalogue), and no text the Indonesian window shows is an English source text left untranslated."""
    from tests.test_catalogue import tool

    missing = [problem for problem in tool().problems("id") if problem.startswith(("videotron/gui/", "desk.po"))]
    assert not missing, missing
    assert tr("Screens", "id") == "Layar"
    leaked = sorted(t for t in shown_texts(window) if tr(t, "id") != t)
    assert not leaked, leaked
