"""Where the demo lives: its own data folder, database, media store, plans and play logs — never the office's.

An office that tried the demo and then started for real once found its first SKRD numbered 0002, after the demo's.
So the demo runs in a folder of its own ($VIDEOTRON_DEMO_DIR, else the user data folder "videotron-demo"), with
VIDEOTRON_DATA_DIR pointed at it while it runs (the media store, the plans and the player it starts follow), and a
SQLite database in it, whatever --db, $VIDEOTRON_DB or $VIDEOTRON_DATA_DIR name for the office.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

DEMO_DIR_ENV = "VIDEOTRON_DEMO_DIR"
DATA_DIR_ENV = "VIDEOTRON_DATA_DIR"


def demo_home() -> Path:
    """The demo's own folder (made, readable by its owner only)."""
    override = os.environ.get(DEMO_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir("videotron-demo", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path.resolve()


def demo_db_url(home: Path) -> str:
    return f"sqlite:///{home / 'videotron-demo.sqlite3'}"


@contextmanager
def inside(home: Path) -> Iterator[None]:
    """VIDEOTRON_DATA_DIR is the demo's folder while the demo runs (and for the player it starts); restored after."""
    before = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(home)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = before
