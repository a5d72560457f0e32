"""One screen's operating day on a millisecond axis: opening and closing instants in the screen's zone, the loop
windows and their ad airtime budgets, booking windows, and which playlist fills each stretch.

Inside the compiler every time is an integer number of milliseconds after opening; only the plan's items are
turned back into timezone-aware datetimes (through UTC, so a day with a DST change is measured correctly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from playlists.inputs import DaypartSpec, ScreenSettings, parse_band
from playlists.recurrence import occurrences
from videotron.core.errors import ValidationError
from videotron.core.timeofday import MINUTES_PER_DAY, format_minutes, parse_span
from videotron.core.zones import zone as checked_zone

MS = timedelta(milliseconds=1)
HOUSE = ""  # the filler source used where no daypart is active (see compiler docstring)


def zone(name: str, what: str) -> ZoneInfo:
    try:
        return checked_zone(name)
    except ValueError:
        raise ValidationError("screen.unknown_timezone", "unknown time zone {value!r} (use e.g. Asia/Jakarta)",
                              field=what, value=name) from None  # fmt: skip


def local_instant(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The instant of `minutes` after midnight of `day` on the screen's wall clock (minutes may pass 24:00)."""
    extra, rest = divmod(minutes, MINUTES_PER_DAY)
    return datetime.combine(day + timedelta(days=extra), time(rest // 60, rest % 60), tzinfo=tz)


@dataclass(frozen=True)
class DayFrame:
    """The operating span of one screen on one date and its loop windows."""

    day: date
    tz: ZoneInfo
    open_at: datetime
    close_at: datetime
    open_minute: int  # minutes after the date's midnight (close_minute may exceed 1440 when hours cross midnight)
    close_minute: int
    length_ms: int
    loop_ms: int
    budgets: tuple[int, ...]  # most ad milliseconds each loop window may carry

    @property
    def _open_utc(self) -> datetime:
        return self.open_at.astimezone(UTC)

    def at(self, offset_ms: int) -> datetime:
        if self.open_at.utcoffset() == self.close_at.utcoffset():
            # No UTC offset change inside the day (all of Indonesia): wall-clock arithmetic is real time, and fast.
            return self.open_at + offset_ms * MS
        return (self._open_utc + offset_ms * MS).astimezone(self.tz)

    def offset(self, moment: datetime) -> int:
        # Through UTC: subtracting two datetimes of the same zone would measure wall-clock time, not real time.
        return (moment.astimezone(UTC) - self._open_utc) // MS

    def window_of(self, offset_ms: int) -> int:
        return offset_ms // self.loop_ms

    def window_bounds(self, k: int) -> tuple[int, int]:
        return k * self.loop_ms, min((k + 1) * self.loop_ms, self.length_ms)

    def band_window(self, band: str | None, what: str) -> tuple[int, int]:
        """A booking's window [start, end) in offsets, clipped to the operating span (may come out empty)."""
        if band is None:
            return 0, self.length_ms
        start, end = parse_band(band, what)
        if self.close_minute > MINUTES_PER_DAY and start < self.open_minute:
            # Hours cross midnight: a band before the opening time belongs to the early hours after midnight.
            start, end = start + MINUTES_PER_DAY, end + MINUTES_PER_DAY
        lo = self.offset(local_instant(self.day, start, self.tz))
        hi = self.offset(local_instant(self.day, end, self.tz))
        return max(lo, 0), min(hi, self.length_ms)

    def hours_text(self) -> str:
        return f"{format_minutes(self.open_minute % MINUTES_PER_DAY)}-{format_minutes(self.close_minute)}"


def ad_budget(length_ms: int, psa_share: Decimal) -> int:
    return int((Decimal(length_ms) * (1 - psa_share)).to_integral_value(rounding=ROUND_FLOOR))


def day_frame(screen: ScreenSettings, day: date) -> DayFrame:
    what = f"screen {screen.id}"  # the field's label: these are a stored screen's settings, not a form's
    tz = zone(screen.timezone, f"{what}: timezone")
    open_minute, close_minute = parse_span(screen.hours, f"{what}: hours")
    if open_minute >= MINUTES_PER_DAY:
        raise ValidationError("screen.opens_at_midnight", "hours {value!r} cannot open at 24:00", field=what,
                              value=screen.hours)  # fmt: skip
    if close_minute <= open_minute:
        close_minute += MINUTES_PER_DAY  # open past midnight, e.g. 18:00-02:00
    if not 0 < screen.loop_seconds <= 86400:
        raise ValidationError("screen.loop_range", "loop_seconds {value} must be between 1 and 86400", field=what,
                              value=screen.loop_seconds)  # fmt: skip
    share = screen.psa_share if isinstance(screen.psa_share, Decimal) else Decimal(str(screen.psa_share))
    if not Decimal(0) <= share <= Decimal(1):
        raise ValidationError("screen.share_range", "psa_share {value} must be between 0 and 1", field=what,
                              value=share)  # fmt: skip
    open_at = local_instant(day, open_minute, tz)
    close_at = local_instant(day, close_minute, tz)
    length = (close_at.astimezone(UTC) - open_at.astimezone(UTC)) // MS
    loop = screen.loop_seconds * 1000
    full = ad_budget(loop, share)  # every window but the last is a whole loop
    budgets = tuple(full if length - k >= loop else ad_budget(length - k, share) for k in range(0, length, loop))
    return DayFrame(day, tz, open_at, close_at, open_minute, close_minute, length, loop, budgets)


def daypart_segments(frame: DayFrame, dayparts: tuple[DaypartSpec, ...], usable: set[str]
                     ) -> list[tuple[int, int, str]]:  # fmt: skip
    """Cover [0, length) with (start, end, playlist id) stretches: at each moment the highest-priority daypart
    whose playlist has something to show (ties: the smaller daypart id), or HOUSE where none is active."""
    spans: list[tuple[int, int, int, str, str]] = []  # start, end, -priority, daypart id, playlist
    for dp in dayparts:
        what = f"daypart {dp.id}"
        for since, until in occurrences(dp.days, f"{dp.start}-{dp.end}", frame.tz, frame.open_at, frame.close_at, what):
            if dp.playlist in usable:
                spans.append((frame.offset(since), frame.offset(until), -dp.priority, dp.id, dp.playlist))
    cuts = sorted({0, frame.length_ms, *(s[0] for s in spans), *(s[1] for s in spans)})
    segments: list[tuple[int, int, str]] = []
    for lo, hi in pairwise(cuts):
        live = [s for s in spans if s[0] <= lo and hi <= s[1]]
        source = min(live, key=lambda s: (s[2], s[3]))[4] if live else HOUSE
        if segments and segments[-1][2] == source and segments[-1][1] == lo:
            segments[-1] = (segments[-1][0], hi, source)
        else:
            segments.append((lo, hi, source))
    return segments
