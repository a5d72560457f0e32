"""`videotron user add|passwd|role|list|disable|enable|unlock|roles`: who may use this database, and in which role.

The new password is asked twice in the terminal, read from $VIDEOTRON_NEW_PASSWORD (scripts), or made up with
`--random` and printed once. The acting user logs in as for any other action (`--user`, $VIDEOTRON_PASSWORD).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import datetime

from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import local_time
from videotron.core.i18n import say, tr
from videotron.core.logins import unlock_user
from videotron.core.permissions import ROLES, no_users_note, permissions_of
from videotron.core.user_admin import add_user, random_password, set_enabled, set_password, set_role
from videotron.core.users import list_users

NEW_PASSWORD_ENV = "VIDEOTRON_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("user", help="users and roles: add, passwd, role, list, disable, enable, unlock, roles")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION")
    usub.required = True
    add = usub.add_parser("add", help="add a user (the first one must be an admin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--random", action="store_true", help="make up a password and print it")
    add.set_defaults(func=cmd_add)
    pw = usub.add_parser("passwd", help="change a password (your own, or anyone's as admin)")
    pw.add_argument("name")
    pw.add_argument("--random", action="store_true", help="make up a password and print it")
    pw.set_defaults(func=cmd_passwd)
    role = usub.add_parser("role", help="give a user another role (admin; the last admin keeps theirs)")
    role.add_argument("name")
    role.add_argument("role", choices=list(ROLES))
    role.set_defaults(func=cmd_role)
    ls = usub.add_parser("list", help="list users")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    for action, help_text in (("disable", "stop a user from logging in"), ("enable", "let a user log in again")):
        d = usub.add_parser(action, help=help_text)
        d.add_argument("name")
        d.set_defaults(func=cmd_enable if action == "enable" else cmd_disable)
    unlock = usub.add_parser("unlock", help="end a lockout after too many failed logins (admin)")
    unlock.add_argument("name")
    unlock.set_defaults(func=cmd_unlock)
    roles = usub.add_parser("roles", help="what each role may do")
    roles.set_defaults(func=cmd_roles)


def _new_password(name: str, make_up: bool, language: str) -> tuple[str, bool]:
    """(password, shown): a made-up password must be printed, a typed or scripted one never is."""
    if make_up:
        return random_password(), True
    from_env = os.environ.get(NEW_PASSWORD_ENV)
    if from_env is not None:
        return from_env, False
    if not sys.stdin.isatty():
        raise VideotronError("password.no_terminal", "new password for {name}: set {env}, use --random, or run in a "
                             "terminal", name=name, env=NEW_PASSWORD_ENV)  # fmt: skip
    first = getpass.getpass(say(language, "password.ask_new", "new password for {name}: ", name=name))
    if getpass.getpass(say(language, "password.ask_again", "new password for {name} again: ", name=name)) != first:
        raise VideotronError("password.differ", "the two passwords for {name} differ; nothing was changed", name=name)
    return first, False


def _show_password(language: str, password: str, shown: bool) -> None:
    if shown:
        print(f"{tr('password', language)}: {password}")


def cmd_add(args: argparse.Namespace, ctx: AppContext) -> int:
    actor = ctx.actor
    password, shown = _new_password(args.name, args.random, ctx.language)
    with ctx.sessions().begin() as s:
        user = add_user(s, args.name, args.role, password, actor=actor, clock=ctx.clock)
    print(say(ctx.language, "user.added", "added user {name} ({role})", name=user.name, role=user.role))
    _show_password(ctx.language, password, shown)
    return 0


def cmd_passwd(args: argparse.Namespace, ctx: AppContext) -> int:
    actor = ctx.actor
    password, shown = _new_password(args.name, args.random, ctx.language)
    with ctx.sessions().begin() as s:
        set_password(s, args.name, password, actor=actor, clock=ctx.clock)
    print(say(ctx.language, "user.password_changed", "password changed for {name}", name=args.name))
    _show_password(ctx.language, password, shown)
    return 0


def cmd_role(args: argparse.Namespace, ctx: AppContext) -> int:
    with ctx.sessions().begin() as s:
        user = set_role(s, args.name, args.role, actor=ctx.actor, clock=ctx.clock)
    print(say(ctx.language, "user.role_set", "{name} is now {role}", name=user.name, role=user.role))
    return 0


def cmd_disable(args: argparse.Namespace, ctx: AppContext) -> int:
    return _enable(args.name, False, ctx)


def cmd_enable(args: argparse.Namespace, ctx: AppContext) -> int:
    return _enable(args.name, True, ctx)


def _enable(name: str, enabled: bool, ctx: AppContext) -> int:
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        set_enabled(s, name, enabled, actor=actor, clock=ctx.clock)
    if enabled:
        print(say(ctx.language, "user.enabled", "enabled user {name}", name=name))
    else:
        print(say(ctx.language, "user.disabled", "disabled user {name}", name=name))
    return 0


def cmd_unlock(args: argparse.Namespace, ctx: AppContext) -> int:
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        unlock_user(s, args.name, actor=actor, clock=ctx.clock)
    print(say(ctx.language, "user.unlocked", "unlocked user {name}", name=args.name))
    return 0


def cmd_list(args: argparse.Namespace, ctx: AppContext) -> int:
    with ctx.sessions()() as s:
        users = list_users(s)
        now = ctx.clock.now()
        rows = [{"name": u.name, "role": u.role, "enabled": u.enabled, "created_at": u.created_at.isoformat(),
                 "created_by": u.created_by, "locked_until": u.locked_until.isoformat() if u.locked_until and
                 u.locked_until > now else None} for u in users]  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    language = ctx.language
    if not rows:
        print(no_users_note(language))
    for r in rows:
        state = "" if r["enabled"] else f"  ({tr('disabled', language)})"
        if r["locked_until"]:
            until = local_time(datetime.fromisoformat(str(r["locked_until"])), ctx.config.zone)
            state += "  (" + say(language, "user.locked_until", "locked until {until}", until=until) + ")"
        added = say(language, "user.added_by", "added {day} by {who}", day=str(r["created_at"])[:10],
                    who=r["created_by"])  # fmt: skip
        print(f"{r['name']:24} {r['role']:10} {added}{state}")
    return 0


def cmd_roles(args: argparse.Namespace, ctx: AppContext) -> int:
    language = ctx.language
    for role, what in ROLES.items():
        print(f"{role:10} {tr(what, language)}")
        print(f"{'':10} {', '.join(permissions_of(role)) or tr('(nothing to change)', language)}")
    return 0
