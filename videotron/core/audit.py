"""Append-only audit trail: who did what, when, with the record before and after.

Each entry carries the hash of the previous one (a hash chain), so an entry altered, deleted or reordered
behind the program's back is found by `verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, String, Text, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from videotron.core.clock import Clock
from videotron.core.db import Base, UTCDateTime
from videotron.core.errors import Problem, problem

GENESIS = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(100))
    entity_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[str] = mapped_column(Text, default="")  # canonical JSON or ""
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def canonical_json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str,
               before: str, after: str) -> str:  # fmt: skip
    payload = "\x1f".join([prev_hash, str(seq), at.isoformat(), actor, action, entity, entity_id, before, after])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _serialize(session: Session) -> None:
    # The chain needs one writer at a time. SQLite transactions already hold the write lock (BEGIN IMMEDIATE);
    # PostgreSQL takes a transaction-scoped advisory lock.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7401001)"))


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any = None,
    after: Any = None,
    clock: Clock,
) -> AuditEntry:
    """Append one entry in the caller's transaction (so the action and its audit commit together)."""
    _serialize(session)
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    # Hashed and stored in UTC: a clock in another zone would otherwise hash '+07:00' and read back '+00:00'.
    at = clock.now().astimezone(UTC).replace(microsecond=0)
    b, a = canonical_json(before), canonical_json(after)
    entry = AuditEntry(
        seq=seq, at=at, actor=actor, action=action, entity=entity, entity_id=str(entity_id), before=b, after=a,
        prev_hash=prev, hash=entry_hash(prev, seq, at, actor, action, entity, str(entity_id), b, a),
    )  # fmt: skip
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: Problem  # worded where it is shown (`videotron.core.i18n.render`)


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the chain; report each entry whose content, order or predecessor does not match."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_seq = 1
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if e.seq != expected_seq:
            problems.append(ChainProblem(e.seq, problem("audit.missing", "entries {first}..{last} are missing "
                                                        "(deleted)", first=expected_seq, last=e.seq - 1)))  # fmt: skip
        if e.prev_hash != prev:
            problems.append(ChainProblem(e.seq, problem("audit.out_of_order", "does not follow the entry before it "
                                                        "(deleted or reordered)")))  # fmt: skip
        want = entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after)
        if want != e.hash:
            problems.append(ChainProblem(e.seq, problem("audit.altered", "content was altered after it was written")))
        prev = e.hash
        expected_seq = e.seq + 1
    return problems
