"""Administration: the office's tariffs, its users and roles, and its settings, each on its own page."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from videotron.core.context import AppContext
from videotron.core.i18n import tr
from videotron.gui.settings_panel import SettingsPanel
from videotron.gui.tariff_panel import TariffPanel
from videotron.gui.users_panel import UsersPanel
from videotron.gui.widgets import refresh_page


class AdminTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        language = ctx.language
        self.tariffs = TariffPanel(ctx)
        self.pages = QTabWidget()
        self.pages.setObjectName("adminPages")
        self.users = UsersPanel(ctx)
        self.pages.addTab(self.tariffs, tr("Tariffs", language))
        self.pages.addTab(self.users, tr("Users and roles", language))
        self.settings = SettingsPanel(ctx)
        self.pages.addTab(self.settings, tr("Office settings", language))
        self.pages.currentChanged.connect(lambda _: self.refresh())
        QVBoxLayout(self).addWidget(self.pages)

    def refresh(self) -> None:
        refresh_page(self.pages.currentWidget())
