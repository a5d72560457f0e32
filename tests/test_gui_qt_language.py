"""Qt's own words follow the desk's language: standard buttons, message boxes, the calendar's months and days.

GIVEN the desk opened in Bahasa Indonesia, WHEN the login dialog, a yes/no question and a date field's calendar
show, THEN their buttons read "OK"/"Batal", "Ya"/"Tidak", the calendar names "Januari" and "Senin"; in English the
same widgets read "Cancel", "Yes", "January". Nothing Qt asked for while a dialog showed was left in English.
"""

from __future__ import annotations

from typing import Any

import pytest

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QDialogButtonBox, QMessageBox, QToolButton

from videotron.gui.login import LoginDialog
from videotron.gui.qt_language import speak_qt

pytestmark = [pytest.mark.gui]


def _buttons(box: QDialogButtonBox) -> list[str]:
    return [b.text() for b in box.buttons()]


@pytest.mark.parametrize(("language", "ok_cancel", "yes_no", "month", "weekday"), [
    ("id", {"OK", "Batal"}, {"&Ya", "&Tidak"}, "Januari", "Senin"),
    ("en", {"OK", "Cancel"}, {"&Yes", "&No"}, "January", "Monday"),
])  # fmt: skip
def test_qt_speaks_the_desks_language(desk: Any, qtbot: Any, language: str, ok_cancel: set[str], yes_no: set[str],
                                      month: str, weekday: str) -> None:  # fmt: skip
    window = desk("operator", language=language)
    login = LoginDialog(window.ctx)
    qtbot.addWidget(login)
    login.show()
    assert set(_buttons(login.findChild(QDialogButtonBox))) == ok_cancel

    question = QMessageBox(QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Yes |
                           QMessageBox.StandardButton.No, window)  # fmt: skip
    qtbot.addWidget(question)
    question.show()
    assert {b.text() for b in question.buttons()} == yes_no

    field = QDateEdit(QDate(2027, 1, 4))
    field.setCalendarPopup(True)
    qtbot.addWidget(field)
    calendar = field.calendarWidget()
    calendar.show()
    names = {b.text() for b in calendar.findChildren(QToolButton)}
    assert month in names, names  # the month button of the navigation bar
    assert QLocale().dayName(1) == weekday
    assert calendar.locale().monthName(1) == month
    words = speak_qt(language)  # what Qt asks for from here on is recorded
    again = QCalendarWidget()
    qtbot.addWidget(again)
    again.show()
    QMessageBox(QMessageBox.Icon.Warning, "!", "!", QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert not {(c, t) for c, t in words.missing() if c in ("QPlatformTheme", "QCalendarWidget")}
