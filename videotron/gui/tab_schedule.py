"""Jadwal: the compiled plan of one screen and day as a zoomable timeline (compiled off the GUI thread) under the
office's airing gate, the bookings it holds off the air and why ("no SKRD issued yet", "not paid in full, due …"),
and a week overview of booked versus free ad capacity (held bookings count: their seats are sold)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from babel.dates import format_date
from sqlalchemy import select

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playlists.models import Screen
from playlists.plan import Plan
from videotron.core.context import AppContext
from videotron.core.errors import Problem
from videotron.core.i18n import render, say, tr
from videotron.gui.fields import date_field
from videotron.gui.messages import show_error
from videotron.gui.timeline import KIND_COLOURS, TimelineCanvas, summary
from videotron.gui.widgets import office_today
from videotron.gui.worker import run_in_background

Week = list[tuple[date, int, int, int, float]]  # day, booked s, free s, plays a new booking can have, spot s


class ScheduleTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.screen = QComboBox()
        self.screen.setObjectName("scheduleScreen")
        self.day = date_field(office_today(ctx), "scheduleDay")
        show = QPushButton(tr("Show", language))
        show.clicked.connect(self.load)
        zoom_in, zoom_out = QPushButton("+"), QPushButton("−")
        zoom_in.setFixedWidth(32)
        zoom_out.setFixedWidth(32)
        self.canvas = TimelineCanvas(language)
        zoom_in.clicked.connect(lambda: self.canvas.zoom(1.5))
        zoom_out.clicked.connect(lambda: self.canvas.zoom(1 / 1.5))
        self.legend = QLabel()
        self.held = QLabel()
        self.held.setObjectName("heldBookings")
        self.held.setWordWrap(True)
        self.held.setStyleSheet("color: #8D6E00;")
        bar = QHBoxLayout()
        labels = [QLabel(tr("Screen", language)), QLabel(tr("Date", language)), QLabel(tr("Zoom", language))]
        for widget in (labels[0], self.screen, labels[1], self.day, show, labels[2], zoom_out, zoom_in):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.legend)
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        self.scroll = scroll
        scroll.setObjectName("timelineScroll")
        self.week = QTableWidget(0, 0)
        self.week.setObjectName("weekCapacity")
        self.week.verticalHeader().setVisible(False)
        self.week.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.week.setFixedHeight(128)
        week_box = QWidget()
        wl = QVBoxLayout(week_box)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(QLabel(tr("Week overview: booked and free ad minutes per day", language)))
        wl.addWidget(self.week)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.held)
        layout.addWidget(week_box)
        self.plan: Plan | None = None
        self.busy = False

    def refresh(self) -> None:
        current = self.screen.currentText()
        with self.ctx.sessions()() as s:
            screens = list(s.scalars(select(Screen.id).order_by(Screen.id)))
        self.screen.blockSignals(True)
        self.screen.clear()
        self.screen.addItems(screens)
        if current in screens:
            self.screen.setCurrentText(current)
        self.screen.blockSignals(False)
        if screens and self.plan is None:
            self.load()

    def selected_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def load(self) -> None:
        screen_id, day = self.screen.currentText(), self.selected_day()
        if not screen_id or self.busy:
            return
        self.busy = True
        self.legend.setText(tr("Working…", self.ctx.language))
        self.job = run_in_background(lambda _progress: self._compute(screen_id, day), self._loaded, self._failed)

    def _compute(self, screen_id: str, day: date) -> tuple[Plan, Week, list[Problem]]:
        from playlists.gate import held_notes
        from playlists.planning import build_plan, load_inputs

        airing = self.ctx.config.airing
        with self.ctx.sessions()() as s:
            plan = build_plan(s, screen_id, day, airing=airing)
            held = held_notes(load_inputs(s, screen_id, airing=airing).bookings, screen_id, day)
            week = week_capacity(s, screen_id, day)
        return plan, week, held

    def _loaded(self, result: tuple[Plan, Week, list[Problem]]) -> None:
        self.busy = False
        self.plan, week, held = result
        self.held.setText("<br>".join(render(n, self.ctx.language) for n in held))
        first_view = self.canvas.plan is None
        self.canvas.set_plan(self.plan)
        if first_view:
            self.canvas.fit_width(self.scroll.viewport().width())
        seconds, language = summary(self.plan), self.ctx.language
        minutes = tr("min", language)
        self.legend.setText("   ".join(
            f"<span style='color:{KIND_COLOURS[k].name()}'>■</span> {tr(k, language)} {seconds[k] // 60} {minutes}"
            for k in ("ad", "psa", "filler")))  # fmt: skip
        self.week.setColumnCount(len(week))
        self.week.setRowCount(3)
        locale = "id_ID" if language == "id" else "en_GB"
        self.week.setHorizontalHeaderLabels([format_date(d[0], "EEE dd-MM", locale=locale) for d in week])
        for c, (_d, booked, free, plays, spot) in enumerate(week):
            self.week.setItem(0, c, QTableWidgetItem(f"{tr('booked', language)} {booked // 60} {minutes}"))
            self.week.setItem(1, c, QTableWidgetItem(f"{tr('free', language)} {free // 60} {minutes}"))
            cell = QTableWidgetItem(say(language, "capacity.day_plays", "new booking: at most {n} x {seconds:g} s",
                                        n=plays, seconds=spot))  # fmt: skip
            cell.setToolTip(say(language, "capacity.day_plays_tip", "a new advertiser's booking of this whole day "
                                "can have {n} plays of {seconds:g} s; one more is refused", n=plays,
                                seconds=spot))  # fmt: skip
            self.week.setItem(2, c, cell)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.legend.setText("")
        show_error(self, exc, self.ctx.language)


def week_capacity(session: Any, screen_id: str, start: date) -> Week:
    """(day, booked ad seconds, free ad seconds, plays a new booking of that day can have, its spot seconds) for
    the 7 days from `start`: free seconds promise more than a booking can use (ads spread evenly, PSA items between
    them), the plays are what the booking desk then accepts."""
    from playlists.capacity import hourly_load
    from playlists.capacity_fit import day_plays, usual_spot_seconds
    from playlists.planning import load_inputs

    inputs = load_inputs(session, screen_id)
    out = []
    for n in range(7):
        day = start + timedelta(days=n)
        hours, _note = hourly_load(inputs, day)
        seconds = usual_spot_seconds(inputs, day)
        out.append((day, sum(h.booked_ms for h in hours) // 1000, sum(h.free_ms for h in hours) // 1000,
                    day_plays(inputs, day, seconds), seconds))  # fmt: skip
    return out
