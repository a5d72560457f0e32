"""Recurring rules expanded with APScheduler's own `CronTrigger`, so "mon-fri 11:00-13:00" means exactly what
APScheduler means by it (day names, ranges, lists, `last` and all), not what a home-made parser guesses."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from videotron.core.errors import ValidationError
from videotron.core.timeofday import MINUTES_PER_DAY, parse_span


def day_of_week_trigger(days: str, minute_of_day: int, tz: ZoneInfo, what: str) -> CronTrigger:
    """A trigger firing at `minute_of_day` on the days `days` names (APScheduler `day_of_week` syntax)."""
    try:
        return CronTrigger(day_of_week=days, hour=minute_of_day // 60, minute=minute_of_day % 60, second=0,
                           timezone=tz)  # fmt: skip
    except (ValueError, TypeError) as exc:
        raise ValidationError("days.not_day_of_week", "days {days!r} is not an APScheduler day_of_week expression "
                              "({reason})", field=what, days=days, reason=str(exc)) from None  # fmt: skip


def check_days(days: str, what: str) -> None:
    """Raise ValidationError when `days` is not a day_of_week expression APScheduler accepts."""
    day_of_week_trigger(days, 0, ZoneInfo("UTC"), what)


def occurrences(days: str, span: str, tz: ZoneInfo, since: datetime, until: datetime, what: str
                ) -> list[tuple[datetime, datetime]]:  # fmt: skip
    """The occurrences of a daily span on matching days that overlap [since, until), clipped to it.

    A span ending at or before its start ("22:00-02:00") runs into the next day; "00:00-24:00" is the whole day.
    The length is wall-clock time: an occurrence started on a matching day keeps running past midnight.
    """
    start, end = parse_span(span, what)
    if start >= MINUTES_PER_DAY:
        raise ValidationError("span.starts_at_midnight", "a span cannot start at 24:00", field=what)
    length = end - start if end > start else end - start + MINUTES_PER_DAY
    trigger = day_of_week_trigger(days, start, tz, what)
    out: list[tuple[datetime, datetime]] = []
    # Occurrences that began before `since` may still be running: look back one span length.
    fire = trigger.get_next_fire_time(None, since - timedelta(minutes=length))
    while fire is not None and fire < until:
        finish = (fire.replace(tzinfo=None) + timedelta(minutes=length)).replace(tzinfo=tz)
        if finish > since:
            out.append((max(fire, since), min(finish, until)))
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return out
