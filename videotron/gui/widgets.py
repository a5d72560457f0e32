"""Small pieces every tab uses: a read-only data table, a question that does not block, today as the office's date,
one user action run as one transaction, and a page brought up to date when it is shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableWidget,
    QWidget,
)

from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.gui.fields import FormFields
from videotron.gui.messages import show_error


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


def button_row(*buttons: tuple[str, Callable[[], object], str]) -> tuple[QHBoxLayout, list[QPushButton]]:
    """A row of (text, slot, object name) push buttons, then a stretch."""
    row, made = QHBoxLayout(), []
    for text, slot, name in buttons:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        row.addWidget(b)
        made.append(b)
    row.addStretch(1)
    return row, made


def ask(parent: QWidget, title: str, label: str, answered: Callable[[str], object], *, text: str = "",
        choices: Sequence[str] = ()) -> QInputDialog:  # fmt: skip
    """Ask for a line of text (or one of `choices`), window-modal but not blocking: `answered(text)` runs on OK.
    The caller keeps the dialog (tests answer it like a user: type, press OK)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    if choices:
        dialog.setComboBoxItems(list(choices))
        dialog.setComboBoxEditable(False)
    dialog.setTextValue(text)
    dialog.textValueSelected.connect(answered)
    dialog.open()
    return dialog


def office_today(ctx: AppContext) -> QDate:
    """Today by the program's clock, in the office's zone (what a date box starts at)."""
    day = ctx.config.today(ctx.clock)
    return QDate(day.year, day.month, day.day)


def run_action(
    widget: QWidget, ctx: AppContext, action: Callable[[Any], object], fields: FormFields | None = None
) -> bool:
    """Run `action(session)` as one transaction: all of it or none. A user's problem becomes a message box in the
    user's language (naming and focusing the form's field, with `fields`)."""
    try:
        with ctx.sessions().begin() as session:
            action(session)
    except VideotronError as exc:
        show_error(widget, exc, ctx.language, fields)
        return False
    return True


def refresh_page(page: QWidget | None) -> None:
    """A tab or sub-page just shown: re-read what it shows, if it has a `refresh`."""
    refresh = getattr(page, "refresh", None)
    if callable(refresh):
        refresh()
