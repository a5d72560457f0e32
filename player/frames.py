"""One libVLC media player that decodes into memory the Qt window paints (libVLC's "video callbacks").

Why memory and not `set_xwindow` into a stacked native surface: measured here under Xvfb (see bench/README.md), a
surface preloaded paused and raised at the due time showed 20-80 ms of black at image->video and video->video
transitions and its first frame 60-110 ms late, because `:start-paused` decodes nothing, a raised native window is
repainted black until libVLC draws its next frame, and libVLC closes its vout at the end of a media. Decoding into our
own buffers fixes all three: a cue holds its first frame before its start (opened paused, then `set_time(offset)`
makes libVLC decode and deliver that frame while staying paused; `next_frame()` would too, but measured here it
lets the clip run on ~0.5 s ahead once resumed), the
window paints that frame at the exact planned time, and the last frame of an ending video stays in our buffer.

A join (a cue inside a clip: a restart, a clock jump) is held differently, because libVLC 3's seek while paused to an
offset inside a clip often delivers nothing at all: measured here, 29 of 45 offsets of a 6 s colour clip and 10 of
29 of a counter clip, and a second seek does not help (the first picture after it is a pre-roll one, dropped, and
the paused decoder then waits). A join is opened *playing* at its `:start-time` and paused as soon as its first
picture arrives (`hold`); resumed later, it runs from its offset plus the time it ran before the pause, which `hold`
returns (measured on a counter clip: within 10-15 ms of that, whatever the pause came 0, 30 or 80 ms late).

Threads: the format/lock/display callbacks run on libVLC's threads; they only touch this object's buffers (under a
lock) and emit a Qt signal. libVLC itself is only ever called from the GUI thread.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from player.preroll import PICTURES

log = logging.getLogger(__name__)

BUFFERS = 3  # one painted, one ready, one being written
# python-vlc declares the chroma argument as c_char_p, which hands Python a *copy*: writing "RV32" into it is lost
# and libVLC keeps sending planar YUV. Declared here with a raw pointer so the chroma can really be set.
FORMAT_CB = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                             ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint),
                             ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint))  # fmt: skip


def _set_format_callbacks(vlc: Any) -> Any:
    cleanup_cb = vlc.CallbackDecorators.VideoCleanupCb
    proto = ctypes.CFUNCTYPE(None, ctypes.c_void_p, FORMAT_CB, cleanup_cb)
    return proto(("libvlc_video_set_format_callbacks", vlc.dll))


def visible_size(width: int, height: int, source: tuple[int, int] | None) -> tuple[int, int]:
    """The picture's own size from the size libVLC's format callback reports, which is its decoder's buffer: the height
    rounded up to 32 lines plus 2 (measured with libVLC 3: 272 -> 290, 160 -> 162, 1080 -> 1090, 400 -> 418), the
    width to 16. Scaling by that size letterboxed a 480x272 clip to 450x272 in a 480x272 region. When the plan knows
    the file's probed size and it fits inside the reported one within that padding, that size is the picture's."""
    if source is None:
        return width, height
    w, h = source
    if w <= width <= -(-w // 16) * 16 and h <= height <= -(-h // 32) * 32 + 2:
        return w, h
    return width, height


class FeedSignals(QObject):
    """Emitted from libVLC threads, delivered (queued) on the GUI thread."""

    frame = Signal(object)  # feed: a new picture is in memory
    state = Signal(object, str)  # feed, "paused" | "error" | "ended"


class VideoFeed:
    def __init__(self, vlc: Any, instance: Any, signals: FeedSignals, size: tuple[int, int], stretch: bool) -> None:
        self.vlc = vlc
        self.signals = signals
        self.size = size
        self.stretch = stretch
        self.player = instance.media_player_new()
        self.instance = instance
        self.cue_id: int | None = None
        self.frames = 0  # new pictures delivered since the last load (a repaint while paused is not one)
        self.priming = False  # running until its first picture, then paused there (see `hold`)
        self.offset_ms = 0
        self.source: tuple[int, int] | None = None  # the file's probed picture size, when the plan knows it
        self._lock = threading.Lock()
        self._bufs: list[Any] = []
        self._w = self._h = 0
        self._latest: int | None = None
        self._shown: int | None = None
        self._first_at = 0.0  # monotonic time the first picture since the last load was delivered
        self._resumed: list[float] = []  # monotonic times of the pictures delivered after `run` (player.preroll)
        dec = vlc.CallbackDecorators
        # keep references: ctypes callbacks must outlive the player
        self._cb = (FORMAT_CB(self._format), dec.VideoCleanupCb(self._cleanup), dec.VideoLockCb(self._lock_cb),
                    dec.VideoUnlockCb(self._unlock_cb), dec.VideoDisplayCb(self._display_cb))  # fmt: skip
        _set_format_callbacks(vlc)(self.player, self._cb[0], self._cb[1])
        self.player.video_set_callbacks(self._cb[2], self._cb[3], self._cb[4], None)
        events = self.player.event_manager()
        ev = vlc.EventType
        for kind, name in ((ev.MediaPlayerPaused, "paused"), (ev.MediaPlayerEncounteredError, "error"),
                           (ev.MediaPlayerEndReached, "ended")):  # fmt: skip
            events.event_attach(kind, self._on_event, name)

    # ---- GUI thread -------------------------------------------------------------------------------------------
    def load(self, cue_id: int, path: str, offset_ms: int, loop: bool, paused: bool = True,
             source: tuple[int, int] | None = None) -> None:  # fmt: skip
        """Open `path` at `offset_ms`, paused (`signals.frame` with frames == 1: the first picture is held) or running
        until its first picture (`priming`: the caller then `hold`s it)."""
        options = [":start-paused"] if paused else []
        options += [":no-audio", ":no-sub-autodetect-file"]
        if offset_ms > 0:
            options.append(f":start-time={offset_ms / 1000:.3f}")
        if loop:
            options.append(":input-repeat=65535")
        with self._lock:
            self.frames, self._latest = 0, None
        self.cue_id = cue_id
        self.source = source if source and source[0] > 0 and source[1] > 0 else None
        self.offset_ms = offset_ms
        self.priming = not paused
        media = self.instance.media_new(path, *options)
        self.player.set_media(media)
        media.release()  # the player holds its own reference; python-vlc never releases ours
        self.player.play()

    def show_first_frame(self) -> None:
        """Called once the player is paused: a seek while paused decodes and delivers the frame at the offset."""
        self.player.set_time(self.offset_ms)

    def prime(self) -> None:
        """A paused seek that delivered nothing: run until the first picture instead (then `hold`)."""
        self.priming = True
        self.player.set_pause(0)

    def hold(self) -> int:
        """Pause a priming clip at the picture it shows; the ms it ran since its first picture (its position is
        `offset_ms` plus that)."""
        self.priming = False
        self.player.set_pause(1)
        with self._lock:
            return max(0, round((time.monotonic() - self._first_at) * 1000))

    def run(self) -> None:
        with self._lock:
            self._resumed = []
        self.priming = False
        self.player.set_pause(0)

    def pictures_since_run(self) -> list[float]:
        with self._lock:
            return list(self._resumed)

    def seek(self, offset_ms: int) -> None:
        self.player.set_time(int(offset_ms))

    def stop(self) -> None:
        self.cue_id = None
        self.priming = False
        self.player.stop()

    def release(self) -> None:
        self.player.stop()
        self.player.release()

    def image(self) -> QImage | None:
        """The newest picture (no copy: valid until the next paint), or None before the first one."""
        with self._lock:
            if self._latest is None:
                return None
            self._shown = self._latest
            buf, w, h = self._bufs[self._shown], self._w, self._h
        return QImage(buf, w, h, w * 4, QImage.Format.Format_RGB32)

    # ---- libVLC threads: touch only our buffers, then emit ---------------------------------------------------
    def _format(self, _opaque: Any, chroma: Any, width: Any, height: Any, pitches: Any, lines: Any) -> int:
        sw, sh = max(1, width[0]), max(1, height[0])
        log.debug("format %dx%d for %s (the file: %s)", sw, sh, self.size, self.source)
        sw, sh = visible_size(sw, sh, self.source)
        tw, th = self.size
        if self.stretch:
            w, h = tw, th
        else:
            k = min(tw / sw, th / sh)
            w, h = max(2, round(sw * k)), max(2, round(sh * k))
        ctypes.memmove(chroma, b"RV32", 4)
        width[0], height[0], pitches[0], lines[0] = w, h, w * 4, h
        with self._lock:
            if (w, h) != (self._w, self._h):
                self._bufs = [ctypes.create_string_buffer(w * h * 4) for _ in range(BUFFERS)]
                self._w, self._h = w, h
            self._latest = self._shown = None
        return BUFFERS

    def _cleanup(self, _opaque: Any) -> None:
        return None  # buffers are kept: the window may still show the last picture

    def _lock_cb(self, _opaque: Any, planes: Any) -> int:
        with self._lock:
            writing = next(i for i in range(BUFFERS) if i not in (self._latest, self._shown))
            planes[0] = ctypes.addressof(self._bufs[writing])
        return writing + 1  # the picture's id, handed back to display (never NULL)

    def _unlock_cb(self, _opaque: Any, _picture: Any, _planes: Any) -> None:
        return None

    def _display_cb(self, _opaque: Any, picture: Any) -> None:
        index = (picture or 0) - 1
        with self._lock:
            if index < 0 or index == self._latest:
                return  # the picture on show, repainted while paused (every ~60 ms): nothing new to paint or count
            self._latest = index
            self.frames += 1
            if self.frames == 1:
                self._first_at = time.monotonic()
            elif len(self._resumed) < PICTURES and not self.priming:
                self._resumed.append(time.monotonic())
        self.signals.frame.emit(self)

    def _on_event(self, _event: Any, name: str) -> None:
        self.signals.state.emit(self, name)
