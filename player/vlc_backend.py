"""The real backend: libVLC feeds and Qt stills, painted by the kiosk window.

A cue is prepared in two steps: a worker thread checks the file (present, non-empty, sha256, cached) and, for a
still image, decodes and scales it; then, on the GUI thread, a video is opened paused at its offset in a free
`VideoFeed` and stepped to its first frame. Only the GUI thread calls libVLC (`load_vlc()` is the one import).
"""

from __future__ import annotations

import logging
import sys
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader

from player.backend import CueListener
from player.frames import FeedSignals, VideoFeed
from player.preroll import ResumeLatency
from player.verify import MediaVerifier
from player.window import ScreenWindow
from playlists.plan import PlanMedia

log = logging.getLogger(__name__)

FIRST_FRAME_TIMEOUT_MS = 900  # a video with no picture by then is not decodable (skip within 1 s)
# ...except the first video of the process: libVLC loads its plugins and starts its decoders then, which took over
# 900 ms after a restart on a loaded PC and made a good file count as undecodable (the item lost, logged failed)
COLD_FIRST_FRAME_TIMEOUT_MS = 4000
RESUME_CHECK_MS = 700  # the pictures of a clip's first ~0.5 s after its take tell how late it runs (player.preroll)
HOLD_WAIT_MS = 250  # a paused seek with no picture after this long is let run instead (see player.frames)
VLC_ARGS = ["--quiet", "--no-osd", "--no-video-title-show", "--no-audio", "--no-snapshot-preview",
            "--no-stats", "--no-media-library", "--no-lua"]  # fmt: skip


def load_vlc() -> Any:
    """Import python-vlc (and so libVLC) lazily: the rest of the player and its tests do not need it."""
    import vlc

    return vlc


class _Bridge(QObject):
    prepared = Signal(int, str, object)  # cue id, problem ("" = fine), decoded still image or None


@dataclass
class _Cue:
    media: PlanMedia
    offset_ms: int
    loop: bool
    still: QImage | None = None
    feed: VideoFeed | None = None
    state: str = "checking"  # checking | loading | ready | failed | dropped
    seeked: bool = False  # the paused seek to the offset was asked for, or is not wanted (a join)
    rolled_at: float | None = None  # monotonic time it was resumed ahead of its take (player.preroll)


class VlcBackend:
    def __init__(self, window: ScreenWindow, verifier: MediaVerifier, workers: Executor, stretch: bool = False,
                 vlc_args: list[str] | None = None) -> None:  # fmt: skip
        self.vlc = load_vlc()
        self.window = window
        self.verifier = verifier
        self.workers = workers
        self.stretch = stretch
        self.instance = self.vlc.Instance([*VLC_ARGS, *(vlc_args or [])])
        self.listener: CueListener | None = None
        self.warm = False  # libVLC has decoded a picture in this process
        self.latency = ResumeLatency()
        self._cues: dict[int, _Cue] = {}
        self._free: list[VideoFeed] = []
        self._stopping: list[VideoFeed] = []  # dropped, stop pending
        self._signals = FeedSignals()
        self._signals.frame.connect(self._on_frame, Qt.ConnectionType.QueuedConnection)
        self._signals.state.connect(self._on_state, Qt.ConnectionType.QueuedConnection)
        self._bridge = _Bridge()
        self._bridge.prepared.connect(self._on_prepared, Qt.ConnectionType.QueuedConnection)

    def set_listener(self, listener: CueListener) -> None:
        self.listener = listener

    # ---- Backend protocol (GUI thread) ----------------------------------------------------------------------
    def cue(self, cue_id: int, media: PlanMedia, offset_ms: int, loop: bool = False) -> None:
        self._cues[cue_id] = _Cue(media, offset_ms, loop)
        size = self.window.target_size
        self.workers.submit(self._prepare, cue_id, media, size)

    def preroll_ms(self, cue_id: int) -> int:
        cue = self._cues.get(cue_id)
        return self.latency.preroll_ms(cue.media.id) if cue is not None and cue.feed is not None else 0

    def roll(self, cue_id: int) -> None:
        cue = self._cues.get(cue_id)
        if cue is not None and cue.feed is not None and cue.rolled_at is None:
            cue.rolled_at = time.monotonic()
            cue.feed.run()

    def take(self, cue_id: int) -> None:
        cue = self._cues[cue_id]
        if cue.feed is None:
            self.window.show_still(cue.still)
            return
        taken_at = time.monotonic()
        if cue.rolled_at is None:
            cue.rolled_at = taken_at
            cue.feed.run()
        self.window.show_feed(cue.feed)
        early_ms = (taken_at - cue.rolled_at) * 1000
        QTimer.singleShot(RESUME_CHECK_MS, lambda: self._resumed(cue_id, cue.feed, early_ms, taken_at))

    def seek(self, cue_id: int, offset_ms: int) -> None:
        cue = self._cues.get(cue_id)
        if cue is not None and cue.feed is not None:
            cue.feed.seek(offset_ms)

    def drop(self, cue_id: int) -> None:
        cue = self._cues.pop(cue_id, None)
        if cue is None:
            return
        cue.state = "dropped"
        feed = cue.feed
        if feed is not None:
            if self.window.source_is(feed):
                self.window.freeze()
            feed.cue_id = None
            # stopping blocks for a few ms: do it after the take has been painted
            self._stopping.append(feed)
            QTimer.singleShot(30, lambda: self._recycle(feed))

    def blank(self) -> None:
        self.window.freeze()
        self.window.show_still(None)

    def frames_shown(self, cue_id: int) -> int:
        cue = self._cues.get(cue_id)
        return cue.feed.frames if cue and cue.feed else (1 if cue and cue.still else 0)

    def close(self) -> None:
        """Stop and release every libVLC player now (before Python tears down the ctypes callbacks)."""
        feeds = {id(c.feed): c.feed for c in self._cues.values() if c.feed is not None}
        feeds.update({id(f): f for f in self._free})
        feeds.update({id(f): f for f in self._stopping})
        self._cues, self._free, self._stopping = {}, [], []
        self.window.freeze()
        for feed in feeds.values():
            feed.release()
        self.instance.release()

    # ---- preparation ------------------------------------------------------------------------------------------
    def _prepare(self, cue_id: int, media: PlanMedia, size: tuple[int, int]) -> None:
        """Worker thread: check the file, decode a still. No libVLC, no widgets here."""
        try:
            problem = self.verifier.problem(media) or ""
            still = None
            if not problem and media.is_image:
                still, problem = _read_still(media.path, size, self.stretch)
        except Exception as exc:  # a worker must always answer, or the cue would wait until it times out
            log.exception("preparing %s failed", media.id)
            problem, still = f"cannot prepare: {exc}", None
        self._bridge.prepared.emit(cue_id, problem, still)

    def _on_prepared(self, cue_id: int, problem: str, still: QImage | None) -> None:
        cue = self._cues.get(cue_id)
        if cue is None or cue.state != "checking":
            return
        if problem:
            self._fail(cue_id, problem)
        elif cue.media.is_image:
            cue.still, cue.state = still, "ready"
            self._ready(cue_id)
        else:
            cue.feed = self._free.pop() if self._free else VideoFeed(
                self.vlc, self.instance, self._signals, self.window.target_size, self.stretch)  # fmt: skip
            cue.feed.size = self.window.target_size  # a reused feed: the main region may have changed since
            cue.state = "loading"
            join = cue.offset_ms > 0  # inside a clip: opened running, paused at its first picture (player.frames)
            cue.seeked = join
            cue.feed.load(cue_id, cue.media.path, cue.offset_ms, cue.loop, paused=not join,
                          source=(cue.media.width, cue.media.height))  # fmt: skip
            limit = FIRST_FRAME_TIMEOUT_MS if self.warm else COLD_FIRST_FRAME_TIMEOUT_MS
            QTimer.singleShot(limit, lambda: self._first_frame_timeout(cue_id, limit))

    def _on_state(self, feed: VideoFeed, name: str) -> None:
        cue_id = feed.cue_id
        cue = self._cues.get(cue_id) if cue_id is not None else None
        if cue is None or cue.feed is not feed:
            return
        if name == "paused" and cue.state == "loading" and not cue.seeked and feed.frames == 0:
            cue.seeked = True
            feed.show_first_frame()
            QTimer.singleShot(HOLD_WAIT_MS, lambda: self._hold_check(cue_id, feed))
        elif name == "error":
            self._fail(cue_id, "libVLC could not play the file (not decodable)")  # type: ignore[arg-type]
        elif name == "ended" and cue.state == "loading":
            self._fail(cue_id, "no picture in the file (not decodable or empty)")  # type: ignore[arg-type]

    def _on_frame(self, feed: VideoFeed) -> None:
        if self.window.source_is(feed):
            self.window.update_main()
            return
        cue_id = feed.cue_id
        cue = self._cues.get(cue_id) if cue_id is not None else None
        if cue is None or cue.feed is not feed or cue.state != "loading" or feed.frames == 0:
            return
        held = feed.offset_ms + feed.hold() if feed.priming else None  # where a join stopped: it airs from there
        cue.state, self.warm = "ready", True
        self._ready(cue_id, held)  # type: ignore[arg-type]

    def _hold_check(self, cue_id: int, feed: VideoFeed) -> None:
        """A paused seek that delivered no picture (libVLC 3 does that, see player.frames): let the clip run to its
        first picture and hold it there, instead of waiting for the timeout to call a good file undecodable."""
        cue = self._cues.get(cue_id)
        if cue is not None and cue.feed is feed and cue.state == "loading" and feed.frames == 0 and not feed.priming:
            log.info("cue %d (%s): no picture %d ms after the paused seek, letting it run to one", cue_id,
                     cue.media.id, HOLD_WAIT_MS)  # fmt: skip
            feed.prime()

    def _first_frame_timeout(self, cue_id: int, limit_ms: int) -> None:
        cue = self._cues.get(cue_id)
        if cue is not None and cue.state == "loading":
            self._fail(cue_id, f"no picture decoded within {limit_ms} ms (not decodable)")

    def _ready(self, cue_id: int, held_ms: int | None = None) -> None:
        if self.listener is not None:
            self.listener.cue_ready(cue_id, held_ms)

    def _fail(self, cue_id: int, reason: str) -> None:
        cue = self._cues.get(cue_id)
        if cue is None:
            return
        cue.state = "failed"
        log.warning("cue %d (%s) failed: %s", cue_id, cue.media.id, reason)
        if self.listener is not None:
            self.listener.cue_failed(cue_id, reason)

    def _resumed(self, cue_id: int, feed: VideoFeed | None, early_ms: float, taken_at: float) -> None:
        """A while after a take: how late its clip runs against the plan, learnt for the next pre-roll."""
        cue = self._cues.get(cue_id)
        if cue is None or feed is None or cue.feed is not feed:
            return
        late = self.latency.observe(cue.media.id, early_ms, taken_at, feed.pictures_since_run())
        if late is not None:
            log.debug("cue %d (%s) runs %.1f ms behind the plan, resumed %.0f ms early; pre-roll now %d ms", cue_id,
                      cue.media.id, late, early_ms, self.latency.preroll_ms(cue.media.id))  # fmt: skip

    def _recycle(self, feed: VideoFeed) -> None:
        if feed in self._stopping:
            self._stopping.remove(feed)
            feed.stop()
            self._free.append(feed)


def _read_still(path: str, size: tuple[int, int], stretch: bool) -> tuple[QImage | None, str]:
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        return None, f"image not decodable: {reader.errorString()}"
    mode = Qt.AspectRatioMode.IgnoreAspectRatio if stretch else Qt.AspectRatioMode.KeepAspectRatio
    image = image.scaled(size[0], size[1], mode, Qt.TransformationMode.SmoothTransformation)
    return image.convertToFormat(QImage.Format.Format_RGB32), ""


def platform_env() -> dict[str, str]:
    """Environment for Qt before the QApplication exists: 1:1 pixels (no OS scaling) and, on Linux, X11 even under
    Wayland (a Wayland client cannot place its window at x, y; the sending card needs exactly that)."""
    env = {"QT_ENABLE_HIGHDPI_SCALING": "0", "QT_SCALE_FACTOR": "1", "QT_SCALE_FACTOR_ROUNDING_POLICY": "PassThrough"}
    if sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "xcb"
    return env
