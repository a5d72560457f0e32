"""Logging in, for every program (CLI, desk): the password check, a lockout kept in the database, and every failed
login in the audit trail.

After `lockout_after` consecutive failures (office configuration `[security]`, 5 by default) an account refuses
every password, the right one too, for `lockout_minutes` (15). The count and the end of the lockout are columns of
the user's row, so desks guessing in parallel share them; a success resets the count; an admin can unlock
(`unlock_user`). Each failure is an audit entry (`login.failed`, `login.locked`, `login.disabled`) naming the name
that was tried, never the password. Names that are no user are audited too, but there is no row to lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Security
from videotron.core.db import make_session_factory, read_only
from videotron.core.errors import VideotronError
from videotron.core.formats import local_time
from videotron.core.permissions import authorize, check_role
from videotron.core.users import (
    DUMMY_HASH,
    FAILED_LOGIN_DELAY,
    User,
    UserDisabled,
    WrongPassword,
    authenticate,
    get_user,
    verify_password,
)

__all__ = ["AccountLocked", "admin_for_upgrade", "login", "unlock_user"]


class AccountLocked(WrongPassword):
    """Too many failed logins in a row: the account waits until its lockout ends (or an admin unlocks it)."""


def login(engine: Engine, name: str, password: str, *, clock: Clock, policy: Security, zone: ZoneInfo) -> str:
    """The name of the enabled user `name` whose password this is; WrongPassword, UserDisabled or AccountLocked
    otherwise (each failure recorded and counted in its own committed transaction). A login that succeeds reads
    only (no write lock on SQLite), unless it has a count to reset."""
    name = name[:64]
    readers, writers = make_session_factory(read_only(engine)), make_session_factory(engine)
    with readers() as s:
        user = s.get(User, name)
        locked_until = user.locked_until if user is not None else None
    if locked_until is not None and locked_until > clock.now():
        _failed(writers, name, "login.locked", clock=clock, policy=policy)
        raise _locked(name, locked_until, zone)
    try:
        with readers() as s:
            found = authenticate(s, name, password)  # waits FAILED_LOGIN_DELAY on a wrong password
            found_name, to_reset = found.name, bool(found.failed_logins or found.locked_until is not None)
    except UserDisabled:
        _failed(writers, name, "login.disabled", clock=clock, policy=policy)
        raise
    except WrongPassword:
        until = _failed(writers, name, "login.failed", clock=clock, policy=policy)
        if until is not None:
            raise _locked(name, until, zone) from None
        raise
    if to_reset:
        with writers.begin() as s:
            user = s.get(User, found_name, with_for_update=True)
            if user is not None:
                user.failed_logins, user.locked_until = 0, None
    return found_name


def _failed(
    sessions: sessionmaker[Session], name: str, action: str, *, clock: Clock, policy: Security
) -> datetime | None:
    """Count and audit one failure; the end of the lockout it started (None when it started none)."""
    now = clock.now()
    started = None
    with sessions.begin() as s:
        user = s.get(User, name, with_for_update=True)  # one row lock: parallel desks count every guess
        after: dict[str, object] = {}
        if user is not None and action == "login.failed":
            user.failed_logins = (user.failed_logins or 0) + 1
            after["failed_logins"] = user.failed_logins
            if user.failed_logins >= policy.lockout_after:
                started = now + timedelta(minutes=policy.lockout_minutes)
                user.locked_until, user.failed_logins = started, 0
                after["locked_until"] = started.isoformat()
        audit.record(s, actor=name, action=action, entity="user", entity_id=name, after=after or None, clock=clock)
    return started


def _locked(name: str, until: datetime, zone: ZoneInfo) -> AccountLocked:
    return AccountLocked("login.locked", "user {name} is locked after too many failed logins until {until}; an admin "
                         "can unlock it (videotron user unlock {name})", name=name,
                         until=local_time(until, zone))  # fmt: skip


def unlock_user(session: Session, name: str, *, actor: str, clock: Clock) -> User:
    """End a lockout and reset the failure count (an admin's action, audited)."""
    authorize(session, actor, "user.manage")
    user = get_user(session, name)
    before = {"failed_logins": user.failed_logins, "locked_until": user.locked_until.isoformat() if user.locked_until
              else None}  # fmt: skip
    if not user.failed_logins and user.locked_until is None:
        raise VideotronError("user.not_locked", "user {name} is not locked", field="name", name=name)
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, actor=actor, action="user.unlock", entity="user", entity_id=name, before=before,
                 after={"failed_logins": 0, "locked_until": None}, clock=clock)  # fmt: skip
    return user


def admin_for_upgrade(engine: Engine, name: str | None, password: Callable[[], str]) -> str | None:
    """Who upgrades the schema: None while the database has no user; else `name`, once its password is checked and
    its role may `db.upgrade`. Read with plain SQL, since the schema may be older than this program's models (the
    lockout columns arrive with this very upgrade); a wrong password waits like any failed login."""
    if "app_user" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        if not conn.execute(text("SELECT count(*) FROM app_user")).scalar():
            return None
        if not name:
            raise VideotronError("login.who", "this database has users: say who you are with --user NAME (the "
                                 "password is asked, or read from {env})", env="VIDEOTRON_PASSWORD")  # fmt: skip
        row = conn.execute(text("SELECT role, password_hash, enabled FROM app_user WHERE name = :n"),
                           {"n": name}).first()  # fmt: skip
    ok = verify_password(password(), row.password_hash if row else DUMMY_HASH) and row is not None
    if not ok or row is None:
        time.sleep(FAILED_LOGIN_DELAY)
        raise WrongPassword("login.wrong_password", "wrong password for {name}", name=name)
    check_role(name, row.role, bool(row.enabled), "db.upgrade")
    return name
