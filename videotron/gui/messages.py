"""Errors as message boxes, never tracebacks: user errors verbatim, anything else in one line plus the log."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from videotron.core.errors import VideotronError
from videotron.gui.i18n import tr

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, VideotronError):
        return str(exc)
    log.error("unexpected error in the operator app", exc_info=exc)
    return f"{type(exc).__name__}: {exc}\n\n(log file: ~/.local/state/videotron/log/videotron.log)"


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Error"), error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()
