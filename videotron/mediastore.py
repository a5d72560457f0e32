"""Content-addressed media store: each file is kept once under the data folder, named by its sha256."""

from __future__ import annotations

from pathlib import Path

from videotron.paths import media_store_dir


def stored_path(stored_name: str) -> Path:
    """Absolute path of a stored media file (`Media.stored_name` is relative to the media store)."""
    return media_store_dir() / stored_name
