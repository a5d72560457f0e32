"""The operator app's login dialog: a right password logs in, three wrong ones close it; no users, no dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt

from videotron.core import users
from videotron.core.clock import FixedClock
from videotron.core.context import AppContext
from videotron.core.user_admin import add_user
from videotron.gui.login import LoginDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(
    sessions: sessionmaker[Session], clock: FixedClock, app_context: Callable[..., AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> AppContext:  # fmt: skip
    """The desk of a database where sari (admin) exists, speaking Indonesian, started with `--user sari`."""
    monkeypatch.setattr(users, "FAILED_LOGIN_DELAY", 0.0)
    with sessions.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    return app_context("sari", language="id")


def attempt(qtbot, dialog: LoginDialog, password: str) -> None:  # type: ignore[no-untyped-def]
    """Type the password into the box and press OK, as the user does."""
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_right_password_logs_in(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.text() == "sari"  # the --user name is offered
    attempt(qtbot, dialog, "rahasia-sari")
    assert dialog.result() == LoginDialog.DialogCode.Accepted and dialog.user == "sari"


def test_three_wrong_passwords_close_the_dialog(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt_number in (1, 2):
        attempt(qtbot, dialog, "salah")
        assert dialog.isVisible() and dialog.password.text() == ""
        assert dialog.message.text() == f"Kata sandi sari salah (sisa {3 - attempt_number} kali percobaan)."
    attempt(qtbot, dialog, "salah")
    assert dialog.result() == LoginDialog.DialogCode.Rejected and dialog.user is None and not dialog.isVisible()


def test_run_admin_asks_for_login_once_users_exist(qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from videotron.gui import app

    asked: list[str] = []
    monkeypatch.setattr(app, "login", lambda ctx: asked.append(ctx.claimed_user))  # the user gives up: None
    assert app.run_admin(ctx) == 1 and asked == ["sari"]


def test_a_locked_account_is_refused_with_its_time_even_with_the_right_password(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    """Failures at other desks (or the CLI) count: three closed dialogs and two more guesses lock sari for 15 min."""
    from sqlalchemy import select

    from videotron.core.audit import AuditEntry

    for _ in range(5):
        dialog = LoginDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        attempt(qtbot, dialog, "salah")
    assert "terkunci" in dialog.message.text() and dialog.isVisible()
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    attempt(qtbot, dialog, "rahasia-sari")
    assert dialog.user is None and dialog.isVisible()
    assert dialog.message.text() == (
        "Pengguna sari terkunci karena terlalu banyak gagal masuk sampai 10-03-2026 "
        "09:15 WIB; minta admin membuka kuncinya."
    )
    qtbot.waitUntil(lambda: dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width()))
    with sessions() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("login.%"))))
    assert actions == ["login.failed"] * 5 + ["login.locked"]
