"""Administration › Users and roles, by clicks: an admin adds a user (password typed twice, or made up and shown
once), changes a role, resets a password, unlocks a locked-out user — through the user services the CLI calls,
audited as the CLI's are; the last admin keeps the role; anyone else sees the buttons disabled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.user_admin import add_user
from videotron.core.users import User, verify_password

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def office(sessions: sessionmaker[Session], clock: FixedClock) -> sessionmaker[Session]:
    """An office whose admin is sari, with a treasurer, budi."""
    with sessions.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with sessions.begin() as s:
        add_user(s, "budi", "bendahara", "rahasia-budi", actor="sari", clock=clock)
    return sessions


def click_row(qtbot: Any, table: Any, name: str) -> None:
    item = table.findItems(name, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualItemRect(item).center())
    assert table.currentRow() == item.row()


def user(sessions: sessionmaker[Session], name: str) -> User | None:
    with sessions() as s:
        return s.get(User, name)


def audited(sessions: sessionmaker[Session], action: str) -> list[tuple[str, str]]:
    with sessions() as s:
        return [(e.actor, e.entity_id) for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


def users_panel(desk_tab: Callable[..., Any], actor: str = "sari", **kw: Any) -> Any:
    admin = desk_tab("Administration", actor, **kw)
    admin.pages.setCurrentWidget(admin.users)
    return admin.users


def test_add_a_user_with_a_role(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = users_panel(desk_tab)
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == ["budi", "sari"]
    qtbot.mouseClick(panel.findChild(object, "addUser"), LEFT)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.name, "rina")
    dialog.role.setCurrentIndex(dialog.role.findData("operator"))
    qtbot.keyClicks(dialog.password, "kata-sandi-rina")
    qtbot.keyClicks(dialog.again, "kata-sandi-rinA")
    qtbot.mouseClick(dialog.ok, LEFT)
    assert dialog.isVisible() and dialog.problem.text().startswith("Password again: the two passwords differ")
    assert user(office, "rina") is None
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "kata-sandi-rina")
    qtbot.mouseClick(dialog.ok, LEFT)
    assert not dialog.isVisible(), dialog.problem.text()
    rina = user(office, "rina")
    assert rina is not None and rina.role == "operator" and verify_password("kata-sandi-rina", rina.password_hash)
    assert ("sari", "rina") in audited(office, "user.add")
    row = panel.table.findItems("rina", Qt.MatchFlag.MatchExactly)[0].row()
    assert panel.table.item(row, 1).text() == "operator" and "WIB" in panel.table.item(row, 3).text()


def test_change_a_role_but_never_the_last_admins(qtbot: Any, office: Any, desk_tab: Callable[..., Any],
                                                 answer: Callable[[Any, str], None]) -> None:  # fmt: skip
    panel = users_panel(desk_tab)
    click_row(qtbot, panel.table, "budi")
    qtbot.mouseClick(panel.findChild(object, "changeRole"), LEFT)
    answer(panel.question, "auditor")
    assert user(office, "budi").role == "auditor"  # type: ignore[union-attr]
    assert ("sari", "budi") in audited(office, "user.role")
    click_row(qtbot, panel.table, "sari")
    qtbot.mouseClick(panel.findChild(object, "changeRole"), LEFT)
    answer(panel.question, "operator")
    box = panel.findChild(QMessageBox, "errorBox")
    assert box is not None and "last enabled admin" in box.text()
    assert user(office, "sari").role == "admin"  # type: ignore[union-attr]


def test_reset_a_password_made_up_and_shown_once(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = users_panel(desk_tab)
    click_row(qtbot, panel.table, "budi")
    qtbot.mouseClick(panel.findChild(object, "resetPassword"), LEFT)
    dialog = panel.dialog
    assert dialog.name.text() == "budi" and dialog.name.isReadOnly()
    qtbot.mouseClick(dialog.make_up, LEFT, pos=QPoint(8, dialog.make_up.height() // 2))  # on its box
    assert not dialog.password.isEnabled()
    qtbot.mouseClick(dialog.ok, LEFT)
    shown = dialog.shown
    assert shown is not None and shown.isVisible()
    password = shown.text().split("The password for budi is ")[1].split()[0]
    assert verify_password(password, user(office, "budi").password_hash)  # type: ignore[union-attr]
    assert ("sari", "budi") in audited(office, "user.passwd")


def test_unlock_a_locked_out_user(qtbot: Any, office: Any, desk_tab: Callable[..., Any], clock: FixedClock) -> None:
    with office.begin() as s:
        budi = s.get(User, "budi")
        budi.failed_logins, budi.locked_until = 5, clock.now() + timedelta(minutes=15)
    panel = users_panel(desk_tab)
    row = panel.table.findItems("budi", Qt.MatchFlag.MatchExactly)[0].row()
    assert panel.table.item(row, 2).text() == "locked until 10-03-2026 09:15 WIB"
    click_row(qtbot, panel.table, "budi")
    qtbot.mouseClick(panel.findChild(object, "unlockUser"), LEFT)
    assert panel.table.item(row, 2).text() == "active"
    assert user(office, "budi").locked_until is None and ("sari", "budi") in audited(office, "user.unlock")  # type: ignore[union-attr]


def test_only_an_admin_manages_users(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = users_panel(desk_tab, "budi", language="id")
    assert panel.table.rowCount() == 2
    for button in panel.buttons:
        assert not button.isEnabled() and button.toolTip().startswith("Hanya admin"), button.objectName()


def test_disable_and_enable_but_never_the_last_admin(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = users_panel(desk_tab)
    click_row(qtbot, panel.table, "budi")
    qtbot.mouseClick(panel.findChild(object, "toggleUser"), LEFT)
    row = panel.table.findItems("budi", Qt.MatchFlag.MatchExactly)[0].row()
    assert panel.table.item(row, 2).text() == "disabled" and not user(office, "budi").enabled  # type: ignore[union-attr]
    click_row(qtbot, panel.table, "budi")
    qtbot.mouseClick(panel.findChild(object, "toggleUser"), LEFT)
    assert panel.table.item(row, 2).text() == "active" and user(office, "budi").enabled  # type: ignore[union-attr]
    assert [a for a in audited(office, "user.disable")] == [("sari", "budi")] == audited(office, "user.enable")
    click_row(qtbot, panel.table, "sari")
    qtbot.mouseClick(panel.findChild(object, "toggleUser"), LEFT)
    box = panel.findChild(QMessageBox, "errorBox")
    assert box is not None and "last enabled admin" in box.text() and user(office, "sari").enabled  # type: ignore[union-attr]


def test_anyone_changes_their_own_password(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = users_panel(desk_tab, "budi")
    assert panel.own_password.isEnabled()
    qtbot.mouseClick(panel.own_password, LEFT)
    dialog = panel.dialog
    assert dialog.name.text() == "budi" and dialog.name.isReadOnly()
    qtbot.keyClicks(dialog.password, "sandi-baru-budi")
    qtbot.keyClicks(dialog.again, "sandi-baru-budi")
    qtbot.mouseClick(dialog.ok, LEFT)
    assert not dialog.isVisible(), dialog.problem.text()
    assert verify_password("sandi-baru-budi", user(office, "budi").password_hash)  # type: ignore[union-attr]
    assert ("budi", "budi") in audited(office, "user.passwd")
