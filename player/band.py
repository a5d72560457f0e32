"""The zones' widgets (running-text band, clock, logo) and the frame clock that moves the band.

Pacing: the band moves by a constant whole number of pixels (`step`) per displayed frame, one frame per refresh of
the screen (`QScreen.refreshRate()`; a real LED sending card captures at the PC's output rate, 60 Hz typically).
Qt's own frame requests are no pacing here: on X11 without a compositor they come from a 5 ms timer (measured under
Xvfb: 200 per second), so `FrameClock` ticks at the refresh rate itself, each frame due at t0 + n / rate on the
monotonic clock (a tick a little late never shifts the next ones, so it cannot drift; one woken over half a period
late starts its slot there, so two frames are never painted a few ms apart) and painted at once (`repaint` of the
band's rectangle only). Each tick advances one step, so the text never jumps; a frame missed by a busy GUI thread is
a frame the text waits (counted in `missed`). Speed: step = round(speed_px_s / rate), so the band runs at
step x rate px/s, exactly the configured speed when it is a multiple of the rate (Xvfb reports 60 Hz: 60, 120,
180... px/s; 120 px/s is 2 px a frame); otherwise the nearest such speed (logged when it differs by over 1 px/s).

Painting is cheap: each text is rendered once into an image (text and its separator, the band's colours) and the
band draws the two or three images in view at their offsets. An alert's text is drawn in the alert's colours.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from player.alert_view import BACKGROUND as ALERT_BACKGROUND
from player.alert_view import TITLE_COLOR as ALERT_TEXT
from player.ticker import TickerModel
from playlists.layout import TickerZone

log = logging.getLogger(__name__)


def frame_step(speed_px_s: int, rate_hz: float) -> int:
    """Whole pixels per frame for `speed_px_s` at `rate_hz` (at least 1)."""
    return max(1, round(speed_px_s / rate_hz))


class FrameClock(QObject):
    """Calls `on_frame(monotonic_now)` once per refresh slot, on the GUI thread, phase-locked to the monotonic
    clock (see the module docstring)."""

    def __init__(self, rate_hz: float, on_frame: Callable[[float], None]) -> None:
        super().__init__()
        self.rate = rate_hz
        self.on_frame = on_frame
        self.frames = 0
        self.missed = 0  # refresh slots that passed with no frame (the GUI thread was busy)
        self._t0 = 0.0
        self._slot = 0
        self._first = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._t0, self._slot, self._first = time.monotonic(), 0, True
        self._timer.start(0)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.monotonic()
        slot = math.floor((now - self._t0) * self.rate)
        if slot > self._slot or self._first:
            skipped = max(0, slot - self._slot - 1) if not self._first else 0
            self._first = False
            if skipped:
                self.missed += skipped
                log.debug("band frame %.1f ms late: %d frame(s) missed", (now - self._t0 - self._slot / self.rate
                                                                          - 1 / self.rate) * 1000, skipped)  # fmt: skip
            late = now - self._t0 - slot / self.rate
            if late > 0.5 / self.rate:  # woken deep into its slot: this frame starts the slot, so the next one comes a
                self._t0 += late  # whole period later, never a few ms after this one (a frame nobody would see)
            self._slot = slot
            self.frames += 1
            try:
                self.on_frame(now)
            except Exception:  # a bug in one frame must not stop the band
                log.exception("frame failed")
        due = self._t0 + (self._slot + 1) / self.rate
        self._timer.start(max(0, math.ceil((due - time.monotonic()) * 1000)))


def font(family: str, size_px: int) -> QFont:
    f = QFont(family)
    f.setPixelSize(size_px)
    return f


class TickerBand(QWidget):
    """The running-text band: paints the model's segments from per-text images."""

    def __init__(self, parent: QWidget, zone: TickerZone, rate_hz: float) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.zone = zone
        self.setGeometry(zone.box.x, zone.box.y, zone.box.w, zone.box.h)
        self.font_ = font(zone.font, zone.size_px)
        self.metrics = QFontMetrics(self.font_)
        self.bg, self.fg = QColor(zone.bg), QColor(zone.fg)
        step = frame_step(zone.speed_px_s, rate_hz)
        if abs(step * rate_hz - zone.speed_px_s) > 1:
            log.warning("running text at %d px/s: %d px a frame at %.0f Hz (the nearest whole step to %d px/s)",
                        round(step * rate_hz), step, rate_hz, zone.speed_px_s)  # fmt: skip
        self.model = TickerModel(zone.box.w, step, self.metrics.horizontalAdvance, zone.separator)
        self._images: dict[str, QImage] = {}  # text ("!" + text for an alert's) -> its pre-rendered strip

    def colours(self, alert: bool) -> tuple[QColor, QColor]:
        """(background, text): an alert's text in the alert's colours (yellow on red), else the zone's."""
        return (ALERT_BACKGROUND, ALERT_TEXT) if alert else (self.bg, self.fg)

    def image(self, text: str, width: int, alert: bool = False) -> QImage:
        img = self._images.get(("!" if alert else "") + text)
        if img is None:
            if len(self._images) > 64:
                self._images.clear()
            bg, fg = self.colours(alert)
            img = QImage(width + self.model.gap, self.height(), QImage.Format.Format_RGB32)
            img.fill(bg)
            p = QPainter(img)
            p.setFont(self.font_)
            p.setPen(fg)
            p.drawText(
                QRect(0, 0, img.width(), img.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine),
                text + self.zone.separator,
            )
            p.end()
            self._images[("!" if alert else "") + text] = img
        return img

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        left = 0
        bg = self.colours(bool(self.model.alert))[0]
        for seg in self.model.visible():
            if seg.x > left:
                p.fillRect(QRect(left, 0, seg.x - left, self.height()), bg)
            p.drawImage(seg.x, 0, self.image(seg.text, seg.width, alert=not seg.key))
            left = seg.end
        if left < self.width():
            p.fillRect(QRect(left, 0, self.width() - left, self.height()), bg)
        p.end()


class CachedZone(QWidget):
    """A zone that shows one pre-rendered image (the clock's text, the logo), redrawn only when it changes."""

    def __init__(self, parent: QWidget, rect: QRect, bg: str = "#000000") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setGeometry(rect)
        self.bg = QColor(bg)
        self.picture: QImage | None = None

    def set_picture(self, image: QImage | None) -> None:
        self.picture = image
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.bg)
        if self.picture is not None:
            p.drawImage((self.width() - self.picture.width()) // 2, (self.height() - self.picture.height()) // 2,
                        self.picture)  # fmt: skip
        p.end()


def render_text(text: str, size: tuple[int, int], family: str, size_px: int, fg: str, bg: str) -> QImage:
    """`text` centred in an image of `size`: on one line when it fits at `size_px`, else its parts (split at the
    double space: date, time) on lines of their own, shrunk only as far as the zone's width needs."""
    img = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    img.fill(QColor(bg))
    f = font(family, size_px)
    if QFontMetrics(f).horizontalAdvance(text) > size[0] and "  " in text:
        text = "\n".join(part.strip() for part in text.split("  "))
    flags = int(Qt.AlignmentFlag.AlignCenter)
    while f.pixelSize() > 6 and QFontMetrics(f).boundingRect(QRect(0, 0, size[0], size[1]), flags, text).width() > (
            size[0]):  # fmt: skip
        f.setPixelSize(f.pixelSize() - 1)
    p = QPainter(img)
    p.setFont(f)
    p.setPen(QColor(fg))
    p.drawText(QRect(0, 0, size[0], size[1]), flags, text)
    p.end()
    return img
