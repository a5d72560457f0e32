"""The operator app's login dialog: a right password logs in, three wrong ones close it; no users, no dialog."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from videotron.core import users
from videotron.core.clock import FixedClock
from videotron.core.config import Config
from videotron.core.user_admin import add_user
from videotron.gui.i18n import set_language
from videotron.gui.login import LoginDialog
from videotron.gui.services import Services

pytestmark = pytest.mark.gui
CLOCK = FixedClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


@pytest.fixture
def services(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.setattr(users, "FAILED_LOGIN_DELAY", 0.0)
    set_language("id")
    with sessions.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=CLOCK)
    return Services(sessions, CLOCK, "sari", Config(), "sqlite (test)")


def test_right_password_logs_in(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "sari"  # the --user name is offered
    dialog.password.setText("rahasia-sari")
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Accepted and dialog.user == "sari"


def test_three_wrong_passwords_close_the_dialog(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in (1, 2):
        dialog.password.setText("salah")
        dialog.try_login()
        assert dialog.isVisible() and dialog.password.text() == ""
        assert dialog.message.text() == f"Kata sandi sari salah (sisa {3 - attempt} kali percobaan)."
    dialog.password.setText("salah")
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Rejected and dialog.user is None and not dialog.isVisible()


def test_run_admin_asks_for_login_once_users_exist(qtbot, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from videotron.gui import app

    asked: list[str] = []
    monkeypatch.setattr(app, "login", lambda svc: asked.append(svc.actor))  # the user gives up: None
    assert app.run_admin(services) == 1 and asked == ["sari"]
