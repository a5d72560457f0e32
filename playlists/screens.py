"""Screens: the one place a screen is checked and written (`save_screen`), whoever sets it up."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from playlists import checks
from playlists.models import CapacityLock, Media, Screen
from playlists.saving import ID_PATTERN, Saved, refuse, write
from videotron.core.clock import Clock
from videotron.core.errors import Problem, problem
from videotron.core.permissions import authorize
from videotron.core.zones import is_zone

HHMM = r"([01]\d|2[0-3]):[0-5]\d"
HOURS = rf"{HHMM}-({HHMM}|24:00)"
GEOMETRY = r"fullscreen|[1-9]\d{0,4}x[1-9]\d{0,4}\+\d{1,5}\+\d{1,5}"
ZONE = r"[A-Za-z0-9*-]{1,32}"
FITS = ("contain", "stretch")


@dataclass(frozen=True)
class ScreenFields:
    """A screen as an office describes it (the setup file's `[[screen]]`)."""

    id: str
    name: str
    zone: str  # the tariff zone its airtime is priced in
    # Optional: what the setup file means when it leaves a key out.
    location: str = ""
    timezone: str = "Asia/Jakarta"
    geometry: str = "fullscreen"
    hours: str = "00:00-24:00"
    loop_seconds: int = 300
    psa_share: Decimal = Decimal("0.3")
    fit: str = "contain"
    standby: str | None = None


def minutes(hhmm: str) -> int:
    return 1440 if hhmm == "24:00" else int(hhmm[:2]) * 60 + int(hhmm[3:])


def screen_problems(spec: ScreenFields) -> list[Problem]:
    """What is wrong with a screen on its own (no database needed: the setup file checks this while parsing)."""
    out: checks.Problems = []
    checks.matches(out, "id", spec.id, ID_PATTERN)
    checks.text(out, "name", spec.name, 200)
    checks.longest(out, "location", spec.location, 300)
    checks.matches(out, "zone", spec.zone, ZONE)
    if not is_zone(spec.timezone):  # never ZoneInfo() on an unchecked name: "Asia" is a folder (IsADirectoryError)
        out.append(problem("screen.timezone", "{value!r} is not a known time zone (e.g. Asia/Jakarta, Asia/Makassar)",
                           "timezone", value=spec.timezone))  # fmt: skip
    checks.matches(out, "geometry", spec.geometry, GEOMETRY)
    if checks.matches(out, "hours", spec.hours, HOURS) and minutes(spec.hours[6:]) <= minutes(spec.hours[:5]):
        out.append(problem("screen.hours_span", "{value!r} must end after it starts (a span across midnight is not "
                           "supported: split it into two)", "hours", value=spec.hours))  # fmt: skip
    checks.within(out, "loop_seconds", spec.loop_seconds, 10, 3600)
    checks.within(out, "psa_share", spec.psa_share, Decimal(0), Decimal(1))
    checks.one_of(out, "fit", spec.fit, FITS)
    if spec.standby is not None:
        checks.matches(out, "standby", spec.standby, ID_PATTERN)
    return out


def save_screen(session: Session, spec: ScreenFields, *, actor: str, clock: Clock) -> Saved[Screen]:
    """Create or update a screen (and its capacity lock row). Screens are set up by operators through the setup
    file, so the permission is the setup file's."""
    authorize(session, actor, "setup.load")
    problems = screen_problems(spec)
    if spec.standby and not problems and not checks.exists(session, Media, spec.standby):
        problems.append(problem("media.not_found", "media {value!r} does not exist", "standby", value=spec.standby))
    refuse(problems, f"screen {spec.id}")
    values = {"name": spec.name, "location": spec.location, "zone": spec.zone, "timezone": spec.timezone,
              "geometry": spec.geometry, "hours": spec.hours, "loop_seconds": spec.loop_seconds,
              "psa_share": spec.psa_share, "fit": spec.fit, "standby_media_id": spec.standby}  # fmt: skip
    saved = write(session, Screen, spec.id, values, entity="screen", actor=actor, clock=clock)
    if session.get(CapacityLock, spec.id) is None:
        session.add(CapacityLock(screen_id=spec.id, version=0))
    session.flush()
    return saved
