"""Media for the plan about to play: fetched from the central database into this PC's store, verified first.

A player PC needs only a database connection: the files of the plan's media are read from `media_blob` (chunk by
chunk) into a temporary name in the local content-addressed store, hashed, and renamed to their real name only when
the sha256 is the one the plan names. A file that does not match is refused (deleted and logged, tried again after
a while): its items fail at air time like any broken file, and the filler covers them. Files already present are
not read again (a file under its real name was verified when it arrived; the verifier re-checks before air).

Fetching runs on its own thread, so a long download neither delays a frame (GUI thread) nor the commit of play
records (writer thread). Plain Python: no Qt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from playlists.media.blobs import iter_chunks
from playlists.plan import Plan, PlanMedia
from videotron.core.paths import media_store_dir

log = logging.getLogger(__name__)

RETRY_REFUSED_S = 600.0  # a file refused for a bad hash is fetched again after this long (someone may fix it)


def local_path(media: PlanMedia) -> Path:
    """Where this PC keeps `media`: its content-addressed name in the local store (same layout as the desks')."""
    sha = media.sha256.lower()
    return media_store_dir() / sha[:2] / f"{sha}{Path(media.path).suffix.lower()[:10]}"


def localize(plan: Plan) -> Plan:
    """The same plan with every media path pointing into this PC's store (a plan compiled elsewhere names the
    compiling PC's folders)."""
    media = {k: replace(m, path=str(local_path(m))) if m.sha256 else m for k, m in plan.media.items()}
    return replace(plan, media=media)


@dataclass
class SyncReport:
    fetched: list[str] = field(default_factory=list)  # media ids now in the local store
    present: list[str] = field(default_factory=list)  # already there
    refused: list[str] = field(default_factory=list)  # "id: why" (hash mismatch, not in the database, error)


class FetchRefused(Exception):
    """The database's copy of a file cannot be used (absent, or not the content its sha256 names)."""


def fetch_one(session: Session, media: PlanMedia, stop: threading.Event | None = None) -> Path:
    """Copy `media` from the database into the local store, verified; returns its path. Raises FetchRefused."""
    target = Path(media.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".fetch-")
    digest, size, chunks = hashlib.sha256(), 0, 0
    try:
        with os.fdopen(fd, "wb") as out:
            for data in iter_chunks(session, media.sha256.lower()):
                if stop is not None and stop.is_set():
                    raise FetchRefused("the player is stopping")
                digest.update(data)
                out.write(data)
                size, chunks = size + len(data), chunks + 1
            out.flush()
            os.fsync(out.fileno())
        if chunks == 0:
            raise FetchRefused("not in the database (run `videotron media push` on the desk that added it)")
        found = digest.hexdigest()
        if found != media.sha256.lower():
            raise FetchRefused(f"sha256 mismatch: expected {media.sha256[:12]}…, the database's copy is "
                               f"{found[:12]}… ({size} bytes); refused")  # fmt: skip
        os.replace(tmp_name, target)  # only a verified file ever carries the real name
        return target
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


class MediaSync:
    """Fetches the missing media of plans on one background thread; `request` may be called from any thread."""

    def __init__(self, sessions: sessionmaker[Session], *, monotonic: Callable[[], float] = time.monotonic,
                 retry_refused_s: float = RETRY_REFUSED_S) -> None:  # fmt: skip
        self.sessions = sessions
        self._monotonic = monotonic
        self._retry_refused_s = retry_refused_s
        self._refused_at: dict[str, float] = {}  # sha256 -> when it was refused (only touched by the fetch thread)
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="videotron-fetch")

    def request(self, plan: Plan) -> Future[SyncReport]:
        """Fetch what `plan` needs, in the background."""
        future = self._pool.submit(self.fetch_missing, plan)
        future.add_done_callback(_log_failure)
        return future

    def fetch_missing(self, plan: Plan) -> SyncReport:
        """Synchronous: every media of `plan` missing from the local store, fetched and verified."""
        report = SyncReport()
        first_use = _first_use(plan)
        for media in sorted(plan.media.values(), key=lambda m: first_use.get(m.id, len(plan.items))):
            if self._stop.is_set():
                break
            if not media.sha256 or os.path.exists(media.path):
                report.present.append(media.id)
                continue
            refused_at = self._refused_at.get(media.sha256)
            if refused_at is not None and self._monotonic() - refused_at < self._retry_refused_s:
                report.refused.append(f"{media.id}: refused earlier, not retried yet")
                continue
            started = self._monotonic()
            try:
                with self.sessions() as session:
                    path = fetch_one(session, media, self._stop)
            except FetchRefused as exc:
                if self._stop.is_set():
                    break
                self._refused_at[media.sha256] = self._monotonic()
                report.refused.append(f"{media.id}: {exc}")
                log.error("media %s not fetched: %s", media.id, exc)
                continue
            self._refused_at.pop(media.sha256, None)
            report.fetched.append(media.id)
            log.info("fetched media %s from the database (%d bytes, %.2f s, sha256 verified)", media.id,
                     path.stat().st_size, self._monotonic() - started)  # fmt: skip
        return report

    def close(self) -> None:
        """Stop at the next chunk; a half-fetched file is deleted, never left under its real name."""
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _first_use(plan: Plan) -> dict[str, int]:
    """Position of each media's first item (standby first): fetch in the order the screen needs them."""
    first: dict[str, int] = {}
    for n, item in enumerate(plan.items):
        first.setdefault(item.media, n)
    if plan.standby_media:
        first[plan.standby_media] = -1
    return first


def _log_failure(future: Future[SyncReport]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("fetching media failed (the database may be down; tried again at the next plan refresh): %s",
                    future.exception())  # fmt: skip
