"""The player's composition root: builds the window, backend, sequencer, proof-of-play log and jobs, then runs Qt.

Threads: the GUI thread runs the sequencer, the window and every libVLC call; a small pool checks files and decodes
stills; the writer thread only commits play records to the local log (durable within milliseconds of a take, whatever
the network does); the network thread uploads them and sends the heartbeat; the plans thread refreshes the plan and
compiles the days ahead (in the plan worker's child process), so a long compile after an outage neither delays the
uploads nor the local commits; APScheduler's thread only emits signals. A slow fsync, a database timeout or a
compile never delays a frame.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from player import plan_source
from player.day_keeper import DAYS_AHEAD, DayKeeper
from player.days import BUILTIN_STANDBY, is_standby, standby_plan
from player.jobs import CoarseJobs, JobSignals
from player.plan_worker import PlanWorker
from player.playlog import LocalPlayLog, push_pending
from player.remote import Remote
from player.sequencer import PlayRecord, Sequencer
from player.text_log import LocalTextLog
from player.ticker import Shown
from player.verify import MediaVerifier
from player.watchdog import sd_notify, watchdog_interval_ms
from playlists.models import Heartbeat
from playlists.plan import Plan, load_plan_file
from videotron.core.clock import Clock
from videotron.core.errors import VideotronError

log = logging.getLogger(__name__)

# CPython hands the GIL to a waiting thread after this long (default 5 ms). Every Qt event the GUI thread handles in
# Python (the driver's timer, a frame signal, a paint) first waits for the GIL; with 5 ms, a busy Python thread
# (a plan refresh, the media fetcher) delays a take by several of them. Measured with a thread spinning in Python
# inside the player: start error p90 46 / 35 ms at 5 ms, 25 / 21 ms at 1 ms (two runs each, one player).
GIL_SWITCH_S = 0.001


@dataclass
class PlayerOptions:
    screen: str
    geometry: tuple[int, int, int, int] | None = None  # None: the plan's geometry (or full screen)
    fullscreen: bool = False
    plan_file: Path | None = None
    exit_after: float | None = None
    screenshots: Path | None = None
    log_path: Path | None = None
    days_ahead: int = DAYS_AHEAD  # plans compiled and cached this many days ahead, their media fetched ahead
    refresh_s: float = 30.0  # the plan is fetched from the database this often


def run_player(opts: PlayerOptions, clock: Clock, sessions: sessionmaker[Session] | None) -> int:
    from player.qtfix import immortalize_singletons
    from player.vlc_backend import platform_env

    immortalize_singletons()
    sys.setswitchinterval(GIL_SWITCH_S)
    os.environ.update(platform_env())
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from player.alerts import AlertController
    from player.driver import SequencerDriver
    from player.standby import draw_standby
    from player.vlc_backend import VlcBackend
    from player.window import ScreenWindow, parse_geometry
    from player.zones import ZoneController

    def today() -> date:
        """The screen's date (its zone, never the machine's): from the plan on air once there is one."""
        if plan is not None:
            return clock.now().astimezone(plan.tz).date()
        return plan_source.screen_today(opts.screen, clock.now(), sessions)

    plan: Plan | None = None
    try:
        plan = (
            load_plan_file(opts.plan_file) if opts.plan_file else plan_source.load_plan(opts.screen, today(), sessions)
        )
    except VideotronError as exc:  # nothing cached, no database: the standby picture, never the desktop
        if exc.code != "player.no_plan":
            raise
        log.warning("%s: showing the standby picture until a plan arrives", exc)
    if plan is not None and plan.screen != opts.screen:
        log.warning("plan is for screen %s, running it as %s", plan.screen, opts.screen)

    app = QApplication.instance() or QApplication(["videotron-player"])
    geometry = opts.geometry
    if geometry is None and not opts.fullscreen and plan is not None and plan.geometry != "fullscreen":
        geometry = parse_geometry(plan.geometry)
    picture = draw_standby(opts.screen, geometry[:2] if geometry else (1920, 1080))

    def standby(day: date) -> Plan:
        zone = plan.timezone if plan is not None else getattr(plan_source.screen_zone(opts.screen, None), "key", "UTC")
        return standby_plan(opts.screen, day, zone, picture)

    plan = plan or standby(today())
    window = ScreenWindow(None if opts.fullscreen else geometry)
    window.set_idle_picture(QImage(str(picture)))  # from its first paint: no black before the first item is ready
    verifier = MediaVerifier()
    workers = ThreadPoolExecutor(2, thread_name_prefix="videotron-prepare")
    writer = ThreadPoolExecutor(1, thread_name_prefix="videotron-log")
    network = ThreadPoolExecutor(1, thread_name_prefix="videotron-net")
    planner = ThreadPoolExecutor(1, thread_name_prefix="videotron-plans")
    local_log = LocalPlayLog(opts.log_path)
    local_log.close_interrupted()  # the item on air at a power cut or a crash: recorded before anything new
    refresh_worker = PlanWorker.for_sessions(sessions) if sessions is not None and not opts.plan_file else None
    text_log = LocalTextLog(local_log.path, local_log.installation)
    remote = Remote(sessions, local_log, fetch_media=not opts.plan_file,  # uploads with backoff, fetches media
                    worker=refresh_worker)  # fmt: skip
    backend = VlcBackend(window, verifier, workers, stretch=plan.fit == "stretch")

    def commit(records: list[PlayRecord]) -> None:  # writer thread: durable here, uploaded by the network thread
        local_log.append_all(records)
        _logged(network.submit(remote.push_if_due), "uploading play records")

    def sink(records: list[PlayRecord]) -> None:
        _logged(writer.submit(commit, records), "committing play records")

    sequencer = Sequencer(plan, backend, clock, sink)
    sequencer.default_standby = standby(today()).media[BUILTIN_STANDBY]
    driver = SequencerDriver(sequencer)
    alerts = AlertController(opts.screen, window, sequencer, driver.poke, clock, sessions, plan.timezone)

    def add_shown(counts: dict[tuple[str, str], Shown], bookings: dict[str, str | None]) -> None:  # writer thread
        text_log.add(opts.screen, counts, bookings)
        _logged(network.submit(text_log.push_if_due, sessions), "uploading running-text proof of display")

    def text_shown(counts: dict[tuple[str, str], Shown], bookings: dict[str, str | None]) -> None:
        _logged(writer.submit(add_shown, counts, bookings), "recording running-text proof of display")

    rate = window.screen().refreshRate() if window.screen() is not None else 60.0
    zones = ZoneController(window, clock, plan, text_shown, round(rate) or 60)
    alerts.band = zones.set_alert
    _logged(workers.submit(_warm, verifier, plan), "checking media files")
    remote.fetch_media(plan)  # in the background: media missing from this PC, from the database

    class PlanBridge(QObject):
        compiled = Signal(object)

    plan_bridge = PlanBridge()

    def adopt(new: Plan) -> None:
        nonlocal plan
        # `remote.refresh` hands back the very plan on air when nothing changed: no 0.5 s fingerprint on this thread
        if new is not sequencer.plan and new.fingerprint() != sequencer.plan.fingerprint():
            log.info("the plan changed (%s -> %s)", sequencer.plan.fingerprint()[:12], new.fingerprint()[:12])
            plan = new
            sequencer.set_plan(new)
            zones.set_plan(new)
            jobs.set_hours(new)
            _logged(workers.submit(_warm, verifier, new), "checking media files")
            driver.poke()

    plan_bridge.compiled.connect(adopt)

    def new_day(new: Plan) -> None:
        nonlocal plan
        plan = new
        zones.set_plan(new)
        jobs.set_hours(new)
        _logged(workers.submit(_warm, verifier, new), "checking media files")
        days.day_began(new)  # type: ignore[union-attr]

    # A plan file is one day, run as given; from the database (or its cache) the screen's days follow each other by
    # the clock, each with its own plan, else the standby picture.
    days = None if opts.plan_file else DayKeeper(opts.screen, remote, planner, sequencer, adopt, opts.days_ahead)
    if days is not None:
        sequencer.standby_plan, sequencer.on_new_day = standby, new_day
        days.day_began(plan, starting=True)

    def refresh() -> None:
        if sessions is None or opts.plan_file:
            return
        day = today()
        _logged(planner.submit(lambda: plan_bridge.compiled.emit(remote.refresh(opts.screen, day))),
                "refreshing the plan")  # fmt: skip
        days.refresh_ahead(day)  # type: ignore[union-attr]

    def heartbeat() -> None:
        if sessions is None:
            return  # nobody to send the screenshot to: no grab and PNG on the GUI thread for nothing
        png = window.screenshot_png()
        current = sequencer.current_media
        state = f"standby: no plan for {sequencer.plan.date}" if is_standby(sequencer.plan) else "playing"
        _logged(network.submit(_report, sessions, local_log, opts.screen, clock.now(), current, png, state),
                "sending the heartbeat")  # fmt: skip

    signals = JobSignals()
    signals.day_rollover.connect(refresh)
    signals.plan_refresh.connect(refresh)
    signals.heartbeat.connect(heartbeat)
    signals.hours_changed.connect(lambda: (sequencer.realign("operating hours changed"), driver.poke()))
    jobs = CoarseJobs(signals, plan.timezone, refresh_s=opts.refresh_s,
                      with_database=sessions is not None and not opts.plan_file)  # fmt: skip

    keepalive = _keepalive_timers(app, window, sequencer, opts, QTimer)
    window.open()
    driver.start()
    zones.start()
    alerts.start()
    jobs.start(plan)
    QTimer.singleShot(2000, heartbeat)
    sd_notify("READY=1")
    try:
        app.exec()
    finally:
        del keepalive
        alerts.stop()
        zones.stop()  # its last counts queued for the writer
        driver.stop()
        sequencer.stop()
        jobs.shutdown()
        backend.close()
        workers.shutdown(wait=False, cancel_futures=True)
        remote.stopping.set()  # a compile ahead stops after its current day
        writer.shutdown(wait=True)  # the records (and text counts) queued above, committed
        network.submit(remote.final_push)  # then one last upload of them
        network.submit(text_log.push_if_due, sessions, True)
        network.shutdown(wait=True)
        planner.shutdown(wait=True, cancel_futures=True)
        remote.close()
        text_log.close()
        local_log.close()
        window.close()
    return 0


def _keepalive_timers(app: object, window: object, sequencer: Sequencer, opts: PlayerOptions,
                      qtimer: type) -> list[object]:  # fmt: skip
    """Timers that live as long as the event loop: exit-after, signals, watchdog, screenshots."""
    timers: list[object] = []

    def every(ms: int, fn: Callable[[], None]) -> None:
        t = qtimer()
        t.timeout.connect(fn)
        t.start(ms)
        timers.append(t)

    quit_app = app.quit  # type: ignore[attr-defined]
    if opts.exit_after:
        qtimer.singleShot(int(opts.exit_after * 1000), quit_app)
    signal.signal(signal.SIGTERM, lambda *_: quit_app())
    signal.signal(signal.SIGINT, lambda *_: quit_app())
    every(200, lambda: None)  # lets Python run its signal handlers while Qt waits
    every(2000, window.raise_)  # type: ignore[attr-defined]  # back above the cover if that (re)started after us
    interval = watchdog_interval_ms()
    if interval:
        every(interval, lambda: sd_notify("WATCHDOG=1"))
    if opts.screenshots:
        opts.screenshots.mkdir(parents=True, exist_ok=True)
        state = {"cue": None, "n": 0}

        def watch() -> None:
            cue = sequencer.on_air.cue if sequencer.on_air else None
            if cue is not None and cue.id != state["cue"]:
                state["cue"], state["n"] = cue.id, state["n"] + 1  # type: ignore[operator]
                name = opts.screenshots / f"{state['n']:03d}-{cue.media.id}.png"  # type: ignore[operator]
                qtimer.singleShot(400, lambda: window.grab().save(str(name)))  # type: ignore[attr-defined]

        every(50, watch)
    return timers


def _warm(verifier: MediaVerifier, plan: Plan) -> None:
    """Check (and hash) the plan's files ahead of their items. Nothing said here is final: each item checks its file
    again when it is cued, so a file fetched after this airs from its next item."""
    for media in plan.media.values():
        problem = verifier.problem(media)
        if problem:
            log.warning("media %s cannot air for now (checked again at each of its items): %s", media.id, problem)


def _report(sessions: sessionmaker[Session], local_log: LocalPlayLog, screen: str, at: datetime,
            current: str | None, png: bytes, state: str = "playing") -> None:  # fmt: skip
    """Network thread: the heartbeat row, then any play records not yet uploaded."""
    with sessions.begin() as session:
        beat = session.get(Heartbeat, screen) or Heartbeat(screen_id=screen)
        beat.at, beat.current_media_id, beat.screenshot_png = at, current, png
        beat.detail = f"{state}; pid {os.getpid()}"
        session.add(beat)
    push_pending(local_log, sessions)


def _logged(future: Future[object], what: str) -> None:
    def done(f: Future[object]) -> None:
        if not f.cancelled() and f.exception() is not None:
            log.warning("%s failed: %s", what, f.exception())

    future.add_done_callback(done)
