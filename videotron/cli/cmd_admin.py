"""`videotron admin`: the operator and treasurer desktop app."""

from __future__ import annotations

import argparse

from videotron.core.context import AppContext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("admin", help="open the operator and treasurer desktop app")
    p.set_defaults(func=cmd_admin)


def cmd_admin(args: argparse.Namespace, ctx: AppContext) -> int:
    from videotron.gui.app import run_admin

    # The desk logs in with its own dialog (run_admin): the --user name is only offered there, unchecked.
    ctx.sessions()  # the schema is checked before a window opens
    return run_admin(ctx)
