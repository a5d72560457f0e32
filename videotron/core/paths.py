"""Where videotron keeps its data, logs and configuration (platformdirs, overridable by env)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP = "videotron"


def data_dir() -> Path:
    """The data folder: database, media store, local play logs. VIDEOTRON_DATA_DIR overrides."""
    override = os.environ.get("VIDEOTRON_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)  # the database, backups and media: the owner's only
    return path


def log_dir() -> Path:
    override = os.environ.get("VIDEOTRON_LOG_DIR")
    path = Path(override) if override else Path(platformdirs.user_log_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_file() -> Path:
    override = os.environ.get("VIDEOTRON_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'videotron.sqlite3'}"


def witness_file(db_url: str) -> Path:
    """This desk's audit witness for the database at `db_url` (`videotron.core.audit`): one file per database, so
    a demo or test database never mixes its heads with the office's."""
    tag = hashlib.sha256(db_url.encode("utf-8")).hexdigest()[:8]
    return data_dir() / f"audit-witness-{tag}.txt"


def media_store_dir() -> Path:
    path = data_dir() / "media"
    path.mkdir(parents=True, exist_ok=True)
    return path
