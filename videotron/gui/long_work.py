"""Long work that must not freeze the window — an export, a bank statement import, a month's close: it runs on a
pool thread (`videotron.gui.worker`) as one transaction, while a progress dialog over the window says what is being
done (counting when the work reports its steps, else busy) and keeps the user from starting a second one; the window
goes on painting. The result, or the refusal in the user's language, comes back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from videotron.core.context import AppContext
from videotron.gui.messages import show_error
from videotron.gui.worker import Job, run_in_background

Progress = Callable[[int, int, str], None]


def in_transaction(ctx: AppContext, action: Callable[[Any], object]) -> Callable[[Progress], object]:
    """`action(session)` as one transaction (all of it or none), as work for `LongWork`."""

    def work(_progress: Progress) -> object:
        with ctx.sessions().begin() as session:
            return action(session)

    return work


class LongWork:
    """One piece of long work under way; `running` until its result or refusal has been handled."""

    def __init__(
        self,
        parent: QWidget,
        language: str,
        text: str,
        work: Callable[[Progress], object],
        done: Callable[[Any], object],
        failed: Callable[[Exception], object] | None = None,
    ) -> None:
        self.parent, self.language, self.done_, self.failed_ = parent, language, done, failed
        self.running = True
        self.dialog = QProgressDialog(text, "", 0, 0, parent)
        self.dialog.setObjectName("longWork")
        self.dialog.setWindowTitle("videotron")
        self.dialog.setCancelButton(None)  # a transaction half done is never left behind: it finishes or rolls back
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.show()
        self.job: Job = run_in_background(work, self._done, self._failed, self._progress)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setRange(0, total)
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self.running = False
        self.dialog.close()

    def _done(self, result: object) -> None:
        self._finish()
        self.done_(result)

    def _failed(self, exc: Exception) -> None:
        self._finish()
        if self.failed_ is not None:
            self.failed_(exc)
        else:
            show_error(self.parent, exc, self.language)
