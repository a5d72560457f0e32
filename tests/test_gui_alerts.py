"""The operator app's emergency button: guarded by a confirmation and by role, audited, and stoppable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QSettings

from playlists.models import Screen
from videotron.alerts.models import Alert
from videotron.core.clock import FixedClock
from videotron.core.config import Config
from videotron.core.user_admin import add_user
from videotron.gui.alert_panel import AlertDialog
from videotron.gui.app import build_window
from videotron.gui.services import Services

pytestmark = pytest.mark.gui
CLOCK = FixedClock(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


def window(qtbot, sessions: sessionmaker[Session], tmp_path: Path, actor: str):  # type: ignore[no-untyped-def]
    win = build_window(
        Services(sessions, CLOCK, actor, Config(), "test"),
        QSettings(str(tmp_path / f"{actor}.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    win.tabs.setCurrentWidget(win.pages["Screens"])
    return win


def test_alert_button(qtbot, sessions: sessionmaker[Session], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        s.add(Screen(id="alun-alun", name="Alun-Alun", zone="A"))
        add_user(s, "admin", "admin", "rahasia-admin", actor="setup", clock=CLOCK)
        add_user(s, "bpbd", "bpbd", "rahasia-bpbd", actor="admin", clock=CLOCK)
        add_user(s, "budi", "operator", "rahasia-budi", actor="admin", clock=CLOCK)
    # The dialog cannot be sent without a message and the confirmation
    dialog = AlertDialog(None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.message.setPlainText("Gempa bumi M5,6: jauhi bangunan.")
    assert not dialog.ok.isEnabled()
    dialog.confirm.setChecked(True)
    assert dialog.ok.isEnabled()
    # An operator is refused by the service, with a message
    panel = window(qtbot, sessions, tmp_path, "budi").pages["Screens"].alerts
    panel.start("PERINGATAN DARURAT", "Gempa bumi", 30)
    assert "bpbd" in panel.window().findChild(object, "errorBox").text()
    with sessions() as s:
        assert s.scalar(select(Alert.id)) is None
    # BPBD starts it on every screen; the panel shows it on air; stop ends it
    panel = window(qtbot, sessions, tmp_path, "bpbd").pages["Screens"].alerts
    panel.start("PERINGATAN DARURAT", "Gempa bumi M5,6: jauhi bangunan.", 30)
    with sessions() as s:
        alert = s.scalar(select(Alert))
        assert alert is not None and alert.all_screens and alert.issued_by == "bpbd"
    assert "Sedang tayang" in panel.state.text() and panel.stop_button.isEnabled()
    panel.stop_all(confirmed=True)
    with sessions() as s:
        assert s.scalar(select(Alert.stopped_by)) == "bpbd"
    assert "Tidak ada peringatan" in panel.state.text()
