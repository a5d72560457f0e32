"""Who may do what: the one registry of permissions (name -> roles) and the `authorize` check services call.

Permissions are checked in the service layer, at the top of each service function that changes something, so the
operator app and the CLI are held to the same rules (hiding a button is only a convenience on top).

Bootstrap: while the database has no user at all, every action is allowed, so a fresh install works before
anyone has made the first admin. Once a user exists, the actor must be an enabled user whose role grants the
permission. System actors of unattended jobs (the player writing its play log) are not users and call no
`authorize`.

`admin` holds every permission: an admin can create a user of any role anyway, so keeping admin out of, say,
issuing an SKRD would buy no safety — it would only force a second account. Everything an admin does is in the
audit trail under their own name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from videotron.core.errors import PermissionDenied
from videotron.core.i18n import N_, say
from videotron.core.users import User

ROLES: dict[str, str] = {  # role -> what it is for (a catalogue phrase: `tr(ROLES[role], language)`)
    "admin": N_("users, settings and tariffs (and everything else)"),
    "operator": N_("media, playlists, dayparts, advertisers, bookings, setup files"),
    "bendahara": N_("assessments (SKRD), payments, voids, deposits (STS), reports"),
    "auditor": N_("read only"),
    "bpbd": N_("emergency alerts (reserved)"),
}


def no_users_note(language: str) -> str:
    """What a command says while the database has no user yet."""
    return say(language, "users.none_yet",
               "no users yet: create the first admin with `videotron user add NAME --role admin`")  # fmt: skip


@dataclass(frozen=True)
class Permission:
    what: str  # "issue an SKRD": reads after "may not ..."
    roles: tuple[str, ...]


def _p(what: str, *roles: str) -> Permission:
    return Permission(what, (*roles, "admin"))


PERMISSIONS: dict[str, Permission] = {
    # admin
    "user.manage": _p(N_("add, change or disable users")),
    "settings.edit": _p(N_("change the office settings")),
    "db.upgrade": _p(N_("upgrade the database schema")),
    "tariff.import": _p(N_("import a tariff")),
    "audit.seal": _p(N_("seal rows into the audit trail")),
    # operator
    "setup.load": _p(N_("load a setup file"), "operator"),
    "media.add": _p(N_("add media"), "operator"),
    "media.approve": _p(N_("approve or reject ad media"), "operator"),
    "playlist.edit": _p(N_("change playlists"), "operator"),
    "daypart.edit": _p(N_("change dayparts"), "operator"),
    "advertiser.edit": _p(N_("change advertisers"), "operator"),
    "booking.edit": _p(N_("enter or change bookings"), "operator"),
    "playlog.import": _p(N_("import play logs"), "operator", "bendahara"),
    # bendahara (treasurer)
    "skrd.issue": _p(N_("issue an SKRD"), "bendahara"),
    "skrd.void": _p(N_("void an SKRD"), "bendahara"),
    "payment.record": _p(N_("record a payment"), "bendahara"),
    "booking.amend": _p(N_("amend or cancel an assessed booking (SKRD tambahan, credit notes)"), "bendahara"),
    "credit.use": _p(N_("offset or refund a credit note"), "bendahara"),
    "delivery.settle": _p(N_("settle a month's delivery (make-goods, credits)"), "bendahara"),
    "deposit.record": _p(N_("record a deposit (STS)"), "bendahara"),
    "period.close": _p(N_("close a month (its cash deposited or carried forward)"), "bendahara"),
    "strd.issue": _p(N_("issue an STRD or a reminder letter (Surat Teguran)"), "bendahara"),
    "report.make": _p(N_("make reports"), "bendahara", "auditor"),
    # reserved for the emergency-alert issue
    "alert.emergency": _p(N_("put an emergency alert on the screens"), "bpbd"),
    # emergency alerts (BPBD) and the make-goods for the plays they displace
    "alert.start": _p(N_("start an emergency alert on the screens"), "bpbd"),
    "alert.stop": _p(N_("stop an emergency alert"), "bpbd"),
    "makegood.plan": _p(N_("plan make-good plays"), "operator"),
}


def users_exist(session: Session) -> bool:
    return session.scalar(select(User.name).limit(1)) is not None


def authorize(session: Session, actor: str, permission: str) -> None:
    """Raise PermissionDenied unless `actor` may do `permission` (always allowed while there is no user)."""
    try:
        rule = PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"unknown permission {permission!r}; add it to videotron.core.permissions") from None
    user = session.get(User, actor)
    if user is None and not users_exist(session):
        return
    if user is None:
        raise PermissionDenied("permission.not_a_user", "{actor!r} is not a user of this database; to {what:tr} "
                               "({permission}) you need a user with role {roles:list}", actor=actor, what=rule.what,
                               permission=permission, roles=rule.roles)  # fmt: skip
    check_role(actor, user.role, user.enabled, permission)


def may(session: Session, actor: str, permission: str) -> bool:
    """Whether `actor` may do `permission` now (what a desk shows enabled; the service still checks)."""
    try:
        authorize(session, actor, permission)
    except PermissionDenied:
        return False
    return True


def check_role(actor: str, role: str, enabled: bool, permission: str) -> None:
    """Raise PermissionDenied unless a user of `role` (enabled or not) may do `permission`."""
    rule = PERMISSIONS[permission]
    if not enabled:
        raise PermissionDenied("permission.disabled", "user {actor!r} is disabled and may not {what:tr} ({permission})",
                               actor=actor, what=rule.what, permission=permission)  # fmt: skip
    if role not in rule.roles:
        raise PermissionDenied("permission.role", "user {actor!r} ({role}) may not {what:tr} ({permission}); roles "
                               "that may: {roles:list}", actor=actor, role=role, what=rule.what,
                               permission=permission, roles=rule.roles)  # fmt: skip


def permissions_of(role: str) -> list[str]:
    return [name for name, rule in PERMISSIONS.items() if role in rule.roles]
