"""The main window: one tab per daily job, language menu, window layout remembered between runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from videotron.gui.i18n import language, tr
from videotron.gui.services import Services

TabFactory = Callable[[Services], QWidget]


class MainWindow(QMainWindow):
    def __init__(self, services: Services, tabs: list[tuple[str, TabFactory]], settings: QSettings) -> None:
        super().__init__()
        self.services = services
        self.settings = settings
        self.setWindowTitle(tr("videotron — operator and treasurer"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, QWidget] = {}
        for title, factory in tabs:
            page = factory(services)
            self.pages[title] = page
            self.tabs.addTab(page, tr(title))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self._menus()
        self.statusBar().addPermanentWidget(QLabel(f"{tr('Database')}: {services.db_label}  ·  {services.actor}"))
        self.statusBar().showMessage(tr("Ready"))
        self.resize(1280, 760)
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)  # type: ignore[arg-type]
        self.tabs.setCurrentIndex(int(settings.value("main/tab", 0)))  # type: ignore[call-overload]
        self._tab_changed(self.tabs.currentIndex())

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        quit_action = QAction(tr("E&xit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        lang_menu = self.menuBar().addMenu(tr("&Language"))
        group = QActionGroup(self)
        for code, label in (("id", tr("Bahasa Indonesia")), ("en", tr("English"))):
            action = QAction(label, self, checkable=True)
            action.setChecked(language() == code)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(action)
            lang_menu.addAction(action)

    def _set_language(self, code: str) -> None:
        self.settings.setValue("ui/language", code)
        QMessageBox.information(self, "videotron", tr("The language changes the next time the window opens."))

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/tab", self.tabs.currentIndex())
        super().closeEvent(event)
