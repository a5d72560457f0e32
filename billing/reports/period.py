"""The report month: parsing `YYYY-MM`, its days, and its bounds as UTC instants of the office's calendar."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, cast, func, literal_column
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ColumnElement

from videotron.core.config import OFFICE_TZ
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

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[first midnight, next month's first midnight) in the office's zone, as UTC instants."""
        return day_start_utc(self.start), day_start_utc(self.end + timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=OFFICE_TZ).astimezone(UTC)


def office_day(column: Any, dialect: str) -> ColumnElement[Any]:
    """SQL for the office-calendar day of a UTC timestamp column (a date on PostgreSQL, 'YYYY-MM-DD' on SQLite).

    Constants are literal SQL, not bound parameters, so the same expression in SELECT and GROUP BY is textually
    identical (PostgreSQL refuses `$1` in one and `$4` in the other). SQLite has no time zone database, so it
    shifts by the office zone's offset; WIB has no daylight saving time, so a fixed offset is exact.
    """
    if dialect == "postgresql":
        zone: ColumnElement[str] = literal_column(f"'{OFFICE_TZ.key}'")
        return cast(func.timezone(zone, column), Date)
    offset = OFFICE_TZ.utcoffset(datetime(2000, 1, 1))
    hours = int(offset.total_seconds() // 3600) if offset else 0
    return func.date(column, literal_column(f"'{hours:+d} hours'"))


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
