"""The screen's days: where one begins, and the plan of a day nothing is known about (the built-in standby).

A screen with no plan for its day (a new PC with no database yet, a link down for longer than the cached days) still
never shows the desktop or black: it shows the player's own standby picture, a plan with no items whose standby
media is an image drawn by the player (`player.standby`). Plain Python: no Qt.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from playlists.plan import Plan, PlanMedia

BUILTIN_STANDBY = "videotron-standby"  # the media id of the player's own standby picture


def day_start(plan: Plan) -> datetime:
    """Midnight at the start of the plan's date, in the screen's zone."""
    return datetime.combine(plan.date, time(0), tzinfo=plan.tz)


def standby_plan(screen: str, day: date, timezone: str, picture: Path) -> Plan:
    """A day with no plan: no items, the built-in standby picture all day."""
    media = PlanMedia(id=BUILTIN_STANDBY, path=str(picture), sha256="", kind="filler", is_image=True, duration_ms=0)
    return Plan(screen, day, timezone, [], {BUILTIN_STANDBY: media}, standby_media=BUILTIN_STANDBY)


def is_standby(plan: Plan) -> bool:
    return not plan.items and plan.standby_media == BUILTIN_STANDBY
