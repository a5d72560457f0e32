"""Composition root of the operator app: decides the language, logs the user in, builds the window from the one
application context, and runs the Qt event loop.

Once the database has users, the login dialog comes first and the window acts as the logged-in user.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from videotron.core.context import AppContext
from videotron.core.i18n import N_, language_from_env, say
from videotron.core.permissions import users_exist
from videotron.gui.login import login
from videotron.gui.main_window import MainWindow, TabFactory
from videotron.gui.qt_language import speak_qt
from videotron.gui.tab_admin import AdminTab
from videotron.gui.tab_billing import BillingTab
from videotron.gui.tab_bookings import BookingsTab
from videotron.gui.tab_deposits import DepositsTab
from videotron.gui.tab_media import MediaTab
from videotron.gui.tab_playlists import PlaylistsTab
from videotron.gui.tab_reports import ReportsTab
from videotron.gui.tab_schedule import ScheduleTab
from videotron.gui.tab_screens import ScreensTab
from videotron.gui.tab_texts import TextsTab


def default_tabs() -> list[tuple[str, TabFactory]]:
    """(title, page) per daily job; a page takes the application context."""
    return [
        (N_("Screens"), ScreensTab),
        (N_("Media"), MediaTab),
        (N_("Playlists"), PlaylistsTab),
        (N_("Advertisers and bookings"), BookingsTab),
        (N_("Running text"), TextsTab),
        (N_("Schedule"), ScheduleTab),
        (N_("Billing"), BillingTab),
        (N_("Deposits (STS)"), DepositsTab),
        (N_("Reports"), ReportsTab),
        (N_("Administration"), AdminTab),
    ]


def build_window(ctx: AppContext, settings: QSettings | None = None) -> MainWindow:
    """The main window on `ctx`, in `ctx.language` (Qt's own buttons, dialogs and calendars too)."""
    speak_qt(ctx.language)
    return MainWindow(ctx, default_tabs(), settings or QSettings("videotron", "admin"))


def desk_language(ctx: AppContext, settings: QSettings) -> str:
    """$VIDEOTRON_LANGUAGE (scripts, tests), else the language chosen in the desk's menu, else the office's."""
    chosen = settings.value("ui/language")
    return language_from_env(str(chosen) if chosen else ctx.config.language)


def run_admin(ctx: AppContext) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("videotron")
    app.setOrganizationName("videotron")
    settings = QSettings("videotron", "admin")
    ctx.language = desk_language(ctx, settings)
    speak_qt(ctx.language)  # the login dialog's buttons too
    with ctx.sessions()() as s:
        has_users = users_exist(s)
    if has_users:
        user = login(ctx)
        if user is None:
            return 1
        ctx.act_as(user)
    else:
        ctx.act_as(ctx.claimed_user)  # nobody to log in as yet: the name is recorded, every action is allowed
    window = build_window(ctx, settings)
    if not has_users:
        note = say(ctx.language, "desk.no_users", "No users yet: create the first admin with {command}.",
                   command="`videotron user add NAME --role admin`")  # fmt: skip
        window.statusBar().showMessage(note)
    window.show()
    return int(app.exec())
