"""`videotron load FILE.toml`: create or update everything an office sets up, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.context import Context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("load", help="load a declarative setup file (screens, media, playlists, dayparts, "
                       "advertisers, bookings)")  # fmt: skip
    p.add_argument("file", type=Path)
    p.add_argument("--check", action="store_true", help="only check the file; write nothing")
    p.set_defaults(func=cmd_load)


def cmd_load(args: argparse.Namespace, ctx: Context) -> int:
    setup = parse_setup(args.file)  # everything is checked (and media probed) before the transaction opens
    if args.check:
        print(f"{args.file}: valid")
        return 0
    with ctx.sessions().begin() as s:
        summary = apply_setup(s, setup, actor=ctx.actor, clock=ctx.clock)
    for line in summary.lines(ctx.language):
        print(line)
    print(f"{args.file}: loaded" if summary.changed else f"{args.file}: nothing changed")
    return 0
