"""Checking a media file before it airs: present, not empty, and the sha256 the plan names.

Hashing a 500 MB file takes seconds, so a verified file is remembered by (path, size, mtime_ns, inode): it is hashed
again only when it changes on disk. The cache is in memory, shared by the worker threads that prepare cues.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

from playlists.plan import PlanMedia
from videotron.core.paths import media_store_dir

log = logging.getLogger(__name__)

CHUNK = 1 << 20


class MediaVerifier:
    def __init__(self) -> None:
        self._ok: dict[tuple[str, int, int, int], str] = {}  # file identity -> its sha256
        self._lock = threading.Lock()
        self.hashed = 0  # how many files were actually read (for tests)

    def problem(self, media: PlanMedia) -> str | None:
        """Why `media` cannot air, or None when its file is there and matches its sha256."""
        try:
            st = os.stat(media.path)
        except FileNotFoundError:
            if _in_store(media.path):  # fetched from the database into this PC's store: it may come any moment
                return f"not yet fetched ({media.path})"
            return f"file missing: {media.path}"
        except OSError as exc:
            return f"file not readable: {exc}"
        if st.st_size == 0:
            return f"file is empty (0 bytes): {media.path}"
        key = (media.path, st.st_size, st.st_mtime_ns, st.st_ino)
        with self._lock:
            known = self._ok.get(key)
        if known is None:
            try:
                known = sha256_file(media.path)
            except OSError as exc:
                return f"file not readable: {exc}"
            self.hashed += 1
            with self._lock:
                self._ok[key] = known
        if media.sha256 and known != media.sha256.lower():
            return f"sha256 mismatch (file changed or truncated): expected {media.sha256[:12]}…, found {known[:12]}…"
        return None


def _in_store(path: str) -> bool:
    return Path(path).is_relative_to(media_store_dir())


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
