"""The `videotron` command: one composition root, subcommands registered by small modules.

Bad input ends in a clear message and exit code 2, never a traceback; so do a full disk, a refused permission
and a read-only file system (an OSError, named by its path). Unexpected errors are logged with their traceback to
the log file only and reported in one line naming that file (exit 1).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, OperationalError

from videotron import __version__
from videotron.core.clock import Clock, SystemClock
from videotron.core.commandline import field_label, os_failure, report_error, report_failure
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.i18n import say
from videotron.core.logsetup import configure_logging, log_file
from videotron.core.paths import config_file

log = logging.getLogger(__name__)

# Each module has `register(subparsers)`; handlers are `func(args, ctx) -> int`.
COMMAND_MODULES = (
    "videotron.cli.cmd_db",
    "videotron.cli.cmd_media",
    "videotron.cli.cmd_setup",
    "videotron.cli.cmd_schedule",
    "videotron.cli.cmd_text",
    "videotron.cli.cmd_billing",
    "videotron.cli.cmd_cash",
    "player.cli",
    "videotron.cli.cmd_demo",
    "videotron.cli.cmd_report",
    "videotron.cli.cmd_credit",
    "videotron.cli.cmd_bank",
    "videotron.cli.cmd_delivery",
    "videotron.cli.cmd_admin",
    "videotron.cli.cmd_user",
    "videotron.cli.cmd_audit",
    "videotron.cli.cmd_alert",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="videotron", description="Playout and retribution billing for videotrons.")
    parser.add_argument("--version", action="version", version=f"videotron {__version__}")
    parser.add_argument("--db", metavar="URL", default=None, help="SQLAlchemy database URL (default: VIDEOTRON_DB "
                        "or a SQLite file in the user data folder)")  # fmt: skip
    parser.add_argument("--config", metavar="FILE", default=None, help="office configuration TOML")
    parser.add_argument("--user", default=None, help="who is acting (recorded in the audit trail); once the database "
                        "has users, the password is asked or read from VIDEOTRON_PASSWORD")  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    """The composition root: the one clock (the system's; a test passes its own) and the one context."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    named = args.user or os.environ.get("VIDEOTRON_USER")
    ctx = AppContext(
        clock or SystemClock(),
        db_url=args.db or os.environ.get("VIDEOTRON_DB") or None,
        config_path=args.config or os.environ.get("VIDEOTRON_CONFIG") or str(config_file()),
        user=named or os.environ.get("USER") or "operator",
        user_given=bool(named),
    )
    try:
        return int(args.func(args, ctx) or 0)
    except VideotronError as exc:
        return report_error("videotron", exc, ctx.language, field_label(parser, args))
    except OperationalError as exc:
        report_failure("videotron", ctx.language, say(ctx.language, "db.unusable", "database {url} is not usable: "
                                                      "{reason}", url=ctx.safe_db_url(), reason=exc.orig))  # fmt: skip
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # disk full, permission denied, read-only file system: the user can fix it
        log.warning("`videotron %s` failed on %s", args.command, exc.filename, exc_info=True)
        report_failure("videotron", ctx.language, os_failure(ctx.language, exc))
        return 2
    except Exception as exc:
        if isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) == "42501":  # the login's grants
            log.warning("`videotron %s`: %s", args.command, exc.orig)
            report_failure("videotron", ctx.language, say(ctx.language, "db.privilege", "the database login of {url} "
                                                          "may not do this ({reason}); it needs the schema owner's "
                                                          "login (see deploy/README.md)", url=ctx.safe_db_url(),
                                                          reason=str(exc.orig).strip().splitlines()[0]))  # fmt: skip
            return 2
        log.exception("unexpected error in `videotron %s`", args.command)
        print("videotron: " + say(ctx.language, "cli.internal_error_in", "internal error; the details are in {path} "
                                  "(run with --verbose to see them here)", path=log_file() or "the log file"),
              file=sys.stderr)  # fmt: skip
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
