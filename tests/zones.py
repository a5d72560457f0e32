"""Time zones for tests that must pass at any hour on a machine set to any zone.

`zone_with_other_date(now, machine)` picks a fixed-offset zone (Etc/GMT±N) whose local date differs from the
machine's date (and from UTC's where it can), with the local time at least an hour away from midnight, so a test
that runs for minutes never sees the screen's day change under it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

MACHINE_ZONES = ["UTC", "Asia/Jayapura", "Pacific/Kiritimati"]  # UTC (CI), WIT, and the first zone into a new day
MARGIN = timedelta(hours=1)


def etc_zone(offset_hours: int) -> str:
    return "Etc/UTC" if offset_hours == 0 else f"Etc/GMT{-offset_hours:+d}"  # POSIX sign: Etc/GMT-7 is UTC+7


def far_from_midnight(moment: datetime) -> bool:
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return MARGIN <= moment - midnight <= timedelta(days=1) - MARGIN


def zone_with_other_date(now: datetime, machine: tzinfo) -> tuple[str, ZoneInfo]:
    machine_day, utc_day = now.astimezone(machine).date(), now.astimezone(ZoneInfo("UTC")).date()
    best: tuple[int, str] | None = None
    for offset in range(-12, 15):
        name = etc_zone(offset)
        local = now.astimezone(ZoneInfo(name))
        if local.date() == machine_day or not far_from_midnight(local):
            continue
        score = 2 if local.date() != utc_day else 1
        if best is None or score > best[0]:
            best = (score, name)
    assert best is not None, f"no zone with a date other than the machine's at {now}"
    return best[1], ZoneInfo(best[1])
