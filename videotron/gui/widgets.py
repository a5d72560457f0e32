"""Small pieces every tab uses: a read-only data table, and one user action run as one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget

from videotron.core.errors import VideotronError
from videotron.gui.messages import show_error
from videotron.gui.services import Services


def data_table(name: str, headers: Sequence[str], *, stretch: bool = False) -> QTableWidget:
    """A read-only table selecting whole rows; columns fit their contents (the last one stretches) or all stretch."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    if stretch:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
    return table


def run_action(widget: QWidget, services: Services, action: Callable[[Any], object]) -> bool:
    """Run `action(session)` as one transaction: all of it or none. A user error becomes a message box."""
    try:
        with services.sessions.begin() as session:
            action(session)
    except VideotronError as exc:
        show_error(widget, exc)
        return False
    return True
