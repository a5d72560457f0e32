"""Gapless document numbers per series and year, safe with several desks issuing at once.

The counter is a `number_series` row locked and incremented inside the issuing transaction, so the number is
used if and only if the document commits: a rolled-back issue gives its number back, and two desks can never
both get number 7. PostgreSQL locks the row with SELECT ... FOR UPDATE; on SQLite the transaction already holds
the database's write lock from its first statement (BEGIN IMMEDIATE, see `videotron.core.db`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from billing.models import NumberSeries
from videotron.core.errors import VideotronError


def next_number(session: Session, series: str, year: int) -> int:
    """Reserve and return the next number of `series` in `year` (1, 2, 3 ...) in the caller's transaction."""
    row = lock_series(session, series, year)
    row.last += 1
    session.flush()
    return row.last


def lock_series(session: Session, series: str, year: int) -> NumberSeries:
    """The counter row of `series` in `year`, created if new and locked until the caller's transaction ends: whoever
    else numbers a document of it waits (a month's close holds the receipt and STS series this way)."""
    stmt = select(NumberSeries).where(NumberSeries.series == series, NumberSeries.year == year).with_for_update()
    row = session.scalar(stmt)
    if row is None:
        # First number of the year: two desks may both try to create the row; the loser's savepoint rolls
        # back on the primary key and it then waits on the winner's row lock like everyone else.
        try:
            with session.begin_nested():
                session.add(NumberSeries(series=series, year=year, last=0))
        except IntegrityError:
            pass
        row = session.scalar(stmt.execution_options(populate_existing=True))
        if row is None:  # pragma: no cover - the row was just created
            raise RuntimeError(f"number series {series}/{year} could not be created")
    return row


def format_number(fmt: str, seq: int, year: int) -> str:
    """Apply a configured format such as "{seq:04d}/SKRD/VT/{year}"."""
    try:
        return fmt.format(seq=seq, year=year)
    except (KeyError, IndexError, ValueError) as exc:
        raise VideotronError("numbering.bad_format", "number format {pattern!r} is not valid: {reason}", pattern=fmt,
                             reason=str(exc)) from None  # fmt: skip


def number_fields(session: Session, series: str, fmt: str, year: int) -> dict[str, Any]:
    """The next number of `series` in `year`, formatted with `fmt`: the fields a `models.Numbered` document stores."""
    seq = next_number(session, series, year)
    return {"number": format_number(fmt, seq, year), "series": series, "year": year, "seq": seq}
