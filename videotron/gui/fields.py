"""A form's fields as the domain names them: each field's label (in the user's language) and its widget, so a
problem about `amount` reads "Jumlah: ..." and puts the cursor in the amount box; and the one date box every tab
and dialog uses (`date_field`, `month_field`), which takes a typed date as the office writes it or in ISO."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QFormLayout, QLabel, QLineEdit, QWidget

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


DAY_FORMATS = ("dd-MM-yyyy", "d-M-yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy")  # shown as the first
MONTH_FORMATS = ("MM-yyyy", "M-yyyy", "yyyy-MM", "MM/yyyy")


class DateField(QDateEdit):
    """A date box that takes the whole date typed at once — 31-12-2026 (as the office writes it), 2026-12-31 (ISO),
    31/12/2026 — besides its arrows and calendar; Qt's own box takes typing only section by section."""

    def __init__(self, day: QDate, formats: tuple[str, ...]) -> None:
        super().__init__(day)
        self.formats = formats
        self.setDisplayFormat(formats[0])

    def parse(self, text: str) -> QDate | None:
        for form in self.formats:
            day = QDate.fromString(text.strip(), form)
            if day.isValid():
                return day
        return None

    def validate(self, text: str, pos: int) -> object:
        if self.parse(text) is not None:
            return QValidator.State.Acceptable, text, pos
        typing = len(text) <= 10 and all(c.isdigit() or c in "-/ " for c in text)
        return (QValidator.State.Intermediate if typing else QValidator.State.Invalid), text, pos

    def dateTimeFromText(self, text: str) -> QDateTime:
        moment = self.dateTime()  # in the box's own time spec (UTC): a local QDateTime(day, time) would be converted,
        day = self.parse(text)  # and east of UTC - all of Indonesia - the typed 06-12 became 05-12
        if day is not None:
            moment.setDate(day)
        return moment


def date_field(day: QDate, name: str = "") -> DateField:
    """A day: dd-mm-yyyy shown, typed dd-mm-yyyy or yyyy-mm-dd, or picked from the calendar."""
    field = DateField(day, DAY_FORMATS)
    field.setCalendarPopup(True)
    if name:
        field.setObjectName(name)
    return field


def month_field(day: QDate, name: str = "") -> DateField:
    """A month: mm-yyyy shown, typed mm-yyyy or yyyy-mm."""
    field = DateField(day, MONTH_FORMATS)
    if name:
        field.setObjectName(name)
    return field
