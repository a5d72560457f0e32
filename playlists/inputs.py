"""Plain inputs of the plan compiler: what one screen's day depends on, with no database in sight.

The service layer (`playlists.planning`) reads these from the models; tests, the capacity check and the benchmark
build them directly. Times of day are "HH:MM" strings as operators write them ("24:00" means the end of the day).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from videotron.core.errors import ValidationError
from videotron.core.timeofday import MINUTES_PER_DAY, parse_span


@dataclass(frozen=True)
class ScreenSettings:
    """The parts of a screen that shape its day."""

    id: str
    timezone: str = "Asia/Jakarta"
    hours: str = "00:00-24:00"  # operating hours; may cross midnight ("18:00-02:00")
    loop_seconds: int = 300
    psa_share: Decimal = Decimal("0.3")  # at least this share of every loop window is PSA or filler
    geometry: str = "fullscreen"
    fit: str = "contain"
    standby_media: str | None = None


@dataclass(frozen=True)
class MediaInfo:
    id: str
    kind: str  # ad | psa | filler
    duration_ms: int
    approved: bool = True


@dataclass(frozen=True)
class PlaylistSpec:
    id: str
    media: tuple[str, ...]  # in play order


@dataclass(frozen=True)
class DaypartSpec:
    """A playlist filling the screen on the days APScheduler's `day_of_week` expression names."""

    id: str
    playlist: str
    days: str = "mon-sun"
    start: str = "00:00"
    end: str = "24:00"  # an end at or before the start runs into the next day
    priority: int = 0


@dataclass(frozen=True)
class Hold:
    """Why the airing gate keeps a booking off the air (`playlists.gate`): `reason` "not_assessed" (no SKRD yet) or
    "unpaid" (not paid in full; `due` is the due date of what is owed). From `air_from` on, when it is set (the day
    everything was paid), the booking airs."""

    reason: str
    air_from: date | None = None
    due: date | None = None


@dataclass(frozen=True)
class BookingSpec:
    id: str
    advertiser: str
    media: str
    plays_per_day: int
    start_date: date
    end_date: date  # inclusive
    screens: tuple[str, ...]
    band: str | None = None  # "HH:MM-HH:MM" inside one day, or None for the whole operating day
    status: str = "assessed"
    # Make-good plays granted on the screen these inputs are for: (day, extra plays), also after end_date.
    extra_plays: tuple[tuple[date, int], ...] = ()
    hold: Hold | None = None  # None: the airing gate lets it air

    def cleared_on(self, day: date) -> bool:
        """Whether the airing gate lets it air on `day` (its seats count on every day either way)."""
        return self.hold is None or (self.hold.air_from is not None and day >= self.hold.air_from)

    def plays_on(self, day: date) -> int:
        """Plays due on `day`: plays_per_day inside the date range, plus any make-good plays granted that day."""
        base = self.plays_per_day if self.start_date <= day <= self.end_date else 0
        if not self.extra_plays:
            return base
        return base + sum(n for d, n in self.extra_plays if d == day)

    def active_on(self, screen_id: str, day: date) -> bool:
        return self.status != "cancelled" and screen_id in self.screens and self.plays_on(day) > 0


@dataclass(frozen=True)
class ScheduleInputs:
    """Everything one screen's plan is compiled from."""

    screen: ScreenSettings
    media: Mapping[str, MediaInfo] = field(default_factory=dict)
    playlists: Mapping[str, PlaylistSpec] = field(default_factory=dict)
    dayparts: tuple[DaypartSpec, ...] = ()
    bookings: tuple[BookingSpec, ...] = ()


def parse_band(text: str, what: str = "band") -> tuple[int, int]:
    """A booking band: start before end within one day. A band crossing midnight is refused, because a booking's
    plays per day are counted per calendar day: split it into two bookings (e.g. 22:00-24:00 and 00:00-02:00)."""
    start, end = parse_span(text, what)
    if start >= MINUTES_PER_DAY:
        raise ValidationError("band.starts_at_midnight", "{value!r} starts at 24:00; a band must start before midnight",
                              field=what, value=text)  # fmt: skip
    if end <= start:
        raise ValidationError("band.crosses_midnight", "{value!r} crosses midnight or is empty; a band must lie inside "
                              "one day (a span across midnight is not supported: split it, e.g. 22:00-24:00 and "
                              "00:00-02:00)", field=what, value=text)  # fmt: skip
    return start, end
