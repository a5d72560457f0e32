"""Database: declarative base, engine with SQLite pragmas, sessions, and the timezone-aware column type.

SQLite is the embedded default (WAL, foreign keys, busy timeout); any SQLAlchemy URL works, PostgreSQL via
psycopg 3. Times are stored as UTC and always come back timezone-aware.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, make_url
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC. Naive datetimes are refused, never guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given for a timezone-aware column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own transaction handling is off (isolation_level=None). By default a transaction takes the
    # write lock up front (BEGIN IMMEDIATE), so two desks never both read "next number 7" and one then fails
    # on commit with SQLITE_BUSY (which busy_timeout cannot resolve). Read-only work opts out with the
    # execution option `sqlite_deferred=True` (see `read_only`) so reports never block a writer.
    if conn.get_execution_options().get("sqlite_deferred"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_private(path: Path) -> None:
    """Create a new SQLite file readable by its owner only (0600; it holds password hashes and money), in a folder
    of its own (0700) when the folder is new. SQLite gives its -wal and -shm files the database file's mode. An
    existing file or folder is left as it is (`videotron db status` warns when others can read it)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another desk made it in between
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def exposed_files(url: str) -> list[tuple[Path, int]]:
    """The SQLite file, its backups and its folder where others than the owner may read or enter them."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return []
    path = Path(database).expanduser()
    candidates = [path, *sorted(path.parent.glob(f"{path.name}.bak-*"))]
    if (
        path.parent.exists() and not path.parent.stat().st_mode & stat.S_ISVTX
    ):  # a shared folder like /tmp is not the office's to close
        candidates.append(path.parent)
    modes = [(p, stat.S_IMODE(p.stat().st_mode)) for p in candidates if p.exists()]
    return [(p, mode) for p, mode in modes if mode & 0o077]


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            create_private(Path(database).expanduser())
        engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


WITNESS_INFO = "audit_witness"  # Session.info key: the witness file the audit trail's new heads are appended to


def make_session_factory(engine: Engine, *, witness: Path | None = None) -> sessionmaker[Session]:
    """Sessions on `engine`; with `witness`, each commit that wrote audit entries appends the new chain head to that
    file (`videotron.core.audit`)."""
    return sessionmaker(engine, expire_on_commit=False, info={WITNESS_INFO: str(witness)} if witness else None)


def read_only(engine: Engine) -> Engine:
    """The same engine for reading only: on SQLite its transactions do not take the write lock."""
    return engine.execution_options(sqlite_deferred=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One user action, one transaction: everything commits together or nothing does."""
    with factory.begin() as session:
        yield session
