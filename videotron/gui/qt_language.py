"""Qt's own words in the desk's language: the standard buttons (OK, Batal, Ya, Tidak), the file and input dialogs,
the line edits' context menu, and the calendar's month and day names.

Qt ships no Indonesian catalogue (`qtbase_id.qm` does not exist), so the desk installs a translator of its own that
answers Qt's lookups from our catalogue (`locale/id/desk.po`, the texts below), and makes Indonesian the default
`QLocale`, which names months and weekdays in calendars and date fields. Qt asks by (context, source text); the
same English word gets one Indonesian word whatever Qt class asks, which holds for every text below. Texts Qt asks
for that are not listed stay English: `missing()` records them, and the desk's language test lists them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from videotron.core.i18n import N_, tr

# fmt: off
QT_TEXTS = (
    # QPlatformTheme: QDialogButtonBox and QMessageBox standard buttons
    N_("OK"), N_("Save"), N_("Save All"), N_("Open"), N_("&Yes"), N_("Yes to &All"), N_("&No"), N_("N&o to All"),
    N_("Abort"), N_("Retry"), N_("Ignore"), N_("Close"), N_("Cancel"), N_("Discard"), N_("Help"), N_("Apply"),
    N_("Reset"), N_("Restore Defaults"), N_("Show Details..."), N_("Hide Details..."),
    # QFileDialog and its file system model
    N_("Look in:"), N_("File &name:"), N_("Files of type:"), N_("&Save"), N_("&Open"), N_("&Choose"),
    N_("Save As"), N_("Find Directory"), N_("Back"), N_("Forward"), N_("Parent Directory"),
    N_("Create New Folder"), N_("New Folder"), N_("List View"), N_("Detail View"), N_("Name"), N_("Size"),
    N_("Type"), N_("Kind"), N_("Date Modified"), N_("My Computer"), N_("Computer"), N_("Recent Places"),
    N_("Directory:"), N_("File"), N_("Folder"), N_("All Files (*)"), N_("Show &hidden files"), N_("&Delete"),
    N_("&Rename"), N_("&New Folder"), N_("&Look in:"), N_("Files of &type:"), N_("Change to detail view mode"),
    N_("Change to list view mode"), N_("Create a New Folder"), N_("Go back"), N_("Go forward"),
    N_("Go to the parent directory"), N_("Drive"), N_("Files"), N_("Sidebar"), N_("List of places and bookmarks"),
    # QLineEdit / QTextEdit context menu, QAbstractSpinBox
    N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"), N_("Select All"),
    N_("&Step up"), N_("Step &down"),
    # QCalendarWidget
    N_("Previous Month"), N_("Next Month"), N_("Today"),
)
# fmt: on
_KNOWN = frozenset(QT_TEXTS)


class QtWords(QTranslator):
    """Answers Qt's lookups from the desk's catalogue in one language."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        # An empty answer would be taken as the translation (PySide hands Qt a non-null empty string): a text we do
        # not know is answered with Qt's own English
        if source not in _KNOWN:
            self.asked.add((context, source))
            return source
        return tr(source, self.language)

    def isEmpty(self) -> bool:
        return False

    def missing(self) -> set[tuple[str, str]]:
        """(Qt context, text) Qt asked for that is not in the catalogue (it showed it in English)."""
        return set(self.asked)


_installed: QtWords | None = None


def speak_qt(language: str) -> QtWords:
    """Make Qt's own words and the calendar speak `language` in this process (replacing any earlier choice)."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None and app is not None:
        app.removeTranslator(_installed)
    _installed = QtWords(language)
    if app is not None:
        app.installTranslator(_installed)
    if language == "id":
        QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return _installed
