"""The layout editor's live preview: the screen at its real pixel size (scaled down to fit when it is larger than the
space, the scale shown), each zone drawn where the player will put it — the main region, the running-text band in
its colours and font size with the screen's texts, the clock with the Indonesian date and time in the screen's zone,
the logo corner — and a zone with a problem outlined in red."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_date

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from playlists.layout import Box, Layout
from videotron.core.formats import zone_name

MARGIN = 8
CAPTION = 60  # px under the screen for the size and scale (and a note on the clock's width)


def clock_text(now: datetime, *, show_date: bool, show_seconds: bool) -> str:
    """What the clock zone shows, in Indonesian: "Selasa, 1 Desember 2026  09:00 WIB" (`now` in the screen's zone)."""
    time = now.strftime("%H:%M:%S" if show_seconds else "%H:%M") + " " + zone_name(now.tzinfo.key)  # type: ignore[union-attr]
    return f"{format_date(now.date(), 'EEEE, d MMMM y', locale='id_ID')}  {time}" if show_date else time


@dataclass
class Scene:
    """What the preview draws: the layout as typed (valid or not), the zones with problems, the band's text."""

    layout: Layout | None = None
    bad: set[str] = field(default_factory=set)
    sample: str = ""
    now: datetime | None = None
    caption: str = ""
    main_label: str = "video"


def zone_font(family: str, size_px: int, scale: float = 1.0) -> QFont:
    """The zone's font at its pixel size (scaled as the preview is)."""
    font = QFont(family)
    font.setPixelSize(max(round(max(size_px, 1) * scale), 1))
    return font


def text_width(family: str, size_px: int, text: str) -> int:
    """How many screen pixels `text` takes in this font (to say when a zone is too narrow for it)."""
    return QFontMetrics(zone_font(family, size_px)).horizontalAdvance(text)


def colour(text: str, fallback: str) -> QColor:
    c = QColor(text)
    return c if c.isValid() and text.startswith("#") else QColor(fallback)


class LayoutPreview(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("layoutPreview")
        self.scene = Scene()
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_scene(self, scene: Scene) -> None:
        self.scene = scene
        self.update()

    def scale(self) -> float:
        """1.0 (real pixels) unless the screen is larger than the space here."""
        lay = self.scene.layout
        if lay is None or lay.width <= 0 or lay.height <= 0:
            return 1.0
        room_w, room_h = self.width() - 2 * MARGIN, self.height() - 2 * MARGIN - CAPTION
        return max(min(1.0, room_w / lay.width, room_h / lay.height), 0.01)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ECEFF1"))
        lay, s = self.scene.layout, self.scale()
        if lay is not None and lay.width > 0 and lay.height > 0:
            w, h = round(lay.width * s), round(lay.height * s)
            x0 = max((self.width() - w) // 2, MARGIN)
            p.fillRect(QRect(x0, MARGIN, w, h), QColor("#000000"))
            zones = lay.zones()
            order = sorted(zones, key=lambda n: (zones[n].overlay, n != "main"))  # overlays last, over the others
            for name in order:
                self._zone(p, name, zones[name], x0, s)
            p.setPen(QPen(QColor("#607D8B")))
            p.drawRect(QRect(x0, MARGIN, w, h))
        p.setPen(QColor("#263238"))
        p.setFont(QFont(self.font().family(), 10))
        lowest = max([lay.height, *(b.y + b.h for b in lay.zones().values())]) if lay is not None else 0
        top = MARGIN + round(max(lowest, 0) * s) + 4  # under the screen, and under a zone that falls below it
        caption = QRect(0, min(top, self.height() - CAPTION), self.width(), CAPTION)  # right under the screen
        p.drawText(caption, int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap), self.scene.caption)
        p.end()

    def _zone(self, p: QPainter, name: str, box: Box, x0: int, s: float) -> None:
        lay = self.scene.layout
        assert lay is not None
        r = QRectF(x0 + box.x * s, MARGIN + box.y * s, box.w * s, box.h * s)
        p.save()
        p.setClipRect(r)
        if name == "main":
            p.fillRect(r, QColor("#37474F"))
            p.setPen(QColor("#B0BEC5"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, f"{self.scene.main_label}\n{box.w}×{box.h}")
        elif name in ("ticker", "clock"):
            zone = lay.ticker if name == "ticker" else lay.clock
            assert zone is not None
            p.fillRect(r, colour(zone.bg, "#000000"))
            p.setPen(colour(zone.fg, "#FFFFFF"))
            p.setFont(zone_font(zone.font, zone.size_px, s))
            if name == "ticker":
                p.drawText(r.adjusted(4 * s, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                           self.scene.sample)  # fmt: skip
            elif self.scene.now is not None and lay.clock is not None:
                text = clock_text(self.scene.now, show_date=lay.clock.show_date, show_seconds=lay.clock.show_seconds)
                fits = p.fontMetrics().horizontalAdvance(text) <= r.width()
                p.drawText(r, Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignHCenter if fits else
                                                               Qt.AlignmentFlag.AlignLeft), text)  # fmt: skip
        else:
            p.fillRect(r, QColor("#78909C"))
            p.setPen(QColor("#FFFFFF"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, f"logo\n{lay.logo.media if lay.logo else ''}")
        p.restore()
        if name in self.scene.bad:
            p.setPen(QPen(QColor("#FF1744"), 2, Qt.PenStyle.DashLine))
            p.drawRect(r)
