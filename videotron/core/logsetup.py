"""Logging: a rotating file in the user log folder; warnings on stderr too, and everything when --verbose.

A traceback goes to the log file only (stderr shows it with --verbose): a user reads one line saying where the
details are, and an internal error's details (paths, values) do not land in a terminal or a script's output.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from videotron.core.paths import log_dir


def configure_logging(verbose: bool = False, name: str = "videotron") -> None:
    root = logging.getLogger()
    if getattr(root, "_videotron_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        handler = logging.handlers.RotatingFileHandler(
            log_dir() / f"{name}.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError as exc:  # a read-only home must not stop the program
        print(f"videotron: cannot write log file: {exc}", file=sys.stderr)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(fmt)
    stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
    if not verbose:
        stream.addFilter(lambda record: not record.exc_info)
    root.addHandler(stream)
    root._videotron_configured = True  # type: ignore[attr-defined]


def log_file() -> Path | None:
    """The file the log is written to (None when it could not be opened)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
