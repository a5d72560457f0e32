"""Emergency alerts on the player: notice a change fast, read it off the GUI thread, cover the screen, resume.

How a change is noticed: PostgreSQL pushes (`LISTEN videotron_alert` on a daemon thread, whose callback only emits
`alerts_changed`); SQLite has no push, so a 500 ms timer asks for `alerts_version` and re-reads when it moves. Both
also re-read at the next moment an alert starts or runs out by the clock (`next_change`) and at least every 5 s,
since nothing is notified when an alert simply ends.

Reads run on their own single reader thread, never on the GUI thread. Not on the player's plans thread: that one
compiles the plan on every refresh (seconds on a long day) and a 2 s promise cannot wait behind it. A read
that fails keeps the last alerts read; each still ends locally when its `ends_at` passes, so a player cut off from
the database keeps its last state and picks the change up when it can reach it again.

On air: the `AlertOverlay` covers the window (opaque, raised; a full-width running-text band stays uncovered and
carries the alert's text) and the sequencer is told (`suppress`), so what airs underneath is logged skipped / alert.
At the end: overlay hidden, sequencer realigned to the clock and poked.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from player.alert_view import AlertOverlay
from player.sequencer import Sequencer
from player.window import ScreenWindow
from videotron.alerts.notify import listen_for_alerts
from videotron.alerts.service import AlertView, active_alerts, alerts_version, next_change
from videotron.core.clock import Clock

log = logging.getLogger(__name__)

POLL_MS = 500  # SQLite: how often the alert version is asked for
RECHECK_S = 5.0  # re-read at least this often (an alert that runs out sends no notification)
MAX_IMAGE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class AlertsRead:
    """One read of the alerts on air on this screen, newest first, with their stills decoded and checked."""

    views: list[AlertView]
    next_change: datetime | None = None
    images: dict[int, QImage] = field(default_factory=dict)  # alert id -> still (sha256 checked)


class AlertBridge(QObject):
    """Signals from the listener and reader threads, delivered (queued) on the GUI thread."""

    alerts_changed = Signal()
    alerts_read = Signal(object)  # AlertsRead
    read_failed = Signal(str)


class AlertReader:
    """The database side; every method runs on the reader thread (plain Python, no widgets)."""

    def __init__(self, sessions: sessionmaker[Session], screen: str, clock: Clock) -> None:
        self.sessions = sessions
        self.screen = screen
        self.clock = clock
        self._version: int | None = None

    def version_moved(self) -> bool:
        with self.sessions() as s:
            version = alerts_version(s)
        moved, self._version = version != self._version, version
        return moved

    def read(self) -> AlertsRead:
        now = self.clock.now()
        with self.sessions() as s:
            views = active_alerts(s, self.screen, now)
            change = next_change(s, self.screen, now)
        images = {}
        for view in views[:1]:  # only the newest one is shown
            image = load_still(view)
            if image is not None:
                images[view.id] = image
        return AlertsRead(views, change, images)


def load_still(view: AlertView) -> QImage | None:
    """The alert's still when it is an image whose bytes match its sha256 (QImage is safe off the GUI thread)."""
    if not (view.media_is_image and view.media_path and view.media_sha256):
        return None
    try:
        path = Path(view.media_path)
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise OSError("too large for a still")
        data = path.read_bytes()
    except OSError as exc:
        log.warning("alert %d: media %s not readable (%s); text only", view.id, view.media_id, exc)
        return None
    if hashlib.sha256(data).hexdigest() != view.media_sha256:
        log.warning("alert %d: media %s does not match its sha256; text only", view.id, view.media_id)
        return None
    image = QImage.fromData(data)
    return None if image.isNull() else image


class AlertController(QObject):
    """GUI-thread side: decides when to read, shows and ends alerts, tells the sequencer."""

    def __init__(self, screen: str, window: ScreenWindow, sequencer: Sequencer, poke: Callable[[], None],
                 clock: Clock, sessions: sessionmaker[Session] | None, timezone: str) -> None:  # fmt: skip
        super().__init__()
        self.screen = screen
        self.sequencer = sequencer
        self.poke = poke
        self.clock = clock
        self.sessions = sessions
        self.overlay = AlertOverlay(window, timezone=timezone)
        window.mount_overlay(self.overlay)
        self.overlay.hide()
        self.bridge = AlertBridge()
        self.bridge.alerts_changed.connect(lambda: self.request(force=True))
        self.bridge.alerts_read.connect(self._on_read)
        self.bridge.read_failed.connect(self._on_failed)
        self.views: list[AlertView] = []
        self.images: dict[int, QImage] = {}
        self.on_air = False
        self.failing = False
        self.band: Callable[[str | None], None] | None = None  # the running-text band, told the alert's text
        self._next_change: datetime | None = None
        self._stop = threading.Event()
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="videotron-alerts")
        self._source = AlertReader(sessions, screen, clock) if sessions is not None else None
        self._polling = False
        self._poll = QTimer(self)
        self._poll.timeout.connect(lambda: self.request(force=False))
        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.setTimerType(Qt.TimerType.PreciseTimer)
        self._due.timeout.connect(self._on_due)

    # ---- lifecycle ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.sessions is None or self._source is None:
            return  # a plan file without a database: no alerts can reach this player
        engine = self.sessions.kw["bind"]
        if engine.dialect.name == "postgresql":
            url = engine.url.render_as_string(hide_password=False)
            emit = self.bridge.alerts_changed.emit
            threading.Thread(target=listen_for_alerts, args=(url, lambda _payload: emit(), self._stop),
                             name="videotron-alert-listen", daemon=True).start()  # fmt: skip
        else:
            self._poll.start(POLL_MS)
        self.request(force=True)  # an alert already on air shows as soon as the player is up
        self._arm()

    def stop(self) -> None:
        self._stop.set()
        self._poll.stop()
        self._due.stop()
        self._reader.shutdown(wait=False, cancel_futures=True)

    # ---- reading (off the GUI thread) -----------------------------------------------------------------------------
    def request(self, force: bool) -> None:
        """Read the alerts now (force) or only if their version moved (SQLite poll; skipped while one is running)."""
        if self._source is None or self._stop.is_set():
            return
        if not force:
            if self._polling:
                return
            self._polling = True
        self._reader.submit(self._read_job, force)

    def _read_job(self, force: bool) -> None:
        assert self._source is not None
        try:
            if self._source.version_moved() or force:
                self.bridge.alerts_read.emit(self._source.read())
        except Exception as exc:  # database down or locked: keep the last state, try again on the next poll
            self.bridge.read_failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            if not force:
                self._polling = False

    # ---- GUI thread -----------------------------------------------------------------------------------------------
    def _on_read(self, read: AlertsRead) -> None:
        if self.failing:
            log.warning("alerts readable again")
            self.failing = False
        self.views, self.images, self._next_change = list(read.views), dict(read.images), read.next_change
        self.apply()
        self._arm()

    def _on_failed(self, problem: str) -> None:
        if not self.failing:
            log.warning("cannot read the alerts (%s); keeping the last state", problem)
            self.failing = True
        self.apply()
        self._arm()

    def _on_due(self) -> None:
        self.apply()
        self.request(force=True)

    def _arm(self) -> None:
        """Wake at the next moment something changes by the clock (cached end, next start/end) or in RECHECK_S."""
        now = self.clock.now()
        moments = [v.ends_at for v in self.views if v.ends_at > now]
        if self._next_change is not None and self._next_change > now:
            moments.append(self._next_change)
        wait = min([RECHECK_S, *((m - now).total_seconds() for m in moments)])
        self._due.start(max(0, int(wait * 1000) + 5))

    def apply(self) -> None:
        """Show the newest alert still on air by the clock, or end the one shown."""
        now = self.clock.now()
        live = [v for v in self.views if v.ends_at > now]
        if not live:
            if self.on_air:
                self._end()
            return
        view = live[0]
        if self.overlay.alert_id != view.id:
            self.overlay.show_alert(view.title, view.message, view.issued_at, alert_id=view.id,
                                    image=self.images.get(view.id))  # fmt: skip
            log.warning("alert %d on air: %s", view.id, view.title)
        if not self.on_air:
            self.on_air = True
            self.sequencer.suppress(True)
            self.overlay.show()
            self.overlay.raise_()
            self.overlay.repaint()  # now, not at the next event loop pass: the 2 s promise
        if self.band is not None:  # after the overlay is raised: the band goes above it
            self.band(f"{view.title}: {view.message}" if view.message else view.title)

    def _end(self) -> None:
        log.warning("alert %s ended: back to the plan", self.overlay.alert_id)
        self.on_air = False
        self.overlay.clear()
        self.overlay.hide()
        if self.band is not None:
            self.band(None)
        self.sequencer.suppress(False)
        self.sequencer.realign("alert ended")
        self.poke()
