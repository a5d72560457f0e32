"""A form's fields as the domain names them: each field's label (in the user's language) and its widget, so a
problem about `amount` reads "Jumlah: ..." and puts the cursor in the amount box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractSpinBox, QFormLayout, QLabel, QLineEdit, QWidget

from videotron.core.errors import VideotronError
from videotron.core.i18n import render_error


class FormFields:
    """field -> (label, widget) for one form; `add` also lays the row out when the form has a layout."""

    def __init__(self, form: QFormLayout | None = None) -> None:
        self.form = form
        self._fields: dict[str, tuple[str, QWidget]] = {}

    def add(self, field: str, label: str, widget: QWidget) -> QWidget:
        self._fields[field] = (label, widget)
        if self.form is not None:
            self.form.addRow(label, widget)
        return widget

    def label(self, field: str) -> str | None:
        """How this form names `field` (its row's label), or None when the form has no such field."""
        found = self._fields.get(field)
        return found[0].rstrip(":") if found else None

    def widget(self, field: str | None) -> QWidget | None:
        found = self._fields.get(field) if field else None
        return found[1] if found else None

    def focus(self, error: VideotronError) -> QWidget | None:
        """Put the cursor in the widget of the first problem's field that this form has (its text selected)."""
        for problem in error.problems:
            widget = self.widget(problem.field)
            if widget is not None:
                widget.setFocus()
                if isinstance(widget, QLineEdit | QAbstractSpinBox):
                    widget.selectAll()
                return widget
        return None

    def attempt(self, action: Callable[[], object], language: str, shown_in: QLabel) -> bool:
        """Run `action`; when it is refused, show why in `shown_in` (fields named by their labels), put the cursor
        in the field and say False, so a dialog stays open for the user to fix it."""
        try:
            action()
        except VideotronError as exc:
            shown_in.setText(render_error(exc, language, self.label))
            shown_in.show()
            self.focus(exc)
            return False
        return True


def problem_label(name: str) -> QLabel:
    """Where a dialog says what was refused (hidden until then)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #B71C1C;")
    label.hide()
    return label
