"""The screen's layout on the player: the main region for the plan's items, the band, clock and logo zones.

The layout in force (`Plan.layout_at`) is applied at its span's start: the window's main region moves to its box and
the zone widgets are placed at their exact pixels; a zone the next layout keeps unchanged stays as it is (the band
does not restart at a daypart boundary). A plan without layouts keeps the whole window as the main region, as
before. Each frame of the `FrameClock` moves the band one step, counts which texts were in view (`Tally`) and
redraws the clock when its text changes; every `FLUSH_S` the counts go to the writer thread (`flush`).

During an emergency alert the band carries the alert's text (`set_alert`), above the alert's cover.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from babel.dates import format_date

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QWidget

from player.band import CachedZone, FrameClock, TickerBand, render_text
from player.text_log import FLUSH_S
from player.ticker import Shown, Tally
from player.window import ScreenWindow
from playlists.layout import ClockZone, Layout
from playlists.plan import Plan
from videotron.core.clock import Clock
from videotron.core.formats import zone_name

log = logging.getLogger(__name__)

Flush = Callable[[dict[tuple[str, str], Shown], dict[str, str | None]], None]


def clock_text(moment: datetime, zone: ClockZone, tz_key: str) -> str:
    """'Senin, 30 November 2026  14:05 WITA' (the screen's zone)."""
    hhmm = f"{moment:%H:%M:%S}" if zone.show_seconds else f"{moment:%H:%M}"
    when = f"{hhmm} {zone_name(tz_key)}"
    return f"{format_date(moment.date(), 'EEEE, d MMMM y', locale='id_ID')}  {when}" if zone.show_date else when


def _box(layout_box: object) -> QRect:
    return QRect(layout_box.x, layout_box.y, layout_box.w, layout_box.h)  # type: ignore[attr-defined]


class ZoneController:
    def __init__(self, window: ScreenWindow, clock: Clock, plan: Plan, flush: Flush, rate_hz: float) -> None:
        self.window = window
        self.clock = clock
        self.plan = plan
        self.flush_to = flush
        self.rate = rate_hz
        self.layout: Layout | None = None
        self.band: TickerBand | None = None
        self.clock_zone: CachedZone | None = None
        self.logo: CachedZone | None = None
        self.tally = Tally()
        self.alert: str | None = None
        self.frames = FrameClock(rate_hz, self._frame)
        self._next_change: datetime | None = None
        self._clock_text = ""
        self._clock_second = -1  # the second the clock's text was last checked in
        self._last_mono: float | None = None
        self._ms_carry = 0.0
        self._bookings: dict[str, str | None] = {}
        self._started = False
        self._flush = QTimer()
        self._flush.timeout.connect(self.flush)
        self._update(clock.now())

    def start(self) -> None:
        self._started = True
        self._pace()
        self._flush.start(int(FLUSH_S * 1000))

    def stop(self) -> None:
        self._started = False
        self._pace()
        self._flush.stop()
        self.flush()
        if self.frames.frames:
            log.info("band: %d frames at %.0f Hz, %d missed", self.frames.frames, self.rate, self.frames.missed)

    def _pace(self) -> None:
        """The frame clock runs only while a band or a clock is on screen (a plan without zones: no wake-ups)."""
        wanted = self._started and (self.band is not None or self.clock_zone is not None)
        if wanted and not self.frames.running:
            self._last_mono = None
            self.frames.start()
        elif not wanted and self.frames.running:
            self.frames.stop()

    def set_plan(self, plan: Plan) -> None:
        self.plan = plan
        self._update(self.clock.now())

    def set_alert(self, text: str | None) -> None:
        if text == self.alert:
            return
        self.alert = text
        if self.band is not None:
            self.band.model.set_alert(text)
            self.band.raise_()
            self.band.repaint()

    def flush(self) -> None:
        counts = self.tally.take()
        if counts:
            self.flush_to(counts, dict(self._bookings))

    # ---- layout and texts in force --------------------------------------------------------------------------
    def _update(self, now: datetime) -> None:
        span = self.plan.layout_at(now)
        self._apply(span.layout if span is not None else None)
        texts = self.plan.texts_at(now)
        self._bookings.update({t.id: t.booking for t in texts})
        if self.band is not None:
            self.band.model.set_texts([(t.id, t.text) for t in texts])
        moments = [m for s in self.plan.layouts for m in (s.start, s.end) if m > now]
        moments += [m for t in self.plan.texts for m in (t.start, t.end) if m > now]
        local = now.astimezone(self.plan.tz)
        moments.append(datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=self.plan.tz))
        self._next_change = min(moments)

    def _apply(self, layout: Layout | None) -> None:
        if layout == self.layout:
            return
        old, self.layout = self.layout, layout
        if layout is not None and (layout.width, layout.height) != self.window.target_size_full:
            log.warning("layout for %dx%d on a %dx%d window: zones placed at their pixels as given", layout.width,
                        layout.height, *self.window.target_size_full)  # fmt: skip
        self.window.set_main(_box(layout.main) if layout is not None else None)
        ticker = layout.ticker if layout is not None else None
        if self.band is not None and (old is None or old.ticker != ticker):
            self._drop(self.band)
            self.band = None
        if ticker is not None and self.band is None:
            self.band = TickerBand(self.window, ticker, self.rate)
            self.band.model.set_alert(self.alert)
            self.band.show()
        self.window.set_band(_box(ticker.box) if ticker is not None else None)
        clock = layout.clock if layout is not None else None
        if self.clock_zone is not None:
            self._drop(self.clock_zone)
            self.clock_zone, self._clock_text, self._clock_second = None, "", -1
        if clock is not None:
            self.clock_zone = CachedZone(self.window, _box(clock.box), clock.bg)
            self.clock_zone.show()
        if self.logo is not None:
            self._drop(self.logo)
            self.logo = None
        if layout is not None and layout.logo is not None:
            self.logo = CachedZone(self.window, _box(layout.logo.box))
            self.logo.set_picture(self._logo_image(layout.logo.media, layout.logo.box.w, layout.logo.box.h))
            self.logo.show()
        log.info("layout in force: %s", "whole window" if layout is None else ", ".join(layout.zones()))
        self._pace()

    def _drop(self, widget: QWidget) -> None:
        widget.hide()
        widget.deleteLater()

    def _logo_image(self, media_id: str, w: int, h: int) -> QImage | None:
        media = self.plan.media.get(media_id)
        if media is None or not Path(media.path).is_file():
            log.warning("logo %s is not in the plan's media or not on this PC: the corner stays plain", media_id)
            return None
        image = QImageReader(media.path).read()
        if image.isNull():
            return None
        return image.scaled(w, h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)

    # ---- every frame ----------------------------------------------------------------------------------------
    def _frame(self, mono: float) -> None:
        now = self.clock.now()
        if self._next_change is not None and now >= self._next_change:
            self._update(now)
        elapsed = 0.0 if self._last_mono is None else min(0.25, mono - self._last_mono)
        self._last_mono = mono
        if self.band is not None:
            band = self.band
            band.model.advance()
            band.repaint()
            self._ms_carry += elapsed * 1000
            ms = int(self._ms_carry)
            self._ms_carry -= ms
            keys = band.model.shown_keys()
            if keys or band.model.finished:
                day = now.astimezone(self.plan.tz).date().isoformat()
                self.tally.add(day, keys, band.model.finished, ms, now)
        second = int(now.timestamp())
        if self.clock_zone is not None and self.layout is not None and self.layout.clock is not None and (
                second != self._clock_second):  # fmt: skip
            self._clock_second = second
            zone = self.layout.clock
            text = clock_text(now.astimezone(self.plan.tz), zone, self.plan.timezone)
            if text != self._clock_text:
                self._clock_text = text
                size = (self.clock_zone.width(), self.clock_zone.height())
                self.clock_zone.set_picture(render_text(text, size, zone.font, zone.size_px, zone.fg, zone.bg))
