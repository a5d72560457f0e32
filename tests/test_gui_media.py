"""The operator app's Screens and Media tabs, driven through their main tasks against a real database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QSettings

from playlists.models import Heartbeat, Media, Screen
from videotron.core.clock import SystemClock
from videotron.core.config import Config
from videotron.gui.app import build_window
from videotron.gui.i18n import ID, set_language, tr
from videotron.gui.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Services:
    return Services(sessions, SystemClock(), "operator-test", Config(), "sqlite (test)")


@pytest.fixture
def window(qtbot, services: Services, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "admin.ini"), QSettings.Format.IniFormat)
    win = build_window(services, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    set_language("id")


def test_import_approve_reject(qtbot, window, services: Services, media_files: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    tab = window.pages["Media"]
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=60_000):
        tab.start_import([media_files["ad"], media_files["logo"], media_files["truncated"]], kind="ad", seconds=8)
        assert tab.progress.isVisible()  # the probing runs in the background; the window stays responsive
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    error_box = window.findChild(object, "errorBox")
    assert error_box is not None and "truncated" in error_box.text()
    error_box.close()
    assert tab.table.rowCount() == 2
    with services.sessions() as s:
        ad = s.get(Media, "iklan-toko-maju")
        assert ad is not None and not ad.approved and s.get(Media, "logo").is_image  # type: ignore[union-attr]
    tab.table.selectRow(next(r for r in range(2) if tab.table.item(r, 0).text() == "iklan-toko-maju"))
    tab.approve_selected(by="Budiono, S.ST")
    with services.sessions() as s:
        assert s.get(Media, "iklan-toko-maju").approved_by == "Budiono, S.ST"  # type: ignore[union-attr]
    tab.table.selectRow(next(r for r in range(2) if tab.table.item(r, 0).text() == "logo"))
    tab.reject_selected(reason="resolusi terlalu rendah")
    with services.sessions() as s:
        assert s.get(Media, "logo").rejected_reason == "resolusi terlalu rendah"  # type: ignore[union-attr]
    assert "ditolak" in tab.table.item(tab.table.currentRow(), 4).text()


def test_screens_tab_shows_heartbeat(qtbot, window, services: Services) -> None:  # type: ignore[no-untyped-def]
    with services.sessions.begin() as s:
        s.add(Screen(id="alun-alun", name="Videotron Alun-Alun", location="Jl. M. Yamin", zone="A"))
        s.add(Screen(id="pasar", name="Videotron Pasar", location="Pasar Pusat", zone="B"))
        s.add(Heartbeat(screen_id="alun-alun", at=services.clock.now(), current_media_id="psa-dbd"))
    tab = window.pages["Screens"]
    window.tabs.setCurrentWidget(tab)
    tab.refresh()
    states = {tab.table.item(r, 0).text(): tab.table.item(r, 6).text() for r in range(tab.table.rowCount())}
    assert states == {"alun-alun": "daring", "pasar": "luring"}


def test_every_ui_string_has_an_indonesian_translation() -> None:
    """No English leaks into the default UI: every tr("...") literal in the GUI has an Indonesian entry."""
    import re

    gui = Path(__file__).parents[1] / "videotron" / "gui"
    used = set()
    for path in gui.glob("*.py"):
        used |= set(re.findall(r'\btr\(\s*"([^"]+)"', path.read_text()))
    missing = sorted(used - set(ID))
    assert not missing, missing
    assert tr("Screens") == "Layar"
