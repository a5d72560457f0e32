"""The player's own standby picture, drawn once per start into the data folder: what a screen with no plan shows.

Deep blue, never black (black on an LED wall reads as "broken"), with the screen's id small in a corner for the
technician on site. Drawn with Qt on the GUI thread before the window opens (a few ms).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from videotron.core.paths import data_dir

BACKGROUND = (24, 56, 112)  # the tests recognise the standby picture by this colour


def draw_standby(screen: str, size: tuple[int, int]) -> Path:
    w, h = max(16, size[0]), max(16, size[1])
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(*BACKGROUND))
    painter = QPainter(image)
    painter.setPen(QColor(200, 215, 240))
    font = QFont()
    font.setPixelSize(max(8, h // 10))
    painter.setFont(font)
    painter.drawText(QRect(0, h // 12, w, h // 4), Qt.AlignmentFlag.AlignCenter, "videotron")
    font.setPixelSize(max(6, h // 24))
    painter.setFont(font)
    painter.drawText(QRect(0, h - h // 8, w - h // 24, h // 8), Qt.AlignmentFlag.AlignRight, screen)
    painter.end()
    path = data_dir() / "standby.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # the cover and the player may draw it at the same moment
    image.save(str(tmp), "PNG")
    tmp.replace(path)
    return path
