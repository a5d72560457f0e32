"""Managing users: add, change a password or a role, disable and enable — each one audited transaction step.

The first user of a database must be an admin (otherwise nobody could manage users afterwards), and the last
enabled admin cannot be disabled. A user may change their own password; changing anyone else's needs
`user.manage`. The audit trail records who changed what, never a password or its hash.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import VideotronError
from videotron.core.permissions import ROLES, authorize, users_exist
from videotron.core.users import User, check_name, check_password, get_user, hash_password


def _snapshot(user: User) -> dict[str, object]:
    return {"role": user.role, "enabled": user.enabled}


def add_user(session: Session, name: str, role: str, password: str, *, actor: str, clock: Clock) -> User:
    check_name(name)
    if role not in ROLES:
        raise VideotronError("user.role_unknown", "role {role!r} is not one of {roles:list}", field="role", role=role,
                             roles=list(ROLES))  # fmt: skip
    first = not users_exist(session)
    if first and role != "admin":
        raise VideotronError("user.first_not_admin", "the first user must be an admin (so someone can manage "
                             "users): `videotron user add {name} --role admin`", field="role", name=name)  # fmt: skip
    authorize(session, actor, "user.manage")
    if session.get(User, name) is not None:
        raise VideotronError("user.exists", "user {name!r} already exists (change the password with `videotron user "
                             "passwd`)", name=name)  # fmt: skip
    check_password(name, password)
    now = clock.now()
    user = User(name=name, role=role, password_hash=hash_password(password), enabled=True, created_at=now,
                created_by=actor, password_changed_at=now)  # fmt: skip
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user.add", entity="user", entity_id=name, after=_snapshot(user),
                 clock=clock)  # fmt: skip
    return user


def set_password(session: Session, name: str, password: str, *, actor: str, clock: Clock) -> User:
    user = get_user(session, name)
    if actor != name:
        authorize(session, actor, "user.manage")
    check_password(name, password)
    user.password_hash = hash_password(password)
    user.password_changed_at = clock.now()
    audit.record(session, actor=actor, action="user.passwd", entity="user", entity_id=name,
                 after={"password_changed_at": user.password_changed_at.isoformat()}, clock=clock)  # fmt: skip
    return user


def set_enabled(session: Session, name: str, enabled: bool, *, actor: str, clock: Clock) -> User:
    authorize(session, actor, "user.manage")
    user = get_user(session, name)
    if user.enabled == enabled:
        return user
    if not enabled and _last_admin(session, user):
        raise VideotronError("user.last_admin", "{name} is the last enabled admin; add another admin before "
                             "disabling it", name=name)  # fmt: skip
    before = _snapshot(user)
    user.enabled = enabled
    audit.record(session, actor=actor, action="user.enable" if enabled else "user.disable", entity="user",
                 entity_id=name, before=before, after=_snapshot(user), clock=clock)  # fmt: skip
    return user


def set_role(session: Session, name: str, role: str, *, actor: str, clock: Clock) -> User:
    """Give `name` another role; the last enabled admin keeps theirs (someone must be able to manage users)."""
    authorize(session, actor, "user.manage")
    if role not in ROLES:
        raise VideotronError("user.role_unknown", "role {role!r} is not one of {roles:list}", field="role", role=role,
                             roles=list(ROLES))  # fmt: skip
    user = get_user(session, name)
    if user.role == role:
        return user
    if _last_admin(session, user):
        raise VideotronError("user.last_admin_role", "{name} is the last enabled admin; add another admin before "
                             "giving {name} another role", field="role", name=name)  # fmt: skip
    before = _snapshot(user)
    user.role = role
    audit.record(session, actor=actor, action="user.role", entity="user", entity_id=name, before=before,
                 after=_snapshot(user), clock=clock)  # fmt: skip
    return user


def _last_admin(session: Session, user: User) -> bool:
    """Whether `user` is the only enabled admin."""
    if user.role != "admin" or not user.enabled:
        return False
    return session.scalar(select(func.count()).where(User.role == "admin", User.enabled.is_(True))) == 1


def random_password() -> str:
    return secrets.token_urlsafe(12)
