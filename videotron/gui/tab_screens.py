"""Layar: every screen's settings and its live state from the player's heartbeat, with the last screenshot."""

from __future__ import annotations

from datetime import timedelta

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
from videotron.gui.alert_panel import AlertPanel
from videotron.gui.i18n import tr
from videotron.gui.services import Services
from videotron.gui.widgets import data_table

ONLINE_WITHIN = timedelta(seconds=150)  # heartbeats come every 60 s; two missed means offline


class ScreensTab(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.screenshots: dict[str, bytes | None] = {}
        self.table = data_table(
            "screensTable",
            [
                tr("ID"),
                tr("Name"),
                tr("Location"),
                tr("Zone"),
                tr("Geometry"),
                tr("Hours"),
                tr("Status"),
                tr("Now playing"),
                tr("Last contact"),
            ],
            stretch=False,
        )
        self.table.itemSelectionChanged.connect(self._show_screenshot)
        self.shot = QLabel(tr("No screenshot yet"))
        self.shot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shot.setMinimumWidth(260)
        self.shot.setStyleSheet("background:#111;color:#bbb;")
        refresh = QPushButton(tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(QLabel(tr("Last screenshot")))
        rl.addWidget(self.shot, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.alerts = AlertPanel(services)
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
        now = self.services.clock.now()
        with self.services.sessions() as s:
            rows = s.execute(
                select(Screen, Heartbeat).outerjoin(Heartbeat, Heartbeat.screen_id == Screen.id).order_by(Screen.id)
            ).all()
            self.table.setRowCount(len(rows))
            self.screenshots.clear()
            for r, (screen, beat) in enumerate(rows):
                online = beat is not None and now - beat.at <= ONLINE_WITHIN
                contact = beat.at.astimezone(now.tzinfo).strftime("%d-%m-%Y %H:%M:%S") if beat else tr("never")
                values = [
                    screen.id,
                    screen.name,
                    screen.location,
                    screen.zone,
                    screen.geometry,
                    screen.hours,
                    tr("online") if online else tr("offline"),
                    (beat.current_media_id or "") if beat else "",
                    contact,
                ]
                for c, value in enumerate(values):
                    item = QTableWidgetItem(str(value))
                    if c == 6:
                        item.setForeground(Qt.GlobalColor.darkGreen if online else Qt.GlobalColor.red)
                    self.table.setItem(r, c, item)
                self.screenshots[screen.id] = beat.screenshot_png if beat else None
        self._show_screenshot()

    def _show_screenshot(self) -> None:
        row = self.table.currentRow()
        data = None
        if row >= 0 and self.table.item(row, 0):
            data = self.screenshots.get(self.table.item(row, 0).text())
        if not data:
            self.shot.setPixmap(QPixmap())
            self.shot.setText(tr("No screenshot yet"))
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
