"""What both command lines (`videotron` and `python -m player`) do at their edge: name a problem's field by the
command's own flag, and report an error in the user's language. They are separate programs (the player's needs
nothing above it), so this lives on the ground floor rather than in either."""

from __future__ import annotations

import argparse
import errno
import sys

from videotron.core.errors import VideotronError
from videotron.core.i18n import Label, render_error, say


def field_label(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Label:
    """How this command line names a problem's field: the command's option for it (`amount` -> `--amount`), or its
    positional argument's name (`SCREEN`); a command may map other names with `set_defaults(field_flags={...})`."""
    flags: dict[str, str] = dict(getattr(args, "field_flags", None) or {})

    def walk(p: argparse.ArgumentParser) -> None:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = getattr(args, action.dest, None) if action.dest != argparse.SUPPRESS else None
                for name, child in action.choices.items():
                    if chosen is None or name == chosen or name == getattr(args, "command", None):
                        walk(child)
            elif action.dest not in flags and action.dest not in (argparse.SUPPRESS, "help"):
                if action.option_strings:
                    flags[action.dest] = max(action.option_strings, key=len)
                else:
                    flags[action.dest] = str(action.metavar or action.dest).upper()

    walk(parser)
    return flags.get


def report_error(prog: str, exc: VideotronError, language: str, label: Label | None = None) -> int:
    """`prog: error: <the problems>` on stderr, in `language`, fields named by `label`; the exit code (2)."""
    print(f"{prog}: {say(language, 'cli.error', 'error')}: {render_error(exc, language, label)}", file=sys.stderr)
    return 2


def report_failure(prog: str, language: str, text: str) -> None:
    """`prog: error: <text>` on stderr, for failures that are not a user's problem (already worded)."""
    print(f"{prog}: {say(language, 'cli.error', 'error')}: {text}", file=sys.stderr)


def os_failure(language: str, exc: OSError) -> str:
    """An OSError worded for a person: the path it concerns and the system's reason (disk full, permission...)."""
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)
    if exc.filename:
        return say(language, "os.failed_on", "cannot use {path}: {reason}", path=str(exc.filename), reason=reason)
    return say(language, "os.failed", "the system refused: {reason}", reason=reason)
