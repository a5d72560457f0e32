"""Administration › Office settings, by clicks: the configuration shown; an admin edits it in a dialog whose keys are
checked as the loader checks the file; the file is written (0600) only when valid, a refused key named beside its box
and the file left as it was; the change audited; nobody else may edit."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.config import load_config
from videotron.core.user_admin import add_user

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def office(sessions: sessionmaker[Session], clock: FixedClock) -> sessionmaker[Session]:
    with sessions.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with sessions.begin() as s:
        add_user(s, "budi", "bendahara", "rahasia-budi", actor="sari", clock=clock)
    return sessions


@pytest.fixture
def config_path() -> Path:
    return Path(os.environ["VIDEOTRON_CONFIG"])


def settings_panel(desk_tab: Callable[..., Any], actor: str = "sari", **kw: Any) -> Any:
    admin = desk_tab("Administration", actor, **kw)
    admin.pages.setCurrentWidget(admin.settings)
    return admin.settings


def retype(qtbot: Any, box: Any, text: str) -> None:
    line = box.lineEdit() if hasattr(box, "lineEdit") else box
    line.selectAll()
    qtbot.keyClicks(line, text)


def open_dialog(qtbot: Any, panel: Any) -> Any:
    qtbot.mouseClick(panel.edit_button, LEFT)
    assert panel.dialog.isVisible()
    return panel.dialog


def test_edit_and_save_the_office_settings(qtbot: Any, office: Any, desk_tab: Callable[..., Any],
                                           config_path: Path) -> None:  # fmt: skip
    panel = settings_panel(desk_tab)
    assert str(config_path) in panel.source.text()
    assert panel.form.boxes[("office", "city")].text() == "Padang Panjang"
    assert not panel.form.boxes[("office", "city")].isEnabled() or panel.form.boxes[("office", "city")].isReadOnly()
    dialog = open_dialog(qtbot, panel)
    boxes = dialog.form.boxes
    retype(qtbot, boxes[("office", "city")], "Solok")
    retype(qtbot, boxes[("office", "government")], 'Pemerintah Kota "Solok"')
    retype(qtbot, boxes[("numbering", "skrd")], "{seq:05d}/SKRD/KOMINFO/{year}")
    retype(qtbot, boxes[("", "timezone")], "Asia/Makassar")
    qtbot.mouseClick(dialog.save, LEFT)
    assert not dialog.isVisible(), dialog.problem.text()
    config = load_config(config_path)
    assert config.office.city == "Solok" and config.office.government == 'Pemerintah Kota "Solok"'
    assert config.numbering.skrd == "{seq:05d}/SKRD/KOMINFO/{year}" and config.timezone == "Asia/Makassar"
    assert config.signer.nip == "196805121994031005"  # what the form did not change is kept
    assert "[interest]" in config_path.read_text(encoding="utf-8")  # and the tables it does not show
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    assert panel.ctx.config.office.city == "Solok"  # the desk now works with it
    assert panel.form.boxes[("office", "city")].text() == "Solok"
    with office() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "settings.edit")).one()
    assert entry.actor == "sari" and '"office.city":"Solok"' in entry.after and "Padang Panjang" in entry.before


def test_an_invalid_key_is_named_beside_its_box_and_nothing_written(qtbot: Any, office: Any,
                                                                     desk_tab: Callable[..., Any],
                                                                     config_path: Path) -> None:  # fmt: skip
    before = config_path.read_bytes()
    panel = settings_panel(desk_tab, language="id")
    dialog = open_dialog(qtbot, panel)
    boxes, problems = dialog.form.boxes, dialog.form.problems
    retype(qtbot, boxes[("office", "city")], "Solok")
    retype(qtbot, boxes[("numbering", "receipt")], "TBP/{year}")
    retype(qtbot, boxes[("", "timezone")], "Asia/Atlantis")
    qtbot.mouseClick(dialog.save, LEFT)
    assert dialog.isVisible()
    assert problems[("numbering", "receipt")].isVisible() and "{seq}" in problems[("numbering", "receipt")].text()
    assert problems[("", "timezone")].isVisible() and "Asia/Atlantis" in problems[("", "timezone")].text()
    assert not problems[("office", "city")].isVisible()
    assert "2 masalah" in dialog.problem.text(), dialog.problem.text()
    assert config_path.read_bytes() == before
    with office() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "settings.edit")).first() is None
    # fixed, it saves
    retype(qtbot, boxes[("numbering", "receipt")], "{seq:04d}/TBP/{year}")
    retype(qtbot, boxes[("", "timezone")], "Asia/Jayapura")
    qtbot.mouseClick(dialog.save, LEFT)
    assert not dialog.isVisible() and load_config(config_path).timezone == "Asia/Jayapura"


def test_only_an_admin_may_edit_settings(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = settings_panel(desk_tab, "budi", language="id")
    assert not panel.edit_button.isEnabled() and panel.edit_button.toolTip().startswith("Hanya admin")
