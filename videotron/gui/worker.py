"""Long work off the GUI thread: run a function on the thread pool, get its result back on the GUI thread.

Workers never touch widgets. They report through signals, which Qt delivers on the receiver's (GUI) thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class Job(QRunnable):
    """`fn(progress)` runs on a pool thread; `progress(done, total, text)` may be called from it."""

    def __init__(self, fn: Callable[[Callable[[int, int, str], None]], Any]) -> None:
        super().__init__()
        # Python keeps the only reference (the caller holds the Job); letting the pool delete it as well
        # double-frees the wrapper at interpreter exit.
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except Exception as exc:
            log.info("background job failed: %s", exc, exc_info=True)
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_in_background(
    fn: Callable[[Callable[[int, int, str], None]], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    on_progress: Callable[[int, int, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> Job:
    job = Job(fn)
    job.signals.done.connect(on_done)
    job.signals.failed.connect(on_failed)
    if on_progress:
        job.signals.progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(job)
    return job
