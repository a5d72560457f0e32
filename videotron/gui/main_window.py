"""The main window: one tab per daily job, language menu, window layout remembered between runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from videotron.core.context import AppContext
from videotron.core.i18n import tr
from videotron.gui.widgets import refresh_page

TabFactory = Callable[[AppContext], QWidget]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, tabs: list[tuple[str, TabFactory]], settings: QSettings) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        language = ctx.language
        self.setWindowTitle(tr("videotron — operator and treasurer", language))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, QWidget] = {}
        for title, factory in tabs:
            page = factory(ctx)
            self.pages[title] = page
            self.tabs.addTab(page, tr(title, language))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self._menus()
        self.statusBar().addPermanentWidget(QLabel(f"{tr('Database', language)}: {ctx.safe_db_url()}  ·  {ctx.actor}"))
        self.statusBar().showMessage(tr("Ready", language))
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
        language = self.ctx.language
        file_menu = self.menuBar().addMenu(tr("&File", language))
        quit_action = QAction(tr("E&xit", language), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        lang_menu = self.menuBar().addMenu(tr("&Language", language))
        group = QActionGroup(self)
        for code, label in (("id", tr("Bahasa Indonesia", language)), ("en", tr("English", language))):
            action = QAction(label, self, checkable=True)
            action.setChecked(language == code)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(action)
            lang_menu.addAction(action)

    def _set_language(self, code: str) -> None:
        self.settings.setValue("ui/language", code)
        QMessageBox.information(self, "videotron", tr("The language changes the next time the window opens.",
                                                      self.ctx.language))  # fmt: skip

    def _tab_changed(self, index: int) -> None:
        refresh_page(self.tabs.widget(index))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/tab", self.tabs.currentIndex())
        super().closeEvent(event)
