"""The layout editor: a screen's layout (its default, or a daypart's) edited zone by zone — the main region, the
running-text band, the clock, the logo — by their fields in screen pixels, with the live preview beside them
(`videotron.gui.layout_preview`). As the operator types, each problem `playlists.layouts.layout_problems` finds (the
very check `save_layout` makes) is shown beside its field and its zone outlined in the preview; "Save layout" is
enabled only when there is none and saves through `save_layout`, the setup file's own write path (one transaction,
audited as `layout.create`/`layout.update`)."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from playlists.layout import Box, ClockZone, Layout, LogoZone, TickerZone
from playlists.layouts import LayoutFields, layout_problems, layouts_of, save_layout, screen_size
from playlists.models import Daypart, Media, Screen
from playlists.running_texts import list_texts
from videotron.core.context import AppContext
from videotron.core.errors import Problem
from videotron.core.i18n import render, say, tr
from videotron.gui.layout_preview import LayoutPreview, Scene, clock_text, text_width
from videotron.gui.layout_zones import ZoneGroup, spin
from videotron.gui.roles import guard
from videotron.gui.widgets import button_row, run_action


class LayoutEditor(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.screen_box, self.daypart = QComboBox(), QComboBox()
        self.screen_box.setObjectName("layoutScreen")
        self.screen_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.daypart.setObjectName("layoutDaypart")
        self.width_, self.height_ = spin("layoutWidth", 1, 20000), spin("layoutHeight", 1, 20000)
        self.sold = spin("layoutSoldTexts", 0, 1000)
        self.sold.setToolTip(tr("How many sold running texts the band carries a day (the capacity rule)", language))
        self.groups = {name: ZoneGroup(ctx, name) for name in ("main", "ticker", "clock", "logo")}
        top = QGridLayout()
        for col, (label, widget) in enumerate(((tr("Screen", language), self.screen_box),
                                               (tr("Daypart", language), self.daypart),
                                               (tr("Width (px)", language), self.width_),
                                               (tr("Height (px)", language), self.height_),
                                               (tr("Sold running texts a day", language), self.sold))):  # fmt: skip
            top.addWidget(QLabel(label), 0, col)
            top.addWidget(widget, 1, col)
        top.setColumnStretch(0, 1)  # the screen's name and the daypart's share what the size boxes leave
        top.setColumnStretch(1, 1)
        self.size_problem, self.general = QLabel(), QLabel()
        for name, shown in (("layoutProblem_width", self.size_problem), ("layoutProblems", self.general)):
            shown.setObjectName(name)
            shown.setWordWrap(True)
            shown.setStyleSheet("color: #B71C1C;")
        row, (self.save_button,) = button_row((tr("Save layout", language), self.save, "saveLayout"))
        self.may_save = guard(self.save_button, ctx, "setup.load")
        zones = QWidget()
        grid = QGridLayout(zones)
        grid.addWidget(self.groups["main"], 0, 0)
        grid.addWidget(self.groups["ticker"], 0, 1, 2, 1)
        grid.addWidget(self.groups["logo"], 1, 0)
        grid.addWidget(self.groups["clock"], 2, 0, 1, 2)
        grid.setRowStretch(3, 1)  # the groups keep their height; the room left stays below them
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(zones)
        self.preview = LayoutPreview()
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.size_problem)
        left.addWidget(scroll, 1)
        left.addWidget(self.general)
        left.addLayout(row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview, 1)
        self.loading = False
        self.screen_box.currentIndexChanged.connect(self.screen_chosen)
        self.daypart.currentIndexChanged.connect(self.load)
        for widget in (self.width_, self.height_, self.sold):
            widget.valueChanged.connect(self.check)
        for group in self.groups.values():
            group.changed.connect(self.check)

    def refresh(self) -> None:
        current = self.screen_box.currentData()
        with self.ctx.sessions()() as s:
            screens = [(sc.id, sc.name) for sc in s.scalars(select(Screen).order_by(Screen.id))]
            images = list(s.scalars(select(Media.id).where(Media.is_image.is_(True)).order_by(Media.id)))
        self.groups["logo"].set_media(images)
        self.screen_box.blockSignals(True)
        self.screen_box.clear()
        for sid, name in screens:
            self.screen_box.addItem(f"{sid} — {name}", sid)
        self.screen_box.blockSignals(False)
        index = self.screen_box.findData(current)
        self.screen_box.setCurrentIndex(max(index, 0))
        self.screen_chosen()

    def screen_chosen(self, *_args: object) -> None:
        sid = self.screen_box.currentData()
        with self.ctx.sessions()() as s:
            parts = list(s.scalars(select(Daypart).where(Daypart.screen_id == sid).order_by(Daypart.id)))
            labels = [(p.id, f"{p.id} ({p.start}-{p.end})") for p in parts]
        self.daypart.blockSignals(True)
        self.daypart.clear()
        self.daypart.addItem(tr("(the screen's own layout)", self.ctx.language), None)
        for pid, label in labels:
            self.daypart.addItem(label, pid)
        self.daypart.blockSignals(False)
        self.load()

    def screen_row(self) -> Screen | None:
        with self.ctx.sessions()() as s:
            return s.get(Screen, self.screen_box.currentData()) if self.screen_box.currentData() else None

    def load(self, *_args: object) -> None:
        """The chosen layout as saved, or a new one filling the screen."""
        sc = self.screen_row()
        if sc is None:
            return
        with self.ctx.sessions()() as s:
            saved = {part: (lay, sold) for part, lay, sold in layouts_of(s, sc.id)}
        size = screen_size(sc.geometry)
        part = self.daypart.currentData()
        found = saved.get(part) or saved.get(None)  # a daypart's new layout starts from the screen's own
        w, h = size or ((found[0].width, found[0].height) if found else (1920, 1080))
        lay = found[0] if found else Layout(w, h, Box(0, 0, w, h))
        self.loading = True
        self.width_.setEnabled(size is None)
        self.height_.setEnabled(size is None)
        self.width_.setValue(w)
        self.height_.setValue(h)
        self.sold.setValue(found[1] if found and part is None else 0)  # sold texts are counted on the screen's own
        self.sold.setEnabled(part is None)
        for name, group in self.groups.items():
            group.load(getattr(lay, name), w, h)
        self.loading = False
        self.check()

    def fields(self) -> LayoutFields:
        sc = self.screen_row()
        fullscreen = sc is None or screen_size(sc.geometry) is None
        zones = {name: group.zone_fields() for name, group in self.groups.items()}
        return LayoutFields(self.screen_box.currentData() or "", self.daypart.currentData(),
                            self.width_.value() if fullscreen else None, self.height_.value() if fullscreen else None,
                            sold_texts=self.sold.value(), **zones)  # fmt: skip

    def check(self, *_args: object) -> list[Problem]:
        """Every problem of the layout as typed, beside its field; the preview redrawn (nothing written)."""
        if self.loading or self.screen_box.currentData() is None:
            return []
        f, language = self.fields(), self.ctx.language
        with self.ctx.sessions()() as s:
            _layout, found = layout_problems(s, f)
        shown: set[str] = set()
        for group in self.groups.values():
            shown |= group.show_problems(found, language)
        here = [p for p in found if p.field == "width"]
        self.size_problem.setText("\n".join(render(replace(p, field=None), language) for p in here))
        self.size_problem.setVisible(bool(here))
        rest = [p for p in found if p.field not in shown and p.field != "width"]
        self.general.setText("\n".join(render(p, language) for p in rest))
        self.general.setVisible(bool(rest))
        self.save_button.setEnabled(not found and self.may_save)
        self.draw(found)
        return found

    def draw(self, found: list[Problem]) -> None:
        sc = self.screen_row()
        if sc is None:
            return
        w, h = self.width_.value(), self.height_.value()
        g = self.groups
        ticker, clock, logo = g["ticker"].zone(TickerZone), g["clock"].zone(ClockZone), g["logo"].zone(LogoZone)
        lay = Layout(w, h, g["main"].box(), ticker, clock, logo)
        with self.ctx.sessions()() as s:
            texts = [t.text for t in list_texts(s, screen_id=sc.id, day=self.ctx.config.today(self.ctx.clock))
                     if t.status != "cancelled"]  # fmt: skip
        sep = ticker.separator if isinstance(ticker, TickerZone) else "  •  "
        sample = sep.join(texts) or tr("Sample running text — Dinas Kominfo", self.ctx.language)
        bad = {(p.field or "").split(".")[0] for p in found}
        scale = round(self.preview.scale() * 100)
        caption = say(self.ctx.language, "desk.layout_scale", "Screen {w}x{h} px, shown at {scale}%", w=w, h=h,
                      scale=scale)  # fmt: skip
        now = self.ctx.clock.now().astimezone(ZoneInfo(sc.timezone))
        if isinstance(clock, ClockZone):
            need = text_width(clock.font, clock.size_px, clock_text(now, show_date=clock.show_date,
                                                                    show_seconds=clock.show_seconds))  # fmt: skip
            if need > clock.box.w:
                caption += "\n" + say(self.ctx.language, "desk.clock_too_narrow", "The clock's text needs {need} px; "
                                       "its zone is {have} px wide: widen it, or use a smaller font or no date",
                                       need=need, have=clock.box.w)  # fmt: skip
        main = tr("video and images", self.ctx.language)
        self.preview.show_scene(Scene(lay, bad, sample, now, caption, main))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.check()  # the scale follows the preview's room

    def save(self) -> None:
        f, ctx = self.fields(), self.ctx
        if run_action(self, ctx, lambda s: save_layout(s, f, actor=ctx.actor, clock=ctx.clock)):
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(say(ctx.language, "desk.layout_saved", "Layout of {screen} saved.",
                                                   screen=f.ident))  # fmt: skip
            self.load()
