"""Composition root of the operator app: logs the user in, builds the services and the window, runs the Qt event loop.

Once the database has users, the login dialog comes first and the window acts as the logged-in user.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from videotron.core.permissions import users_exist
from videotron.gui.i18n import set_language, tr
from videotron.gui.login import login
from videotron.gui.main_window import MainWindow, TabFactory
from videotron.gui.services import Services
from videotron.gui.tab_billing import BillingTab
from videotron.gui.tab_bookings import BookingsTab
from videotron.gui.tab_media import MediaTab
from videotron.gui.tab_playlists import PlaylistsTab
from videotron.gui.tab_reports import ReportsTab
from videotron.gui.tab_schedule import ScheduleTab
from videotron.gui.tab_screens import ScreensTab


def default_tabs() -> list[tuple[str, TabFactory]]:
    return [
        ("Screens", ScreensTab),
        ("Media", MediaTab),
        ("Playlists", PlaylistsTab),
        ("Advertisers and bookings", BookingsTab),
        ("Schedule", ScheduleTab),
        ("Billing", BillingTab),
        ("Reports", ReportsTab),
    ]


def build_window(services: Services, settings: QSettings | None = None) -> MainWindow:
    settings = settings or QSettings("videotron", "admin")
    set_language(str(settings.value("ui/language", services.config.language)))
    return MainWindow(services, default_tabs(), settings)


def run_admin(services: Services) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("videotron")
    app.setOrganizationName("videotron")
    settings = QSettings("videotron", "admin")
    set_language(str(settings.value("ui/language", services.config.language)))
    with services.sessions() as s:
        has_users = users_exist(s)
    if has_users:
        user = login(services)
        if user is None:
            return 1
        services.actor = user
    window = build_window(services, settings)
    if not has_users:
        command = "`videotron user add NAME --role admin`"
        window.statusBar().showMessage(tr("No users yet: create the first admin with {command}.", command=command))
    window.show()
    return int(app.exec())
