"""`python -m player SCREEN ...`: the same as `videotron player`, without loading the other CLI commands.

Kiosk PCs (and the end-to-end tests) start the player this way: it only imports what the player needs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from player import cli
from player.clocks import player_clock
from videotron.core.commandline import field_label, report_error
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.logsetup import configure_logging


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m player")
    parser.add_argument("--db", metavar="URL", default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command")
    cli.register(sub)
    raw = list(sys.argv[1:] if argv is None else argv)
    lead = 0  # the global options in front (`-v`, `--db URL`): `player` is implied after them
    while lead < len(raw) and (raw[lead] in ("-v", "--verbose", "--db") or raw[lead].startswith("--db=")):
        lead += 2 if raw[lead] == "--db" else 1
    if lead >= len(raw) or raw[lead] not in ("player", "playlog"):
        opts = [a for a in raw[lead:] if a in ("-v", "--verbose")]
        raw = [*raw[:lead], *opts, "player", *[a for a in raw[lead:] if a not in opts]]
    args = parser.parse_args(raw)
    configure_logging(args.verbose, name="videotron-player")
    # The composition root of the kiosk player: its one clock and context.
    ctx = AppContext(player_clock(), db_url=args.db or os.environ.get("VIDEOTRON_DB") or None, user="player")
    try:
        return int(args.func(args, ctx) or 0)
    except VideotronError as exc:
        return report_error("videotron player", exc, ctx.language, field_label(parser, args))
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
