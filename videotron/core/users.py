"""Users of the office database and their passwords (scrypt), and checking a login.

A password is stored as `scrypt$<log2 n>$<r>$<p>$<salt>$<hash>` (salt and hash base64): the parameters travel with
the hash, so they can be raised later without breaking old passwords. scrypt is memory-hard (16 MiB per check
with n=2^14, r=8), which makes guessing a stolen hash on a GPU expensive; comparison is constant-time.
Managing users (add, password, disable) is in `videotron.core.user_admin`, behind the permission check.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from videotron.core.db import Base, UTCDateTime
from videotron.core.errors import NotFound, VideotronError
from videotron.core.i18n import N_

NAME_PATTERN = r"[a-z][a-z0-9._-]{0,63}"
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 14, 8, 1
SALT_BYTES = 16
FAILED_LOGIN_DELAY = 0.5  # seconds, the same for an unknown user, a disabled one and a wrong password


class User(Base):
    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL
    __audit_name__ = N_("user")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = ("role", "password_hash", "enabled")

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    enabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # consecutive failed logins, and the end of a lockout (`videotron.core.logins`); in the database, not in a
    # program, so every desk counts the same guesses
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WrongPassword(VideotronError):
    """A login failed: unknown user or wrong password (the message does not say which)."""


class UserDisabled(WrongPassword):
    """The password was right but the user is disabled."""


def _scrypt(password: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    n = 1 << log_n
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + (1 << 20),
                          dklen=32)  # fmt: skip


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_LOG_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, log_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or not (10 <= int(log_n) <= 20 and 1 <= int(r) <= 32 and 1 <= int(p) <= 16):
            return False
        want = base64.b64decode(digest)
        got = _scrypt(password, base64.b64decode(salt), int(log_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# Checked against when the user does not exist, so an unknown name costs the same time as a wrong password.
DUMMY_HASH = hash_password("not a password of anyone")


def check_name(name: str) -> None:
    if not re.fullmatch(NAME_PATTERN, name or ""):
        raise VideotronError("user.name_invalid", "user name {name!r} is not valid: lowercase letters, digits, "
                             "'.', '_' or '-', starting with a letter", field="name", name=name)  # fmt: skip


def check_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise VideotronError("password.too_short", "the password for {name} is too short: at least {minimum} "
                             "characters", name=name, minimum=MIN_PASSWORD)  # fmt: skip
    if len(password) > MAX_PASSWORD:
        raise VideotronError("password.too_long", "the password for {name} is too long: at most {maximum} "
                             "characters", name=name, maximum=MAX_PASSWORD)  # fmt: skip
    if password.strip().lower() == name.lower():
        raise VideotronError("password.is_name", "the password for {name} must not be the user name", name=name)


def authenticate(session: Session, name: str, password: str) -> User:
    """The enabled user `name` if `password` is theirs; WrongPassword (after a fixed delay) otherwise."""
    user = session.get(User, name)
    ok = verify_password(password, user.password_hash if user else DUMMY_HASH) and user is not None
    if not ok:
        time.sleep(FAILED_LOGIN_DELAY)
        raise WrongPassword("login.wrong_password", "wrong password for {name}", name=name)
    assert user is not None
    if not user.enabled:
        raise UserDisabled("login.disabled", "user {name} is disabled; an admin can enable it again", name=name)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def get_user(session: Session, name: str) -> User:
    user = session.get(User, name)
    if user is None:
        raise NotFound("user.not_found", "user {name!r} does not exist (see `videotron user list`)", name=name)
    return user
