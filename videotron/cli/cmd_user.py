"""`videotron user add|passwd|list|disable|enable|roles`: who may use this database, and in which role.

The new password is asked twice in the terminal, read from $VIDEOTRON_NEW_PASSWORD (scripts), or made up with
`--random` and printed once. The acting user logs in as for any other action (`--user`, $VIDEOTRON_PASSWORD).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from videotron.core.context import Context
from videotron.core.errors import VideotronError
from videotron.core.permissions import NO_USERS_NOTE, ROLES, permissions_of
from videotron.core.user_admin import add_user, random_password, set_enabled, set_password
from videotron.core.users import list_users

NEW_PASSWORD_ENV = "VIDEOTRON_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("user", help="users and roles: add, passwd, list, disable, enable, roles")
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
    ls = usub.add_parser("list", help="list users")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    for action, help_text in (("disable", "stop a user from logging in"), ("enable", "let a user log in again")):
        d = usub.add_parser(action, help=help_text)
        d.add_argument("name")
        d.set_defaults(func=cmd_enable if action == "enable" else cmd_disable)
    roles = usub.add_parser("roles", help="what each role may do")
    roles.set_defaults(func=cmd_roles)


def _new_password(name: str, make_up: bool) -> tuple[str, bool]:
    """(password, shown): a made-up password must be printed, a typed or scripted one never is."""
    if make_up:
        return random_password(), True
    from_env = os.environ.get(NEW_PASSWORD_ENV)
    if from_env is not None:
        return from_env, False
    if not sys.stdin.isatty():
        raise VideotronError(f"new password for {name}: set {NEW_PASSWORD_ENV}, use --random, or run in a terminal")
    first = getpass.getpass(f"new password for {name}: ")
    if getpass.getpass(f"new password for {name} again: ") != first:
        raise VideotronError(f"the two passwords for {name} differ; nothing was changed")
    return first, False


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    actor = ctx.actor
    password, shown = _new_password(args.name, args.random)
    with ctx.sessions().begin() as s:
        user = add_user(s, args.name, args.role, password, actor=actor, clock=ctx.clock)
    print(f"added user {user.name} ({user.role})")
    if shown:
        print(f"password: {password}")
    return 0


def cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    actor = ctx.actor
    password, shown = _new_password(args.name, args.random)
    with ctx.sessions().begin() as s:
        set_password(s, args.name, password, actor=actor, clock=ctx.clock)
    print(f"password changed for {args.name}")
    if shown:
        print(f"password: {password}")
    return 0


def cmd_disable(args: argparse.Namespace, ctx: Context) -> int:
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        set_enabled(s, args.name, False, actor=actor, clock=ctx.clock)
    print(f"disabled user {args.name}")
    return 0


def cmd_enable(args: argparse.Namespace, ctx: Context) -> int:
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        set_enabled(s, args.name, True, actor=actor, clock=ctx.clock)
    print(f"enabled user {args.name}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions()() as s:
        users = list_users(s)
        rows = [{"name": u.name, "role": u.role, "enabled": u.enabled, "created_at": u.created_at.isoformat(),
                 "created_by": u.created_by} for u in users]  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    if not rows:
        print(NO_USERS_NOTE)
    for r in rows:
        state = "" if r["enabled"] else "  (disabled)"
        print(f"{r['name']:24} {r['role']:10} added {str(r['created_at'])[:10]} by {r['created_by']}{state}")
    return 0


def cmd_roles(args: argparse.Namespace, ctx: Context) -> int:
    for role, what in ROLES.items():
        print(f"{role:10} {what}")
        print(f"{'':10} {', '.join(permissions_of(role)) or '(nothing to change)'}")
    return 0
