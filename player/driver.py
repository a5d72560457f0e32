"""Runs the sequencer on the GUI thread: a precise single-shot QTimer re-armed from the wall clock after each tick.

Qt timers have millisecond granularity and may fire a little early or late, so the timer is armed 1 ms short of the
due time and the last fraction is slept; the sequencer re-reads the clock on every tick, so a late wake-up never
shifts later items.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Qt, QTimer

from player.sequencer import Sequencer

log = logging.getLogger(__name__)

SPIN_S = 0.002  # shorter waits than this are slept, not scheduled


class SequencerDriver(QObject):
    def __init__(self, sequencer: Sequencer) -> None:
        super().__init__()
        self.sequencer = sequencer
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self.ticks = 0
        sequencer.wake = self.poke  # a cue ready after its air time is taken at once

    def start(self) -> None:
        self._timer.start(0)

    def stop(self) -> None:
        self._timer.stop()

    def poke(self) -> None:
        """Tick now (a cue became ready, the plan changed)."""
        self._timer.start(0)

    def _tick(self) -> None:
        for _ in range(4):
            self.ticks += 1
            try:
                wait = self.sequencer.tick()
            except Exception:  # a bug in one tick must not stop the screen: log it and tick again soon
                log.exception("sequencer tick failed")
                wait = 0.1
            if wait > SPIN_S:
                break
            time.sleep(wait)
        self._timer.start(max(0, int((wait - 0.001) * 1000)))
