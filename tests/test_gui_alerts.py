"""The operator app's emergency button: guarded by a confirmation and by role, audited, and stoppable; a refusal
stays in the dialog, in the user's language, with the cursor in the field it is about."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from playlists.models import Screen
from videotron.alerts.models import Alert
from videotron.core.clock import FixedClock
from videotron.core.user_admin import add_user
from videotron.gui.alert_panel import AlertDialog, AlertPanel

pytestmark = pytest.mark.gui


@pytest.fixture
def office(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    clock.set(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
    with sessions.begin() as s:
        s.add(Screen(id="alun-alun", name="Alun-Alun", zone="A"))
        add_user(s, "admin", "admin", "rahasia-admin", actor="setup", clock=clock)
        add_user(s, "bpbd", "bpbd", "rahasia-bpbd", actor="admin", clock=clock)
        add_user(s, "budi", "operator", "rahasia-budi", actor="admin", clock=clock)


def panel_of(desk: Callable[..., Any], actor: str) -> AlertPanel:
    window = desk(actor, language="id")
    window.tabs.setCurrentWidget(window.pages["Screens"])
    return window.pages["Screens"].alerts  # type: ignore[no-any-return]


def open_dialog(qtbot, panel: AlertPanel, message: str, title: str | None = None) -> AlertDialog:  # type: ignore[no-untyped-def]
    """Press the red button, type the message (and a title), tick the confirmation."""
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    if title is not None:
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, title)
    qtbot.keyClicks(dialog.message, message)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    return dialog


def test_alert_button(qtbot, office: None, desk: Callable[..., Any], sessions: sessionmaker[Session]) -> None:  # type: ignore[no-untyped-def]
    # The dialog cannot be sent without a message and the confirmation
    dialog = AlertDialog(None, "id", lambda *_: None)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.message.setPlainText("Gempa bumi M5,6: jauhi bangunan.")
    assert not dialog.ok.isEnabled()
    dialog.confirm.setChecked(True)
    assert dialog.ok.isEnabled()
    # An operator is refused by the service, with a message (and the dialog stays open)
    panel = panel_of(desk, "budi")
    dialog = open_dialog(qtbot, panel, "Gempa bumi")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "bpbd" in dialog.problem.text() and dialog.isVisible()
    with sessions() as s:
        assert s.scalar(select(Alert.id)) is None
    # BPBD starts it on every screen; the panel shows it on air; stop ends it
    panel = panel_of(desk, "bpbd")
    dialog = open_dialog(qtbot, panel, "Gempa bumi M5,6: jauhi bangunan.")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with sessions() as s:
        alert = s.scalar(select(Alert))
        assert alert is not None and alert.all_screens and alert.issued_by == "bpbd"
    assert "Sedang tayang" in panel.state.text() and panel.stop_button.isEnabled()
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert panel.question is not None
    qtbot.mouseClick(panel.question.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    with sessions() as s:
        assert s.scalar(select(Alert.stopped_by)) == "bpbd"
    assert "Tidak ada peringatan" in panel.state.text()


def test_a_refused_field_is_named_by_its_label_and_gets_the_cursor(  # type: ignore[no-untyped-def]
    qtbot, office: None, desk: Callable[..., Any], sessions: sessionmaker[Session]
) -> None:
    """GIVEN a title longer than a screen shows, WHEN BPBD broadcasts, THEN the dialog says what is wrong with the
    title in Indonesian, naming it as its label does ("Judul"), and puts the cursor in the title box."""
    dialog = open_dialog(qtbot, panel_of(desk, "bpbd"), "Banjir: hindari bantaran sungai.", title="B" * 201)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Judul: 201 karakter, paling banyak 200" in dialog.problem.text()
    assert dialog.focusWidget() is dialog.title and dialog.title.selectedText() == "B" * 201
    with sessions() as s:
        assert s.scalar(select(Alert.id)) is None
