"""One zone of the layout editor as a group of fields (`ZoneGroup`): its box in screen pixels (x, y, w, h, overlay)
and its style (font, size, colours, speed, separator; the clock's date and seconds; the logo's image), each field with
the place beside it where its problem is shown. The band, clock and logo are switched on by their group's check box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from playlists.layout import Box, ClockZone, LogoZone, TickerZone
from playlists.layouts import ZoneFields
from videotron.core.context import AppContext
from videotron.core.errors import Problem
from videotron.core.i18n import N_, render, tr

TITLES = {"main": N_("Main region (video and images)"), "ticker": N_("Running-text band"),
          "clock": N_("Clock and date"), "logo": N_("Logo")}  # fmt: skip
LABELS = {"x": "x (px)", "y": "y (px)", "w": N_("width (px)"), "h": N_("height (px)"), "overlay": N_("overlay"),
          "font": N_("font"), "size_px": N_("font size (px)"), "fg": N_("text colour"), "bg": N_("background"),
          "speed_px_s": N_("speed (px/s)"), "separator": N_("separator"), "show_date": N_("show the date"),
          "show_seconds": N_("show seconds"), "media": N_("image")}  # fmt: skip
BOX = ("x", "y", "w", "h", "overlay")
STYLE = {"main": (), "ticker": ("font", "size_px", "fg", "bg", "speed_px_s", "separator"),
         "clock": ("font", "size_px", "fg", "bg", "show_date", "show_seconds"), "logo": ("media",)}  # fmt: skip
ZONE = {"ticker": TickerZone, "clock": ClockZone, "logo": LogoZone}


def spin(name: str, low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    return box


def new_zone(name: str, w: int, h: int) -> Any:
    """Where a zone starts when it is switched on: the band along the bottom, the clock top right, the logo top left."""
    if name == "ticker":
        return TickerZone(Box(0, max(h - 40, 0), w, 40), size_px=28)
    if name == "clock":
        return ClockZone(Box(max(w - 300, 0), 0, min(300, w), 40, overlay=True), size_px=20)
    return LogoZone(Box(0, 0, min(96, w), min(96, h), overlay=True), media="")


class ZoneGroup(QGroupBox):
    changed = Signal()

    def __init__(self, ctx: AppContext, name: str) -> None:
        super().__init__(tr(TITLES[name], ctx.language))
        self.name = name
        self.setObjectName(f"zone_{name}")
        self.setCheckable(name != "main")
        self.widgets: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)
        for row, key in enumerate((*BOX[: 4 if name == "main" else 5], *STYLE[name])):
            widget = self._widget(key)
            widget.setObjectName(f"layout_{name}_{key}")
            problem = QLabel()
            problem.setObjectName(f"layoutProblem_{name}_{key}")
            problem.setWordWrap(True)
            problem.setStyleSheet("color: #B71C1C;")
            problem.hide()
            grid.addWidget(QLabel(tr(LABELS[key], ctx.language)), row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(problem, row, 2)
            self.widgets[key], self.problems[key] = widget, problem
        self.toggled.connect(lambda _on: self.changed.emit())

    def _widget(self, key: str) -> QWidget:
        if key in ("x", "y", "w", "h", "size_px", "speed_px_s"):
            box = spin("", -99999, 99999)
            box.valueChanged.connect(lambda _v: self.changed.emit())
            return box
        if key in ("overlay", "show_date", "show_seconds"):
            check = QCheckBox()
            check.toggled.connect(lambda _v: self.changed.emit())
            return check
        if key == "media":
            combo = QComboBox()
            combo.currentTextChanged.connect(lambda _t: self.changed.emit())
            return combo
        line = QLineEdit()
        line.setMaxLength(64)
        line.textChanged.connect(lambda _t: self.changed.emit())
        return line

    def set_media(self, images: Sequence[str]) -> None:
        combo = self.widgets.get("media")
        if isinstance(combo, QComboBox):
            combo.clear()
            combo.addItems(list(images))

    def load(self, zone: Any, w: int, h: int) -> None:
        """Show `zone` (a Box for the main region; None: this zone is off, shown as it would start)."""
        self.blockSignals(True)
        if self.name != "main":
            self.setChecked(zone is not None)
        shown = zone if zone is not None else new_zone(self.name, w, h)
        box = shown if isinstance(shown, Box) else shown.box
        values = {"x": box.x, "y": box.y, "w": box.w, "h": box.h, "overlay": box.overlay}
        values |= {k: getattr(shown, k) for k in STYLE[self.name]}
        for key, widget in self.widgets.items():
            widget.blockSignals(True)
            value = values[key]
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findText(str(value)), 0))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            widget.blockSignals(False)
        self.blockSignals(False)

    def value(self, key: str) -> Any:
        widget = self.widgets[key]
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()  # type: ignore[attr-defined]

    def on(self) -> bool:
        return self.name == "main" or self.isChecked()

    def zone_fields(self) -> ZoneFields | None:
        """The zone as `save_layout` takes it (None when switched off)."""
        if not self.on():
            return None
        x, y, w, h = (self.value(k) for k in "xywh")
        overlay = self.name != "main" and bool(self.value("overlay"))
        return ZoneFields(x, y, w, h, overlay=overlay, style={k: self.value(k) for k in STYLE[self.name]})

    def box(self) -> Box:
        x, y, w, h = (self.value(k) for k in "xywh")
        return Box(x, y, w, h, overlay=self.name != "main" and bool(self.value("overlay")))

    def zone(self, cls: type) -> Any:
        """The zone as typed, for the preview (None when off)."""
        return cls(self.box(), **{k: self.value(k) for k in STYLE[self.name]}) if self.on() else None

    def beside(self, p: Problem) -> str | None:
        """The field of this group a problem is shown beside: a zone outside the screen (which the domain names by
        its x) beside the coordinate that puts it out — y when it is off the top or bottom, else x."""
        if p.code != "layout.outside" or p.field != f"{self.name}.x":
            return p.field
        q = p.params
        off_vertically = q["y"] < 0 or q["y"] + q["h"] > q["sh"]
        off_sideways = q["x"] < 0 or q["x"] + q["w"] > q["sw"]
        return f"{self.name}.y" if off_vertically and not off_sideways else p.field

    def show_problems(self, found: Sequence[Problem], language: str) -> set[str]:
        """Each problem of one of this group's fields beside it; say which fields (as `Problem.field`) were shown."""
        shown = set()
        for key, label in self.problems.items():
            field = f"{self.name}.{key}"
            mine = [p for p in found if self.beside(p) == field] if self.on() else []
            label.setText("\n".join(render(replace(p, field=None), language) for p in mine))
            label.setVisible(bool(mine))
            shown |= {p.field or "" for p in mine}
        return shown
