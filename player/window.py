"""The borderless kiosk window the LED sending card captures: exact geometry, no cursor, always painted.

It paints one picture: a still image (decoded and scaled off the GUI thread) or the newest frame of a libVLC feed,
centred on black (letterbox) or already stretched. It never paints "nothing": when a feed goes away its last frame is
copied first, so the desktop or a black gap cannot appear between items.

An emergency alert is a child widget mounted over the whole window (`mount_overlay`): opaque, so Qt leaves the
covered frames unpainted while the video keeps running underneath. With a layout (`player.zones`) the picture is
painted in the layout's main region (`set_main`) and the zones are child widgets at their own pixels; a new video
frame repaints the main region only, and the alert leaves a full-width running-text band uncovered (`set_band`).
"""

from __future__ import annotations

import logging
import re
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPaintEvent, QRegion, QResizeEvent
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
        self._main: QRect | None = None  # the layout's main region; None: the whole window
        self._band: QRect | None = None  # the running-text band the alert leaves uncovered
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
        widget.setGeometry(self.overlay_rect())
        self._overlays.append(widget)

    def resizeEvent(self, event: QResizeEvent) -> None:
        for widget in self._overlays:
            widget.setGeometry(self.overlay_rect())
        super().resizeEvent(event)

    def overlay_rect(self) -> QRect:
        """What an alert covers: the whole window, less a running-text band across its full width at the top or
        bottom (the band then carries the alert's text)."""
        rect, band = self.rect(), self._band
        if band is None or band.width() < rect.width() or band.left() > 0:
            return rect
        if band.top() <= 0:
            return QRect(0, band.bottom() + 1, rect.width(), rect.height() - band.bottom() - 1)
        if band.bottom() >= rect.height() - 1:
            return QRect(0, 0, rect.width(), band.top())
        return rect

    def main_rect(self) -> QRect:
        return QRect(self._main) if self._main is not None else self.rect()

    def set_main(self, rect: QRect | None) -> None:
        """The layout's main region (None: the whole window); the picture is painted centred in it."""
        if rect != self._main:
            self._main = rect
            self.update()

    def set_band(self, rect: QRect | None) -> None:
        self._band = rect
        for widget in self._overlays:
            widget.setGeometry(self.overlay_rect())

    def update_main(self) -> None:
        """A new video frame: repaint the main region only (the zones repaint themselves)."""
        self.update(self.main_rect())

    @property
    def target_size(self) -> tuple[int, int]:
        """The size pictures are decoded and scaled to: the main region's."""
        main = self.main_rect()
        return main.width(), main.height()

    @property
    def target_size_full(self) -> tuple[int, int]:
        return self.width(), self.height()

    def set_idle_picture(self, image: QImage | None) -> None:
        """What the window shows before its first picture (and until one comes): the player's standby picture."""
        self._idle = image
        self.update()

    def show_still(self, image: QImage | None) -> None:
        """Show `image`; None is black on purpose."""
        self._still, self._feed, self._black = image, None, image is None
        self.repaint(self.main_rect())

    def show_feed(self, feed: VideoFeed) -> None:
        self._feed = feed
        self.repaint(self.main_rect())

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
        rect = self.main_rect()
        if self._main is not None:  # around the main region: black (the zones' widgets paint over their own part)
            painter.setClipRegion(QRegion(self.rect()).subtracted(QRegion(rect)))
            painter.fillRect(self.rect(), QColor(0, 0, 0))
            painter.setClipRect(rect)
        if image is None:
            painter.fillRect(rect, QColor(0, 0, 0))
        else:
            x, y = rect.x() + (rect.width() - image.width()) // 2, rect.y() + (rect.height() - image.height()) // 2
            r, b = rect.right() + 1, rect.bottom() + 1
            if x > rect.x() or y > rect.y():  # letterbox bars only: painting twice costs time on big screens
                painter.fillRect(QRect(rect.x(), rect.y(), rect.width(), max(y - rect.y(), 0)), QColor(0, 0, 0))
                painter.fillRect(QRect(rect.x(), y + image.height(), rect.width(), max(0, b - y - image.height())),
                                 QColor(0, 0, 0))  # fmt: skip
                painter.fillRect(QRect(rect.x(), rect.y(), max(x - rect.x(), 0), rect.height()), QColor(0, 0, 0))
                painter.fillRect(QRect(x + image.width(), rect.y(), max(0, r - x - image.width()), rect.height()),
                                 QColor(0, 0, 0))  # fmt: skip
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
