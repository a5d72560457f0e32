"""The borderless kiosk window the LED sending card captures: exact geometry, no cursor, always painted.

It paints one picture: a still image (decoded and scaled off the GUI thread) or the newest frame of a libVLC feed,
centred on black (letterbox) or already stretched. It never paints "nothing": when a feed goes away its last frame is
copied first, so the desktop or a black gap cannot appear between items.

An emergency alert is a child widget mounted over the whole window (`mount_overlay`): opaque, so Qt leaves the
covered frames unpainted while the video keeps running underneath.
"""

from __future__ import annotations

import logging
import re
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from player.frames import VideoFeed

log = logging.getLogger(__name__)

GEOMETRY = re.compile(r"^(\d+)x(\d+)\+(-?\d+)\+(-?\d+)$")


def parse_geometry(text: str) -> tuple[int, int, int, int]:
    """'WxH+X+Y' -> (w, h, x, y)."""
    m = GEOMETRY.match(text.strip())
    if not m or int(m[1]) <= 0 or int(m[2]) <= 0:
        raise ValueError(f"geometry {text!r} is not WxH+X+Y (e.g. 384x192+0+0)")
    return int(m[1]), int(m[2]), int(m[3]), int(m[4])


class ScreenWindow(QWidget):
    def __init__(self, geometry: tuple[int, int, int, int] | None) -> None:
        super().__init__()
        flags = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        if sys.platform.startswith("linux"):
            flags |= Qt.WindowType.X11BypassWindowManagerHint  # no WM decoration, panel or focus stealing
        else:
            flags |= Qt.WindowType.Tool
        self.setWindowFlags(flags)
        self.setWindowTitle("videotron")
        self.setCursor(QCursor(Qt.CursorShape.BlankCursor))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAutoFillBackground(False)
        self.fullscreen = geometry is None
        if geometry is not None:
            w, h, x, y = geometry
            self.setGeometry(x, y, w, h)
            self.setFixedSize(w, h)
        self._still: QImage | None = None
        self._feed: VideoFeed | None = None
        self._overlays: list[QWidget] = []
        self._idle: QImage | None = None  # painted while there is nothing else: the standby picture, never black
        self._black = False  # black on purpose (outside operating hours with no standby picture)
        self.paints = 0

    def open(self) -> None:
        if self.fullscreen:
            # the window manager is bypassed, so nobody else sizes a "full screen" window (it stayed 640x480)
            self.setGeometry(self.screen().geometry())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    def mount_overlay(self, widget: QWidget) -> None:
        """Keep `widget` (a hidden child of this window) covering the whole window, through any resize."""
        widget.setParent(self)
        widget.setGeometry(self.rect())
        self._overlays.append(widget)

    def resizeEvent(self, event: QResizeEvent) -> None:
        for widget in self._overlays:
            widget.setGeometry(self.rect())
        super().resizeEvent(event)

    @property
    def target_size(self) -> tuple[int, int]:
        return self.width(), self.height()

    def set_idle_picture(self, image: QImage | None) -> None:
        """What the window shows before its first picture (and until one comes): the player's standby picture."""
        self._idle = image
        self.update()

    def show_still(self, image: QImage | None) -> None:
        """Show `image`; None is black on purpose."""
        self._still, self._feed, self._black = image, None, image is None
        self.repaint()

    def show_feed(self, feed: VideoFeed) -> None:
        self._feed = feed
        self.repaint()

    def source_is(self, feed: VideoFeed) -> bool:
        return self._feed is feed

    def freeze(self) -> None:
        """Keep the feed's current picture as a still copy (the feed is about to be stopped or reused)."""
        if self._feed is not None:
            image = self._feed.image()
            self._still = image.copy() if image is not None else self._still
            self._feed = None

    def paintEvent(self, _event: QPaintEvent) -> None:
        image = self._feed.image() if self._feed is not None else None
        if image is None:
            image = self._still if self._still is not None or self._black else self._idle
        painter = QPainter(self)
        rect = self.rect()
        if image is None:
            painter.fillRect(rect, QColor(0, 0, 0))
        else:
            x, y = (rect.width() - image.width()) // 2, (rect.height() - image.height()) // 2
            if x > 0 or y > 0:  # letterbox bars only: painting the whole window twice costs time on big screens
                painter.fillRect(QRect(0, 0, rect.width(), max(y, 0)), QColor(0, 0, 0))
                painter.fillRect(QRect(0, y + image.height(), rect.width(), rect.height()), QColor(0, 0, 0))
                painter.fillRect(QRect(0, 0, max(x, 0), rect.height()), QColor(0, 0, 0))
                painter.fillRect(QRect(x + image.width(), 0, rect.width(), rect.height()), QColor(0, 0, 0))
            painter.drawImage(x, y, image)
        painter.end()
        self.paints += 1

    def screenshot_png(self, width: int = 320) -> bytes:
        """A small PNG of what the window shows (for the heartbeat)."""
        pixmap = self.grab()
        if width and pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.save(buf, "PNG")
        return bytes(data.data())
