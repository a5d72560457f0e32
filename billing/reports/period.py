"""The report month: parsing `YYYY-MM`, its days, and its bounds as UTC instants of a zone's calendar (the office's
for money, a screen's for its plays); and the SQL that gives a UTC timestamp's day in a zone, on either database."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, case, cast, func, literal_column
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ColumnElement

from videotron.core.errors import VideotronError


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            year_text, month_text = text.strip().split("-")
            result = cls(int(year_text), int(month_text))
        except ValueError:
            result = cls(0, 0)
        if not (1 <= result.month <= 12 and 2000 <= result.year <= 2200):
            raise VideotronError("report.bad_month", "{text!r} is not a month: write it as YYYY-MM, e.g. 2026-03",
                                 field="month", text=text)  # fmt: skip
        return result

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        """The last day (inclusive)."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.end.day)]

    def utc_bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[first midnight, next month's first midnight) in `zone`, as UTC instants."""
        return day_start_utc(self.start, zone), day_start_utc(self.end + timedelta(days=1), zone)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def day_start_utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _offsets(zone: ZoneInfo, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
    """[(from, minutes east of UTC)] for each offset `zone` keeps between two UTC instants: one entry for WIB, WITA
    and WIT (no daylight saving time); a new one at each change elsewhere, found to the second."""

    def offset(moment: datetime) -> int:
        delta = moment.astimezone(zone).utcoffset()
        return int(delta.total_seconds() // 60) if delta else 0

    found = [(since, offset(since))]
    step = since
    while step < until:
        later = min(step + timedelta(hours=1), until)
        if offset(later) != found[-1][1]:
            low, high = step, later  # the change is in (low, high]: halve it down to the second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (low, middle) if offset(middle) != found[-1][1] else (middle, high)
            found.append((high, offset(high)))
        step = later
    return found


def local_day(column: Any, dialect: str, zone: ZoneInfo, since: datetime, until: datetime) -> ColumnElement[Any]:
    """SQL for the day in `zone` of a UTC timestamp column between `since` and `until` (a date on PostgreSQL,
    'YYYY-MM-DD' on SQLite).

    Constants are literal SQL, not bound parameters, so the same expression in SELECT and GROUP BY is textually
    identical (PostgreSQL refuses `$1` in one and `$4` in the other). PostgreSQL converts with its time zone
    database; SQLite has none, so it shifts by the zone's offset, switching offset where the zone does between the
    bounds (a zone name is an IANA name, checked against the list, so it is safe as a literal)."""
    if dialect == "postgresql":
        name: ColumnElement[str] = literal_column("'" + zone.key.replace("'", "''") + "'")
        return cast(func.timezone(name, column), Date)

    def shifted(minutes: int) -> ColumnElement[Any]:
        return func.date(column, literal_column(f"'{minutes:+d} minutes'"))

    pieces = _offsets(zone, since, until)
    if len(pieces) == 1:
        return shifted(pieces[0][1])
    stored = "'{:%Y-%m-%d %H:%M:%S.%f}'"  # how SQLite keeps a UTC timestamp (`videotron.core.db.UTCDateTime`)
    whens = [(column < literal_column(stored.format(start.replace(tzinfo=None))), shifted(before))
             for (_, before), (start, _) in pairwise(pieces)]  # fmt: skip
    return case(*whens, else_=shifted(pieces[-1][1]))


def as_date(value: object) -> date:
    """A day from either dialect's `office_day` result."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def result_rows(session: Session, stmt: Executable) -> list[Any]:
    """A query's rows, loosely typed: report queries mix computed columns SQLAlchemy cannot type."""
    return list(session.execute(stmt).all())
