"""Layar: every screen's settings and its live state from the player's heartbeat, with the last screenshot.

The last contact is a moment of the screen's, so it is shown in the screen's zone, with the zone's name (WIB/WITA/WIT);
"Now playing" is what the player's latest heartbeat said was on air (its sequencer's item, not the plan's first), with
that heartbeat's time, and only "last: ..." once the screen has gone quiet.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playlists.models import Heartbeat, Screen
from videotron.core.context import AppContext
from videotron.core.formats import local_time, zone_name
from videotron.core.i18n import say, tr
from videotron.gui.alert_panel import AlertPanel
from videotron.gui.widgets import data_table

ONLINE_WITHIN = timedelta(seconds=150)  # heartbeats come every 60 s; two missed means offline


class ScreensTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.screenshots: dict[str, bytes | None] = {}
        self.table = data_table(
            "screensTable",
            [
                tr("ID", language),
                tr("Name", language),
                tr("Location", language),
                tr("Zone", language),
                tr("Geometry", language),
                tr("Hours", language),
                tr("Status", language),
                tr("Now playing", language),
                tr("Last contact", language),
            ],
            stretch=False,
        )
        self.table.itemSelectionChanged.connect(self._show_screenshot)
        self.shot = QLabel(tr("No screenshot yet", language))
        self.shot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shot.setMinimumWidth(260)
        self.shot.setStyleSheet("background:#111;color:#bbb;")
        refresh = QPushButton(tr("Refresh", language))
        refresh.setObjectName("refreshScreens")
        refresh.clicked.connect(self.refresh)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(QLabel(tr("Last screenshot", language)))
        rl.addWidget(self.shot, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 5)  # every column of the table in sight at 1366x768
        split.setStretchFactor(1, 1)
        self.alerts = AlertPanel(ctx)
        top = QHBoxLayout()
        top.addWidget(self.alerts, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(15_000)

    def refresh(self) -> None:
        self.alerts.refresh()
        now, language = self.ctx.clock.now(), self.ctx.language
        with self.ctx.sessions()() as s:
            rows = s.execute(
                select(Screen, Heartbeat).outerjoin(Heartbeat, Heartbeat.screen_id == Screen.id).order_by(Screen.id)
            ).all()
            self.table.setRowCount(len(rows))
            self.screenshots.clear()
            for r, (screen, beat) in enumerate(rows):
                online = beat is not None and now - beat.at <= ONLINE_WITHIN
                contact = local_time(beat.at, screen.timezone, seconds=True) if beat else tr("never", language)
                values = [
                    screen.id,
                    screen.name,
                    screen.location,
                    screen.zone,
                    screen.geometry,
                    screen.hours,
                    tr("online", language) if online else tr("offline", language),
                    self.on_air(beat, screen.timezone, online),
                    contact,
                ]
                for c, value in enumerate(values):
                    item = QTableWidgetItem(str(value))
                    if c == 6:
                        item.setForeground(Qt.GlobalColor.darkGreen if online else Qt.GlobalColor.red)
                    self.table.setItem(r, c, item)
                self.screenshots[screen.id] = beat.screenshot_png if beat else None
        self._show_screenshot()

    def on_air(self, beat: Heartbeat | None, zone: str, online: bool) -> str:
        """What the player last said was on air, and when (the screen's zone): a screen that has gone quiet is not
        said to be playing anything now."""
        language = self.ctx.language
        if beat is None:
            return ""
        seen = f"{beat.at.astimezone(ZoneInfo(zone)):%H:%M:%S} {zone_name(zone)}"  # the day is in "Last contact"
        if beat.detail.startswith("standby"):
            media = tr("standby picture", language)
        elif beat.current_media_id:
            media = beat.current_media_id
        else:
            return ""
        if online:
            return say(language, "desk.on_air", "{media} (seen {time})", media=media, time=seen)
        return say(language, "desk.last_on_air", "last: {media} at {time}", media=media, time=seen)

    def _show_screenshot(self) -> None:
        row = self.table.currentRow()
        data = None
        if row >= 0 and self.table.item(row, 0):
            data = self.screenshots.get(self.table.item(row, 0).text())
        if not data:
            self.shot.setPixmap(QPixmap())
            self.shot.setText(tr("No screenshot yet", self.ctx.language))
            return
        pix = QPixmap()
        pix.loadFromData(data)
        self.shot.setPixmap(
            pix.scaled(
                self.shot.width() - 8,
                self.shot.height() - 8,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
