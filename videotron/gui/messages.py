"""Errors as message boxes, never tracebacks: a user's problem in the user's language (its field named as the form
names it, the cursor put in that field), anything else in one line plus the log."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from videotron.core.errors import VideotronError
from videotron.core.i18n import render_error, say, tr
from videotron.gui.fields import FormFields

log = logging.getLogger(__name__)


def error_text(exc: BaseException, language: str, fields: FormFields | None = None) -> str:
    if isinstance(exc, VideotronError):
        return render_error(exc, language, fields.label if fields else None)
    log.error("unexpected error in the operator app", exc_info=exc)
    return say(language, "desk.unexpected", "{error}\n\n(log file: ~/.local/state/videotron/log/videotron.log)",
               error=f"{type(exc).__name__}: {exc}")  # fmt: skip


def show_error(parent: QWidget | None, exc: BaseException, language: str, fields: FormFields | None = None) -> None:
    """A message box with the error; with `fields`, the cursor goes to the field it is about (for when it closes)."""
    if fields is not None and isinstance(exc, VideotronError):
        fields.focus(exc)
    text = error_text(exc, language, fields)
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Error", language), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()
