"""The player's clock, chosen by its composition root: the system's, or for end-to-end tests a skipping clock.

A test of days offline cannot wait for midnight twice. `SkippingClock` reads a chosen moment at a chosen real instant,
then runs at real speed and every `period` seconds jumps `jump` seconds ahead (a day less the period: each stretch
of the test sees the last seconds of one day and the first of the next). It is set with the environment variable
`VIDEOTRON_PLAYER_TEST_CLOCK=FAKE_ISO@REAL_EPOCH/PERIOD/JUMP`; never set on a kiosk.
"""

from __future__ import annotations

import math
import os
import time
from datetime import UTC, datetime, timedelta

from videotron.core.clock import Clock, SystemClock

ENV = "VIDEOTRON_PLAYER_TEST_CLOCK"


class SkippingClock:
    def __init__(self, fake: datetime, real: float, period: float, jump: float) -> None:
        self.fake, self.real, self.period, self.jump = fake, real, period, jump

    def now(self) -> datetime:
        elapsed = time.time() - self.real
        jumps = max(0, math.floor(elapsed / self.period)) if self.period > 0 else 0
        return (self.fake + timedelta(seconds=elapsed + jumps * self.jump)).astimezone(UTC)


def player_clock() -> Clock:
    spec = os.environ.get(ENV, "")
    if not spec:
        return SystemClock()
    fake, rest = spec.split("@", 1)
    real, period, jump = (float(x) for x in rest.split("/"))
    return SkippingClock(datetime.fromisoformat(fake), real, period, jump)
