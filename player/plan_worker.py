"""Plan refreshes in a child process, so the plan compiler never shares the player's GIL.

Compiling a screen's day is pure Python: measured on a dense day (21,585 items) on an idle PC, 0.2 s to compile,
0.15 s more to write the cache and 0.15 s to fingerprint it (both JSON of every item), several times that on a
loaded one. Run on the player's writer thread every 30 s, that held the GIL the GUI thread needs for every take and
paint (py-spy: the writer thread busy in `compile_plan`, `Plan.to_dict` and the JSON encoder while items were
taken). In a child, the player's side of a refresh is a file hash when nothing changed, and reading the cache the
child wrote when something did.

The child is spawned once (a fresh interpreter: no Qt, no libVLC, no inherited threads), at a lower CPU priority
(nice +10, so it yields the cores to decoding and painting), keeps its own database engine and dies with the player
(on Linux even after a kill -9: PR_SET_PDEATHSIG). A child that died is replaced at the next refresh.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from player import plan_source
from playlists.plan import PlanMedia, load_plan_file

log = logging.getLogger(__name__)

CHILD_NICE = 10
PR_SET_PDEATHSIG = 1  # linux/prctl.h
TIMEOUT_S = 300.0  # a compile waiting on a locked database (busy_timeout 30 s) still ends well before this


class PlanWorker:
    def __init__(self, url: str) -> None:
        self._url = url
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def for_sessions(cls, sessions: sessionmaker[Session]) -> PlanWorker:
        engine = sessions.kw["bind"]
        return cls(engine.url.render_as_string(hide_password=False))

    def compile(self, screen: str, day: date) -> tuple[str, Path]:
        """Plans thread: compile the screen's plan for `day` in the child, which also caches it; (fingerprint, cache
        file). Raises when the child could not (database down, a setup the compiler refuses, the child died)."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_child_start, initargs=(os.getpid(),))
        try:
            fingerprint, path = self._pool.submit(_compile, self._url, screen, day).result(TIMEOUT_S)
        except BrokenProcessPool:
            self._pool = None  # killed or out of memory: a new child next time
            raise
        return fingerprint, Path(path)

    def compile_media(self, screen: str, day: date) -> dict[str, PlanMedia]:
        """Plans thread: like `compile`, for a day ahead; the media its plan names (to fetch them ahead)."""
        self.compile(screen, day)  # starts the child if needed; raises when the database is down
        assert self._pool is not None
        return self._pool.submit(_cached_media, screen, day).result(TIMEOUT_S)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def file_fingerprint(path: Path) -> str:
    """The fingerprint of a cached plan, from its bytes: the cache is `Plan.to_json()`, which `Plan.fingerprint()`
    hashes, so this equals it without building the plan (hashlib releases the GIL)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- in the child --------------------------------------------------------------------------------------------
_sessions: sessionmaker[Session] | None = None


def _child_start(parent: int) -> None:
    if sys.platform.startswith("linux"):  # die with the player, even when it is killed -9 (no orphan compiling on)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(0)
    with contextlib.suppress(OSError):  # not permitted here: the GIL is still not shared, which matters most
        os.nice(CHILD_NICE)


def _child_sessions(url: str) -> sessionmaker[Session]:
    global _sessions
    if _sessions is None:
        from videotron.core.db import make_engine, make_session_factory

        _sessions = make_session_factory(make_engine(url))
    return _sessions


def _cached_media(screen: str, day: date) -> dict[str, PlanMedia]:
    return load_plan_file(plan_source.cache_path(screen, day)).media


def _compile(url: str, screen: str, day: date) -> tuple[str, str]:
    try:
        plan_source.from_database(_child_sessions(url), screen, day)  # compiles and writes the cache
        path = plan_source.cache_path(screen, day)
        return file_fingerprint(path), str(path)
    except Exception as exc:  # the parent gets a plain message: a database error may not survive pickling
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
