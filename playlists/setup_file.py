"""The declarative setup file (`videotron load FILE.toml`): parse and check everything before writing anything.

Every problem names the file, line, table and field; all problems are reported at once; unknown keys are
errors. Media files are probed here too, so a damaged video is reported with its line before any row is
written. References (a booking's advertiser, a daypart's playlist) may point into the file or the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from playlists.media.library import ID_PATTERN, MAX_IMAGE_SECONDS, PreparedMedia, prepare
from videotron.core.errors import Problem, ValidationError, VideotronError
from videotron.core.tomlsrc import TableReader, TomlDoc, array_tables

HHMM = r"([01]\d|2[0-3]):[0-5]\d"
HOURS = rf"{HHMM}-({HHMM}|24:00)"
GEOMETRY = r"fullscreen|[1-9]\d{0,4}x[1-9]\d{0,4}\+\d{1,5}\+\d{1,5}"
BOOKING_ID = r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}"
MAX_BOOKING_DAYS = 3 * 366  # tariffs are reviewed at most every 3 years (UU 1/2022)
KNOWN_TABLES = ("screen", "media", "playlist", "daypart", "advertiser", "booking")


@dataclass
class ScreenIn:
    id: str
    name: str
    location: str
    zone: str
    timezone: str
    geometry: str
    hours: str
    loop_seconds: int
    psa_share: Decimal
    fit: str
    standby: str | None


@dataclass
class MediaIn:
    id: str
    kind: str
    prepared: PreparedMedia
    title: str | None
    approved_by: str | None


@dataclass
class PlaylistIn:
    id: str
    name: str
    items: list[str]


@dataclass
class DaypartIn:
    id: str
    screen: str
    playlist: str
    days: str
    start: str
    end: str
    priority: int


@dataclass
class AdvertiserIn:
    id: str
    name: str
    address: str
    npwrd: str


@dataclass
class BookingIn:
    id: str
    advertiser: str
    media: str
    screens: list[str]
    category: str
    plays_per_day: int
    start: date
    end: date
    band: str | None
    where: str


@dataclass
class SetupFile:
    path: str
    screens: list[ScreenIn] = field(default_factory=list)
    media: list[MediaIn] = field(default_factory=list)
    playlists: list[PlaylistIn] = field(default_factory=list)
    dayparts: list[DaypartIn] = field(default_factory=list)
    advertisers: list[AdvertiserIn] = field(default_factory=list)
    bookings: list[BookingIn] = field(default_factory=list)
    doc: TomlDoc | None = None


def minutes(hhmm: str) -> int:
    return 1440 if hhmm == "24:00" else int(hhmm[:2]) * 60 + int(hhmm[3:])


def check_span(reader: TableReader, key: str, text: str | None, what: str) -> None:
    if text and minutes(text[6:]) <= minutes(text[:5]):
        reader.problem(key, f"{what} {text!r} must end after it starts (a span across midnight is not supported: "
                            "split it into two)")  # fmt: skip


def parse_setup(path: str | Path) -> SetupFile:
    """Parse and check a setup file; raise ValidationError listing every problem."""
    doc = TomlDoc(path)
    base = Path(path).resolve().parent
    out = SetupFile(str(path), doc=doc)
    problems: list[Problem | str] = []
    for key in doc.data:
        if key not in KNOWN_TABLES:
            problems.append(f"{doc.where('', None, key)}: unknown table or field (expected {', '.join(KNOWN_TABLES)})")
    _screens(doc, out, problems)
    _media(doc, out, base, problems)
    _playlists(doc, out, problems)
    _dayparts(doc, out, problems)
    _advertisers(doc, out, problems)
    _bookings(doc, out, problems)
    for table in KNOWN_TABLES:
        ids = [getattr(x, "id", None) for x in getattr(out, table + "s" if table != "media" else "media")]
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident is not None and ident in seen:
                problems.append(f"{doc.where(table, i, 'id')}: id {ident!r} appears twice in this file")
            seen.add(ident or "")
    if problems:
        raise ValidationError(problems, source=str(path))
    return out


def _screens(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "screen", problems)):
        r = TableReader(doc, "screen", i, raw, problems)
        n = len(problems)
        sid = r.str("id", pattern=ID_PATTERN)
        name = r.str("name", max_len=200)
        location = r.str("location", required=False, default="")
        zone = r.str("zone", pattern=r"[A-Za-z0-9*-]{1,32}")
        tz = r.str("timezone", required=False, default="Asia/Jakarta") or "Asia/Jakarta"
        if r.has("timezone"):
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                r.problem("timezone", f"{tz!r} is not a known time zone (e.g. Asia/Jakarta, Asia/Makassar)")
        geometry = r.str("geometry", required=False, default="fullscreen", pattern=GEOMETRY)
        hours = r.str("hours", required=False, default="00:00-24:00", pattern=HOURS)
        check_span(r, "hours", hours, "hours")
        loop = r.int("loop_seconds", required=False, default=300, minimum=10, maximum=3600)
        share = r.decimal("psa_share", required=False, default=Decimal("0.3"), minimum=Decimal(0), maximum=Decimal(1))
        fit = r.str("fit", required=False, default="contain", choices=("contain", "stretch"))
        standby = r.str("standby", required=False, pattern=ID_PATTERN)
        r.finish()
        if len(problems) == n:
            out.screens.append(ScreenIn(sid, name, location or "", zone, tz, geometry, hours, loop, share, fit,  # type: ignore[arg-type]
                                        standby))  # fmt: skip


def _media(doc: TomlDoc, out: SetupFile, base: Path, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "media", problems)):
        r = TableReader(doc, "media", i, raw, problems)
        n = len(problems)
        mid = r.str("id", pattern=ID_PATTERN)
        file = r.str("file")
        kind = r.str("kind", choices=("ad", "psa", "filler"))
        seconds = r.int("seconds", required=False, minimum=1, maximum=MAX_IMAGE_SECONDS)
        title = r.str("title", required=False, max_len=300)
        approved_by = r.str("approved_by", required=False, max_len=200)
        if approved_by and kind and kind != "ad":
            r.problem("approved_by", "only ad media needs approval; PSA and filler are the office's own content")
        r.finish()
        if len(problems) != n or file is None:
            continue
        file_path = (base / file) if not Path(file).is_absolute() else Path(file)
        try:
            prepared = prepare(file_path, seconds)
        except VideotronError as exc:
            r.problem("file", str(exc).replace(str(file_path), repr(file)))
            continue
        out.media.append(MediaIn(mid, kind, prepared, title, approved_by))  # type: ignore[arg-type]


def _playlists(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "playlist", problems)):
        r = TableReader(doc, "playlist", i, raw, problems)
        n = len(problems)
        pid = r.str("id", pattern=ID_PATTERN)
        name = r.str("name", required=False, default="")
        items = r.str_list("items", pattern=ID_PATTERN)
        r.finish()
        if len(problems) == n:
            out.playlists.append(PlaylistIn(pid, name or pid, items))  # type: ignore[arg-type]


def _dayparts(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "daypart", problems)):
        r = TableReader(doc, "daypart", i, raw, problems)
        n = len(problems)
        screen = r.str("screen", pattern=ID_PATTERN)
        playlist = r.str("playlist", pattern=ID_PATTERN)
        days = r.str("days", required=False, default="mon-sun", max_len=64) or "mon-sun"
        try:  # what the operator writes means exactly what APScheduler means by it
            CronTrigger(day_of_week=days)
        except ValueError as exc:
            r.problem("days", f"{days!r} is not a day list like 'mon-fri' or 'sat,sun' ({exc})")
        start = r.str("start", pattern=HHMM)
        end = r.str("end", pattern=rf"{HHMM}|24:00")
        if start and end and minutes(end) <= minutes(start):
            r.problem("end", f"{end} must be after start {start} (split a daypart that crosses midnight)")
        priority = r.int("priority", required=False, default=0, minimum=-1000, maximum=1000)
        did = r.str("id", required=False, max_len=200)
        r.finish()
        if len(problems) == n:
            ident = did or f"{screen}/{playlist}/{days}/{start}-{end}"
            out.dayparts.append(DaypartIn(ident, screen, playlist, days, start, end, priority))  # type: ignore[arg-type]


def _advertisers(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "advertiser", problems)):
        r = TableReader(doc, "advertiser", i, raw, problems)
        n = len(problems)
        aid = r.str("id", pattern=ID_PATTERN)
        name = r.str("name", max_len=300)
        address = r.str("address", required=False, default="")
        npwrd = r.str("npwrd", required=False, default="", max_len=64)
        r.finish()
        if len(problems) == n:
            out.advertisers.append(AdvertiserIn(aid, name, address or "", npwrd or ""))  # type: ignore[arg-type]


def _bookings(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "booking", problems)):
        r = TableReader(doc, "booking", i, raw, problems)
        n = len(problems)
        bid = r.str("id", pattern=BOOKING_ID)
        advertiser = r.str("advertiser", pattern=ID_PATTERN)
        media = r.str("media", pattern=ID_PATTERN)
        screens = r.str_list("screens", pattern=ID_PATTERN)
        category = r.str("category", pattern=r"[a-z0-9_-]{1,64}")
        plays = r.int("plays_per_day", minimum=1, maximum=20_000)
        start = r.date("start", earliest=date(2000, 1, 1), latest=date(2099, 12, 31))
        end = r.date("end", earliest=date(2000, 1, 1), latest=date(2099, 12, 31))
        if start and end and end < start:
            r.problem("end", f"{end} is before start {start}")
        elif start and end and end - start > timedelta(days=MAX_BOOKING_DAYS):
            r.problem("end", f"a booking may run at most {MAX_BOOKING_DAYS} days; {start} to {end} is longer")
        band = r.str("band", required=False, pattern=HOURS)
        check_span(r, "band", band, "band")
        r.finish()
        if len(problems) == n:
            out.bookings.append(BookingIn(bid, advertiser, media, screens, category, plays, start, end, band,  # type: ignore[arg-type]
                                          doc.where("booking", i)))  # fmt: skip


def valid_hours(text: str) -> bool:
    return bool(re.fullmatch(HOURS, text))
