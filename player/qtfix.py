"""Work around a reference-count bug of PySide6 6.12.0 on Python < 3.12 that crashes a long-running player.

Measured here (PySide6 6.12.0, CPython 3.11.7): every call of a Qt method that returns None or a bool - `update()`,
`QTimer.start()`, `Signal.emit()`, `QCoreApplication.postEvent()` ... - drops one reference to None/True/False that
it never took. After some tens of thousands of calls (minutes of video at 25-50 repaints a second) CPython aborts
with "Fatal Python error: none_dealloc/bool_dealloc". Python 3.12 made these singletons immortal, so the bug is
harmless there; on 3.11 we do the same by hand: give None, True and False a reference count no bug can drain.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

HEADROOM = 1 << 48  # references added: at 10,000 bad calls a second this lasts ~900 years


def immortalize_singletons() -> bool:
    """Make None, True and False effectively immortal on CPython < 3.12; True when something was done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of every PyObject
        if refcnt.value < HEADROOM:
            refcnt.value += HEADROOM
    log.debug("None/True/False made immortal (PySide6 refcount bug workaround)")
    return True
