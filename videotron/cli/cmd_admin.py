"""`videotron admin`: the operator and treasurer desktop app."""

from __future__ import annotations

import argparse

from videotron.core.context import Context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("admin", help="open the operator and treasurer desktop app")
    p.set_defaults(func=cmd_admin)


def cmd_admin(args: argparse.Namespace, ctx: Context) -> int:
    from videotron.gui.app import run_admin
    from videotron.gui.services import Services

    # The app logs in with its own dialog (run_admin), so the name is passed on unchecked, as a default.
    services = Services(ctx.sessions(), ctx.clock, ctx.claimed_user, ctx.config, ctx.safe_db_url())
    return run_admin(services)
