"""The emergency alert as the LED screen shows it: large high-contrast text (yellow title, white message on red)
fitted to the widget's real size, with the time it was issued ("Diterbitkan 14:05 WIB") and an optional still.

Fitting: one base pixel size drives all three blocks (title 1.35x, message 1x, issue line 0.7x); the largest base
size whose word-wrapped blocks fit inside the margins is found by bisection on the real font metrics. On a
384x192 LED a long message still fits (the font shrinks, down to a readable minimum); below that minimum the message
is cut at a word with "…" rather than drawn outside the screen. The widget paints itself opaque (no flicker, no
desktop showing through); the player mounts it over its window while an alert is on air.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

BACKGROUND = QColor("#B00000")
TITLE_COLOR = QColor("#FFEB3B")
TEXT_COLOR = QColor("#FFFFFF")
FAMILY = "DejaVu Sans"
MIN_PX = 9  # smallest message size; the issue line may go to 8 px (still legible on a P6 LED)
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
FLAGS = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def issued_text(issued_at: datetime, timezone: str = "Asia/Jakarta") -> str:
    """'Diterbitkan 14:05 WIB' in the screen's zone."""
    local = issued_at.astimezone(ZoneInfo(timezone))
    zone = ZONE_ABBREVIATIONS.get(timezone) or local.tzname() or timezone
    return f"Diterbitkan {local:%H:%M} {zone}"


@dataclass(frozen=True)
class Block:
    text: str
    font: QFont
    rect: QRect  # where it is drawn (the text's bounding rect, centred)
    color: QColor


@dataclass(frozen=True)
class AlertLayout:
    blocks: tuple[Block, ...]
    image_rect: QRect | None
    base_px: int
    elided: bool  # the message had to be cut

    def bounds(self) -> QRect:
        out = QRect()
        for b in self.blocks:
            out = out.united(b.rect)
        return out


def _font(px: int, bold: bool) -> QFont:
    f = QFont(FAMILY)
    f.setPixelSize(max(px, 1))
    f.setBold(bold)
    return f


def _measure(texts: tuple[str, str, str], px: int, width: int) -> list[tuple[QFont, QRect]] | None:
    fonts = (_font(round(px * 1.35), True), _font(px, False), _font(max(8, round(px * 0.7)), False))
    out = []
    for text, font in zip(texts, fonts, strict=True):
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 1_000_000), FLAGS, text)
        if rect.width() > width:
            return None  # a word longer than the line
        out.append((font, rect))
    return out


def _height(measured: list[tuple[QFont, QRect]], px: int) -> int:
    return sum(r.height() for _f, r in measured) + 2 * max(2, px // 3)


def fit_layout(size: QSize, title: str, message: str, footer: str, image: QSize | None = None) -> AlertLayout:
    """The largest text that fits `size` (see the module docstring)."""
    w, h = size.width(), size.height()
    margin = max(3, round(min(w, h) * 0.04))
    inner = QRect(margin, margin, w - 2 * margin, h - 2 * margin)
    image_rect = None
    if image is not None and not image.isEmpty():
        # a still beside the text on a wide screen, above it on a tall one; at most 40% of the room
        if w >= h:
            side = QSize(inner.width() * 2 // 5, inner.height())
            image_rect = QRect(inner.topLeft(), image.scaled(side, Qt.AspectRatioMode.KeepAspectRatio))
            image_rect.moveTop(inner.top() + (inner.height() - image_rect.height()) // 2)
            inner = inner.adjusted(image_rect.width() + margin, 0, 0, 0)
        else:
            side = QSize(inner.width(), inner.height() * 2 // 5)
            image_rect = QRect(inner.topLeft(), image.scaled(side, Qt.AspectRatioMode.KeepAspectRatio))
            image_rect.moveLeft(inner.left() + (inner.width() - image_rect.width()) // 2)
            inner = inner.adjusted(0, image_rect.height() + margin, 0, 0)
    elided = False
    words = message.split()
    while True:
        texts = (title, " ".join(words) + ("…" if elided else ""), footer)

        def fits(px: int, texts: tuple[str, str, str] = texts) -> list[tuple[QFont, QRect]] | None:
            m = _measure(texts, px, inner.width())
            return m if m is not None and _height(m, px) <= inner.height() else None

        lo, hi = MIN_PX, max(MIN_PX, inner.height())
        if fits(lo) is not None or len(words) <= 1:
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if fits(mid) is not None else (lo, mid - 1)
            measured = fits(lo) or _measure(texts, lo, inner.width()) or []
            break
        words, elided = words[: max(1, len(words) * 9 // 10)], True
    px = lo
    gap = max(2, px // 3)
    top = inner.top() + max(0, (inner.height() - _height(measured, px)) // 2)
    colors = (TITLE_COLOR, TEXT_COLOR, TITLE_COLOR)
    blocks = []
    for text, (font, rect), color in zip(texts, measured, colors, strict=True):
        left = inner.left() + (inner.width() - rect.width()) // 2
        blocks.append(Block(text, font, QRect(left, top, rect.width(), rect.height()), color))
        top += rect.height() + gap
    if elided:
        log.warning("alert message cut to fit %dx%d", w, h)
    return AlertLayout(tuple(blocks), image_rect, px, elided)


class AlertOverlay(QWidget):
    """An opaque widget showing one alert; `show_alert` / `clear`, relaid out on every resize."""

    def __init__(self, parent: QWidget | None = None, timezone: str = "Asia/Jakarta") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.timezone = timezone
        self.alert_id: int | None = None
        self._texts = ("", "", "")
        self._image: QImage | None = None
        self._layout: AlertLayout | None = None

    def show_alert(self, title: str, message: str, issued_at: datetime, *, alert_id: int | None = None,
                   image: QImage | None = None) -> None:  # fmt: skip
        self.alert_id = alert_id
        self._texts = (title, message, issued_text(issued_at, self.timezone))
        self._image = image if image is not None and not image.isNull() else None
        self._layout = None
        self.update()

    def clear(self) -> None:
        self.alert_id, self._texts, self._image, self._layout = None, ("", "", ""), None, None
        self.update()

    def current_layout(self) -> AlertLayout:
        if self._layout is None:
            self._layout = fit_layout(self.size(), *self._texts, image=self._image.size() if self._image else None)
        return self._layout

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        layout = self.current_layout()
        if self._image is not None and layout.image_rect is not None:
            scaled = self._image.scaled(layout.image_rect.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            painter.drawImage(layout.image_rect.topLeft(), scaled)
        for block in layout.blocks:
            painter.setFont(block.font)
            painter.setPen(block.color)
            painter.drawText(block.rect, FLAGS, block.text)
        painter.end()
