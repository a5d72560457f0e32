"""A day's plan drawn as a timeline: one row per hour, minutes across, items coloured by kind.

Zoom stretches the minutes (Ctrl + mouse wheel or the zoom buttons); hovering an item shows its time, media,
booking and advertiser.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QToolTip, QWidget

from playlists.plan import Plan, PlanItem
from videotron.core.i18n import tr

KIND_COLOURS = {"ad": QColor("#EF6C00"), "psa": QColor("#1565C0"), "filler": QColor("#78909C")}
ROW_HEIGHT = 26
LABEL_WIDTH = 56
HEADER_HEIGHT = 22


class TimelineCanvas(QWidget):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.setMouseTracking(True)
        self.plan: Plan | None = None
        self.hours: list[int] = []
        self.px_per_minute = 18.0
        self._rects: list[tuple[QRect, PlanItem]] = []

    def set_plan(self, plan: Plan | None) -> None:
        self.plan = plan
        if plan and plan.items:
            first, last = plan.items[0].start, plan.items[-1].end - timedelta(microseconds=1)
            self.hours = list(range(first.hour, (last.hour if last.date() == first.date() else 23) + 1))
        else:
            self.hours = []
        self._relayout()

    def fit_width(self, width: int) -> None:
        """Zoom so one hour fills `width` pixels (the default view)."""
        self.px_per_minute = max(6.0, (width - LABEL_WIDTH - 12) / 60)
        self._relayout()

    def zoom(self, factor: float) -> None:
        self.px_per_minute = min(240.0, max(6.0, self.px_per_minute * factor))
        self._relayout()

    def _relayout(self) -> None:
        width = LABEL_WIDTH + int(60 * self.px_per_minute) + 8
        height = HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.hours)) + 4
        self.setFixedSize(QSize(width, height))
        self._rects = []
        if self.plan:
            for item in self.plan.items:
                self._rects.extend((rect, item) for rect in self._item_rects(item))
        self.update()

    def _x(self, seconds_into_hour: float) -> int:
        return LABEL_WIDTH + round(seconds_into_hour / 60 * self.px_per_minute)

    def _item_rects(self, item: PlanItem) -> list[QRect]:
        """An item that crosses an hour boundary is drawn in both rows."""
        rects = []
        start, end = item.start, item.end
        while start < end:
            hour_start = start.replace(minute=0, second=0, microsecond=0)
            row_end = min(end, hour_start + timedelta(hours=1))
            if start.hour in self.hours:
                row = self.hours.index(start.hour)
                x0 = self._x((start - hour_start).total_seconds())
                x1 = self._x((row_end - hour_start).total_seconds())
                rects.append(QRect(x0, HEADER_HEIGHT + row * ROW_HEIGHT + 2, max(1, x1 - x0), ROW_HEIGHT - 4))
            start = row_end
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        grid = QPen(QColor("#DDDDDD"))
        p.setPen(QColor("#333333"))
        step = 1 if self.px_per_minute >= 30 else 5 if self.px_per_minute >= 10 else 10
        for minute in range(0, 61, step):
            x = self._x(minute * 60)
            p.setPen(grid)
            p.drawLine(x, HEADER_HEIGHT, x, self.height())
            p.setPen(QColor("#333333"))
            if minute < 60:
                p.drawText(QRect(x + 2, 2, 40, HEADER_HEIGHT - 4), Qt.AlignmentFlag.AlignLeft, f":{minute:02d}")
        for row, hour in enumerate(self.hours):
            y = HEADER_HEIGHT + row * ROW_HEIGHT
            p.setPen(QColor("#333333"))
            p.drawText(QRect(4, y, LABEL_WIDTH - 8, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, f"{hour:02d}:00")
            p.setPen(grid)
            p.drawLine(LABEL_WIDTH, y, self.width(), y)
        visible = event.rect()
        for rect, item in self._rects:
            if rect.intersects(visible):
                p.fillRect(rect, KIND_COLOURS.get(item.kind, QColor("gray")))
                if rect.width() > 3:
                    p.setPen(QColor("white"))
                    p.drawLine(rect.left(), rect.top(), rect.left(), rect.bottom())
                if rect.width() > 60:
                    p.setPen(QColor("white"))
                    p.drawText(rect.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, item.media)
        p.end()

    def item_at(self, pos: QPoint) -> PlanItem | None:
        for rect, item in self._rects:
            if rect.contains(pos):
                return item
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        item = self.item_at(event.position().toPoint())
        if item is None:
            QToolTip.hideText()
            return
        language = self.language
        lines = [f"{item.start:%H:%M:%S} – {item.end:%H:%M:%S}", f"{tr(item.kind, language)}: {item.media}"]
        if item.booking:
            lines.append(f"{tr('Booking', language)}: {item.booking}")
            lines.append(f"{tr('Advertiser', language)}: {item.advertiser}")
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
            event.accept()
        else:
            event.ignore()


def summary(plan: Plan, now: datetime | None = None) -> dict[str, int]:
    """Seconds on air by kind, for the legend."""
    out = {"ad": 0, "psa": 0, "filler": 0}
    for item in plan.items:
        out[item.kind] = out.get(item.kind, 0) + round((item.end - item.start).total_seconds())
    return out
