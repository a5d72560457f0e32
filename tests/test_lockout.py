"""Guessing passwords: after 5 consecutive failures an account waits 15 minutes (configurable), the count lives in
the database so parallel desks share it, every failure is in the audit trail (never the password), an admin can
unlock; `db upgrade` on a database with users needs an admin (issue #18, credentials)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from tests.office import write_office_config
from tests.test_disk_errors import _old_database, run
from videotron.core import users as users_module
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import FixedClock
from videotron.core.config import OFFICE_TZ, Security
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import PermissionDenied
from videotron.core.logins import AccountLocked, login, unlock_user
from videotron.core.migrate import current_revisions
from videotron.core.user_admin import add_user
from videotron.core.users import User, WrongPassword

POLICY = Security()


@pytest.fixture(autouse=True)
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_module, "FAILED_LOGIN_DELAY", 0)


@pytest.fixture
def office(sessions: sessionmaker[Session], clock: FixedClock) -> sessionmaker[Session]:
    with sessions.begin() as s:
        add_user(s, "admin", "admin", "rahasia-admin", actor="admin", clock=clock)
        add_user(s, "sari", "bendahara", "rahasia-sari", actor="admin", clock=clock)
    return sessions


def attempt(sessions: sessionmaker[Session], clock: FixedClock, password: str, name: str = "sari") -> str:
    return login(sessions.kw["bind"], name, password, clock=clock, policy=POLICY, zone=OFFICE_TZ)


def test_five_failures_lock_the_account_for_15_minutes_even_for_the_right_password(
    office: sessionmaker[Session], clock: FixedClock
) -> None:
    for _ in range(4):
        with pytest.raises(WrongPassword) as err:
            attempt(office, clock, "tebakan")
        assert not isinstance(err.value, AccountLocked)
    with pytest.raises(AccountLocked, match=r"locked after too many failed logins until 10-03-2026 09:15 WIB"):
        attempt(office, clock, "tebakan")  # the fifth
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        attempt(office, clock, "rahasia-sari")  # the right password waits too
    clock.advance(minutes=1, seconds=1)
    assert attempt(office, clock, "rahasia-sari") == "sari"
    with office() as s:
        sari = s.get(User, "sari")
        assert sari is not None and sari.failed_logins == 0 and sari.locked_until is None


def test_a_success_resets_the_count(office: sessionmaker[Session], clock: FixedClock) -> None:
    for _ in range(4):
        with pytest.raises(WrongPassword):
            attempt(office, clock, "tebakan")
    assert attempt(office, clock, "rahasia-sari") == "sari"
    for _ in range(4):
        with pytest.raises(WrongPassword) as err:
            attempt(office, clock, "tebakan")
        assert not isinstance(err.value, AccountLocked)


def test_every_failure_is_audited_without_the_password(office: sessionmaker[Session], clock: FixedClock) -> None:
    for name, password in (("sari", "tebakan-1"), ("nobody", "tebakan-2")):
        with pytest.raises(WrongPassword):
            attempt(office, clock, password, name)
    with office() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action.like("login.%")).order_by(AuditEntry.seq)))
        assert [(e.action, e.actor, e.entity_id) for e in entries] == [
            ("login.failed", "sari", "sari"),
            ("login.failed", "nobody", "nobody"),
        ]
        assert json.loads(entries[0].after) == {"failed_logins": 1}
        text = " ".join(f"{e.before} {e.after}" for e in entries)
        assert "tebakan" not in text and "scrypt" not in text
        assert verify_chain(s) == []


def test_parallel_desks_share_the_count(office: sessionmaker[Session], sqlite_url: str, clock: FixedClock) -> None:
    """Two desks (two engines on one database) guessing alternately lock the account after 5 guesses in all."""
    other = make_session_factory(make_engine(sqlite_url))
    for n in range(4):
        with pytest.raises(WrongPassword):
            attempt(office if n % 2 else other, clock, "tebakan")
    with pytest.raises(AccountLocked):
        attempt(other, clock, "tebakan")


def test_an_admin_unlocks(office: sessionmaker[Session], clock: FixedClock) -> None:
    for _ in range(5):
        with pytest.raises(WrongPassword):
            attempt(office, clock, "tebakan")
    with office.begin() as s, pytest.raises(PermissionDenied, match=r"user\.manage"):
        unlock_user(s, "sari", actor="sari", clock=clock)
    with office.begin() as s:
        unlock_user(s, "sari", actor="admin", clock=clock)
    assert attempt(office, clock, "rahasia-sari") == "sari"
    with office() as s:
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(1)) == "user.unlock"


def test_the_office_configures_the_lockout_and_the_cli_unlocks(
    sqlite_url: str, isolated_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = write_office_config(
        tmp_path / "config" / "config.toml", tables="[security]\nlockout_after = 2\nlockout_minutes = 60\n"
    )  # the test office's file with its lockout settings
    assert run(capsys, "--db", sqlite_url, "db", "upgrade")[0] == 0
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-admin")
    assert run(capsys, "--db", sqlite_url, "user", "add", "admin", "--role", "admin")[0] == 0
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-budi")
    assert run(capsys, "--db", sqlite_url, "--user", "admin", "user", "add", "budi", "--role", "operator")[0] == 0
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "salah-salah")
    assert run(capsys, "--db", sqlite_url, "--user", "budi", "user", "passwd", "budi")[0] == 2
    code, _, err = run(capsys, "--db", sqlite_url, "--user", "budi", "user", "passwd", "budi")
    assert code == 2 and "user budi is locked after too many failed logins until" in err and "WIB" in err
    code, out, _ = run(capsys, "--db", sqlite_url, "user", "list")
    assert "locked until" in out
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    assert run(capsys, "--db", sqlite_url, "--user", "admin", "user", "unlock", "budi")[:2] == (
        0,
        "unlocked user budi\n",
    )
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-budi")
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-budi-2")
    assert run(capsys, "--db", sqlite_url, "--user", "budi", "user", "passwd", "budi")[0] == 0
    write_office_config(config, tables="[security]\nlockout_after = 0\n")
    code, _, err = run(capsys, "--db", sqlite_url, "--user", "budi", "user", "passwd", "budi")
    assert code == 2 and "field 'lockout_after': must be at least 1, got 0" in err


def test_db_upgrade_with_users_needs_an_admin(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _old_database(tmp_path)  # an older schema: the lockout columns do not exist yet
    with make_engine(url).begin() as conn:
        for name, role in (("admin", "admin"), ("budi", "operator")):
            row = {"n": name, "r": role, "h": users_module.hash_password(f"rahasia-{name}"), "t": "2026-03-10 02:00:00"}
            conn.execute(text("INSERT INTO app_user VALUES (:n, :r, :h, 1, :t, 'admin', :t)"), row)
    code, _, err = run(capsys, "--db", url, "db", "upgrade")
    assert code == 2 and "say who you are with --user NAME" in err
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-budi")
    code, _, err = run(capsys, "--db", url, "--user", "budi", "db", "upgrade")
    assert code == 2 and "user 'budi' (operator) may not upgrade the database schema (db.upgrade)" in err
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "salah-salah")
    assert run(capsys, "--db", url, "--user", "admin", "db", "upgrade")[0] == 2
    assert current_revisions(make_engine(url)) == {"0009_tariff_units"}
    assert not list(tmp_path.glob("*.bak-*"))  # refused before the backup, too
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    assert run(capsys, "--db", url, "--user", "admin", "db", "upgrade")[0] == 0
    assert run(capsys, "--db", url, "--user", "admin", "db", "upgrade")[0] == 0  # already current: still an admin
