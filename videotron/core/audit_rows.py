"""Money and identity rows bound to the audit chain: each audited write carries the content digest of every bound
row its transaction touched, and `verify_rows` recomputes every current row against the newest digest the chain
holds for it.

A table opts in with one line on its model, `__audit_columns__ = ("amount", "status", ...)`: the columns that
matter (amounts, numbers, dates, status, payer; a user's role, password hash, enabled). Its key is the primary key.
Nothing in the services changes: a session event notes each bound row written (inserted, updated, deleted through
the ORM), and `videotron.core.audit.record` digests those rows as the database holds them at that moment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect, select, tuple_
from sqlalchemy.orm import Mapper, Session, SessionTransaction

from videotron.core.db import Base
from videotron.core.errors import Problem, problem

TOUCHED = "audit_touched"  # session.info key: {(table, key)} written since the last digest
KEY_SEPARATOR = "/"


def bound_mappers() -> list[Mapper[Any]]:
    """Every model that opted in, in table order (only the models imported so far: a program imports its own)."""
    found = [m for m in Base.registry.mappers if getattr(m.class_, "__audit_columns__", None)]
    return sorted(found, key=table_name)


def table_name(mapper: Mapper[Any]) -> str:
    return str(mapper.class_.__tablename__)


def display_name(mapper: Mapper[Any]) -> str:
    """What a row of the table is called in messages (`__audit_name__`, in the catalogue), else the table's name."""
    return str(getattr(mapper.class_, "__audit_name__", None) or table_name(mapper))


def _columns(mapper: Mapper[Any]) -> tuple[str, ...]:
    return tuple(mapper.class_.__audit_columns__)


def key_text(values: Iterable[Any]) -> str:
    return KEY_SEPARATOR.join(str(v) for v in values)


def key_values(mapper: Mapper[Any], key: str) -> tuple[Any, ...]:
    """The primary key values a key text stands for (the inverse of how `take_digests` names a row)."""
    pk = list(mapper.primary_key)
    parts = key.split(KEY_SEPARATOR, len(pk) - 1) if len(pk) > 1 else [key]
    return tuple(int(v) if c.type.python_type is int else v for c, v in zip(pk, parts, strict=True))


def row_digest(columns: tuple[str, ...], values: Iterable[Any]) -> str:
    """SHA-256 of the row's columns that matter, as canonical JSON (names sorted, dates ISO, money integer)."""
    data = dict(zip(columns, values, strict=True))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rows(session: Session, mapper: Mapper[Any], keys: list[tuple[Any, ...]] | None) -> Iterator[tuple[str, str]]:
    """(key text, digest) of the table's rows as the database holds them: all, or only `keys`."""
    table = mapper.local_table
    pk = list(mapper.primary_key)
    columns = _columns(mapper)
    query = select(*pk, *(table.c[c] for c in columns))
    if keys is not None:
        query = query.where(tuple_(*pk).in_(keys)) if len(pk) > 1 else query.where(pk[0].in_([k[0] for k in keys]))
    for row in session.execute(query):
        yield key_text(row[: len(pk)]), row_digest(columns, row[len(pk) :])


def _note_written(session: Session, _context: Any) -> None:
    touched: set[tuple[str, tuple[Any, ...]]] = session.info.setdefault(TOUCHED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        mapper = inspect(obj).mapper
        if getattr(mapper.class_, "__audit_columns__", None):
            touched.add((table_name(mapper), tuple(mapper.primary_key_from_instance(obj))))


def _committed(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's commit (SQLAlchemy signals it too) ends nothing
        session.info.pop(TOUCHED, None)


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    if not previous.nested:
        session.info.pop(TOUCHED, None)


event.listen(Session, "after_flush", _note_written)
event.listen(Session, "after_commit", _committed)
event.listen(Session, "after_soft_rollback", _rolled_back)


def pending(session: Session) -> bool:
    return bool(session.info.get(TOUCHED))


def take_digests(session: Session) -> dict[str, str | None]:
    """Digests of the bound rows written since the last call ("table:key" -> digest, None for a deleted row)."""
    touched: set[tuple[str, tuple[Any, ...]]] = session.info.pop(TOUCHED, set())
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for table, key in touched:
        by_table.setdefault(table, []).append(key)
    digests: dict[str, str | None] = {}
    for mapper in bound_mappers():
        name = table_name(mapper)
        keys = by_table.get(name)
        if not keys:
            continue
        digests.update({f"{name}:{key_text(k)}": None for k in keys})
        digests.update({f"{name}:{k}": d for k, d in _rows(session, mapper, keys)})
    return digests


@dataclass(frozen=True)
class RowProblem:
    table: str
    key: str
    seq: int | None  # the entry that last recorded the row, None when none did
    problem: Problem  # worded where it is shown (`videotron.core.i18n.render`)


def verify_rows(session: Session, recorded: dict[str, tuple[int, str | None]]) -> list[RowProblem]:
    """Each bound row that differs from its newest digest in the chain, is missing though the chain says it exists,
    or exists without any entry. `recorded` is "table:key" -> (seq, digest) from `videotron.core.audit.newest_rows`."""
    problems: list[RowProblem] = []
    for mapper in bound_mappers():
        name, shown = table_name(mapper), display_name(mapper)
        seen: set[str] = set()
        for key, digest in _rows(session, mapper, None):
            seen.add(key)
            seq, want = recorded.get(f"{name}:{key}", (None, None))
            if seq is None:
                problems.append(RowProblem(name, key, None, problem(
                    "audit.row_unrecorded", "{table:tr} {key} has no audit entry (inserted behind the program's back)",
                    table=shown, key=key)))  # fmt: skip
            elif want != digest:
                problems.append(RowProblem(name, key, seq, problem(
                    "audit.row_changed", "{table:tr} {key} differs from what audit entry {seq} recorded (changed "
                    "behind the program's back)", table=shown, key=key, seq=seq)))  # fmt: skip
        prefix = f"{name}:"
        for ident, (seq, want) in recorded.items():
            key = ident[len(prefix) :]
            if ident.startswith(prefix) and want is not None and key not in seen:
                problems.append(RowProblem(name, key, seq, problem(
                    "audit.row_missing", "{table:tr} {key} is missing (deleted behind the program's back); audit entry "
                    "{seq} recorded it", table=shown, key=key, seq=seq)))  # fmt: skip
    return problems
