"""`videotron db upgrade|status`: schema migrations."""

from __future__ import annotations

import argparse

from videotron.core.context import Context
from videotron.core.migrate import check_not_newer, current_revisions, known_heads, upgrade


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="database schema")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION")
    dsub.required = True
    up = dsub.add_parser("upgrade", help="create or migrate the schema to the newest revision")
    up.set_defaults(func=cmd_upgrade)
    st = dsub.add_parser("status", help="show the schema revision")
    st.set_defaults(func=cmd_status)


def cmd_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    backup = upgrade(ctx.engine())
    if backup:
        print(f"previous database copied to {backup}")
    print(f"database {ctx.safe_db_url()} is at revision {', '.join(sorted(current_revisions(ctx.engine())))}")
    return 0


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    check_not_newer(ctx.engine())
    current = current_revisions(ctx.engine())
    heads = known_heads(ctx.engine())
    print(f"database: {ctx.safe_db_url()}")
    print(f"revision: {', '.join(sorted(current)) or '(empty)'}")
    print("up to date" if current == heads else f"needs `videotron db upgrade` to {', '.join(sorted(heads))}")
    return 0 if current == heads else 1
