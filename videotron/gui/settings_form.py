"""The office's settings as a form: one box per key the desk may change (`videotron.core.config_edit.EDITABLE`), in
groups (office, signer, treasurer, payment, numbering, time and language), each with the place beside it where a
refusal of that key is said. Read-only on the Settings page, editable in its dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from videotron.core.config import Config
from videotron.core.config_edit import EDITABLE, Key, current
from videotron.core.errors import VideotronError
from videotron.core.formats import zone_name
from videotron.core.i18n import N_, render, tr
from videotron.core.zones import is_zone
from videotron.gui.fields import problem_label

GROUPS = {"office": N_("Office"), "signer": N_("Signer (Kepala Dinas)"), "treasurer": N_("Treasurer"),
          "payment": N_("Payment"), "numbering": N_("Document numbers"), "": N_("Time zone and language")}  # fmt: skip
LABELS = {
    ("office", "government"): N_("Government"), ("office", "name"): N_("Office name"),
    ("office", "address"): N_("Address"), ("office", "city"): N_("City"), ("office", "phone"): N_("Telephone"),
    ("signer", "name"): N_("Name"), ("signer", "rank"): N_("Rank"), ("signer", "nip"): N_("NIP"),
    ("signer", "title"): N_("Position"), ("treasurer", "name"): N_("Name"), ("treasurer", "nip"): N_("NIP"),
    ("treasurer", "title"): N_("Position"), ("payment", "bank"): N_("Bank"),
    ("payment", "account_name"): N_("Account name"), ("payment", "account_number"): N_("Account number"),
    ("payment", "instructions"): N_("Payment instructions"), ("payment", "va_prefix"): N_("Virtual account prefix"),
    ("numbering", "skrd"): N_("SKRD"), ("numbering", "receipt"): N_("Receipt"), ("numbering", "sts"): N_("STS"),
    ("numbering", "strd"): N_("STRD"), ("numbering", "skrd_additional"): N_("SKRD tambahan"),
    ("numbering", "credit"): N_("SKRDLB (credit)"), ("numbering", "reminder"): N_("Surat Teguran"),
    ("", "timezone"): N_("Office time zone"), ("", "language"): N_("Language of documents"),
}  # fmt: skip
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"))
Box = QLineEdit | QComboBox | QPlainTextEdit


def object_name(key: Key) -> str:
    return "setting_" + "_".join(k for k in key if k)


class SettingsForm(QWidget):
    """A box per key and, beside it, what was refused about it."""

    def __init__(self, config: Config, language: str, *, editable: bool) -> None:
        super().__init__()
        self.language = language
        self.boxes: dict[Key, Box] = {}
        self.problems: dict[Key, QLabel] = {}
        columns = [QVBoxLayout(), QVBoxLayout()]
        for n, (table, title) in enumerate(GROUPS.items()):
            group = QGroupBox(tr(title, language))
            grid = QGridLayout(group)
            grid.setColumnStretch(1, 1)
            for key in (k for k in EDITABLE if k[0] == table):
                row = grid.rowCount()
                grid.addWidget(QLabel(tr(LABELS[key], language)), row, 0)
                grid.addWidget(self._box(key, current(config, key), editable), row, 1)
                if key == ("", "timezone"):
                    grid.addWidget(self.zone_name, row, 2)  # WIB, WITA, WIT
                self.problems[key] = problem_label(object_name(key) + "_problem")
                grid.addWidget(self.problems[key], row + 1, 1)
            columns[0 if n < 3 else 1].addWidget(group)
        layout = QGridLayout(self)
        for c, column in enumerate(columns):
            column.addStretch(1)
            layout.addLayout(column, 0, c)
            layout.setColumnStretch(c, 1)

    def _box(self, key: Key, value: str, editable: bool) -> QWidget:
        box: Box
        if key == ("payment", "instructions"):
            box = QPlainTextEdit(value)
            box.setReadOnly(not editable)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 5 + 12)  # the usual instructions whole
        elif key == ("", "language"):
            box = QComboBox()
            for code, name in LANGUAGES:
                box.addItem(name, code)
            box.setCurrentIndex(max(0, box.findData(value)))
        elif key == ("", "timezone"):
            box = QComboBox()
            box.setEditable(editable)
            box.addItems(ZONES)
            self.zone_name = QLabel()
            self.zone_name.setObjectName("settingZoneName")
            box.currentTextChanged.connect(self._show_zone_name)
            box.setCurrentText(value)
            self._show_zone_name(value)
        else:
            box = QLineEdit(value)
            box.setReadOnly(not editable)
            box.setCursorPosition(0)
        box.setEnabled(editable or not isinstance(box, QComboBox))
        box.setObjectName(object_name(key))
        self.boxes[key] = box
        return box

    def _show_zone_name(self, zone: str) -> None:
        self.zone_name.setText(zone_name(zone) if is_zone(zone) else "")

    def values(self) -> dict[Key, str]:
        return {key: self._value(key, box) for key, box in self.boxes.items()}

    @staticmethod
    def _value(key: Key, box: Box) -> str:
        if isinstance(box, QLineEdit):
            return box.text()
        if isinstance(box, QPlainTextEdit):
            return box.toPlainText()
        return str(box.currentData()) if key == ("", "language") else box.currentText()

    def show_problems(self, error: VideotronError | None) -> None:
        """Each refused key's problem beside its box (the cursor in the first); None clears them."""
        for label in self.problems.values():
            label.hide()
        first = None
        for p in error.problems if error else ():
            key = ((p.where.table or "") if p.where else "", p.field or "")
            if key in self.problems:
                self.problems[key].setText(render(p, self.language))
                self.problems[key].show()
                first = first or self.boxes[key]
        if first is not None:
            first.setFocus()
