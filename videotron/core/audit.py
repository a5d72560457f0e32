"""Append-only audit trail: who did what, when, with the record before and after.

Each entry carries the hash of the previous one (a hash chain), so an entry altered, deleted or reordered
behind the program's back is found by `verify_chain`. Each entry also carries the content digests of the money and
identity rows its transaction wrote (`rows`, see `videotron.core.audit_rows`), so the chain covers the rows too;
the newest entry's number and hash, kept outside the database (`videotron.core.audit_anchor`), expose entries
deleted from the end or a chain recomputed after an edit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, String, Text, event, select, text
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column

from videotron.core import audit_rows
from videotron.core.clock import Clock
from videotron.core.db import WITNESS_INFO, Base, UTCDateTime
from videotron.core.errors import Problem, problem

GENESIS = "0" * 64
log = logging.getLogger(__name__)


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
    rows: Mapped[str] = mapped_column(Text, default="", server_default="")  # canonical JSON "table:key" -> digest
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def canonical_json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str,
               before: str, after: str, rows: str = "") -> str:  # fmt: skip
    # `rows` joins the payload only when there are any, so entries written before it hash as they always did.
    fields = [prev_hash, str(seq), at.isoformat(), actor, action, entity, entity_id, before, after]
    payload = "\x1f".join([*fields, rows] if rows else fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _serialize(session: Session) -> None:
    # The chain needs one writer at a time. SQLite transactions already hold the write lock (BEGIN IMMEDIATE);
    # PostgreSQL takes a transaction-scoped advisory lock.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7401001)"))


@dataclass
class _Pending:
    """An entry recorded in the open transaction, written to the chain when the transaction commits."""

    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str
    digests: dict[str, str | None]
    savepoint: SessionTransaction | None  # the savepoint it was recorded in: its rollback drops the entry


PENDING = "audit_pending"  # session.info: [_Pending] of the open transaction
LAST = "audit_last"  # session.info: (actor, clock, seq, hash) of the newest entry the transaction wrote


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
) -> None:
    """Record one entry in the caller's transaction (so the action and its audit commit together, or neither does).

    It carries the digests of the bound rows the transaction wrote so far (`videotron.core.audit_rows`); the
    transaction's last entry also carries those written after it. So entries are numbered, hashed and inserted when
    the transaction commits (INSERT only: desk logins may not UPDATE `audit_entry`)."""
    session.flush()
    # Hashed and stored in UTC: a clock in another zone would otherwise hash '+07:00' and read back '+00:00'.
    at = clock.now().astimezone(UTC).replace(microsecond=0)
    pending = _Pending(at, actor, action, entity, str(entity_id), canonical_json(before), canonical_json(after),
                       audit_rows.take_digests(session), session.get_nested_transaction())  # fmt: skip
    session.info.setdefault(PENDING, []).append((pending, clock))


def _write_pending(session: Session) -> None:
    """Number, hash and insert the transaction's recorded entries, the last with the rows written after it."""
    pending: list[tuple[_Pending, Clock]] = session.info.pop(PENDING, [])
    if not pending:
        return
    session.flush()
    pending[-1][0].digests.update(audit_rows.take_digests(session))
    _serialize(session)
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    for p, _clock in pending:
        seq += 1
        rows = canonical_json(p.digests or None)
        prev_hash, prev = prev, entry_hash(prev, seq, p.at, p.actor, p.action, p.entity, p.entity_id, p.before,
                                           p.after, rows)  # fmt: skip
        session.add(AuditEntry(seq=seq, at=p.at, actor=p.actor, action=p.action, entity=p.entity,
                               entity_id=p.entity_id, before=p.before, after=p.after, rows=rows, prev_hash=prev_hash,
                               hash=prev))  # fmt: skip
    session.flush()
    session.info[LAST] = (pending[-1][0].actor, pending[-1][1], seq, prev)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # only the transaction's own commit
        return
    if not session.info.get(PENDING) and LAST in session.info:
        # The entries were written early (the trail was read in the transaction): rows written since get their
        # digests in one more entry, by the same actor.
        session.flush()
        if audit_rows.pending(session):
            actor, clock, _seq, _hash = session.info[LAST]
            record(session, actor=actor, action="audit.rows", entity="rows", entity_id="", clock=clock)
    _write_pending(session)


def _reading_the_trail(state: ORMExecuteState) -> None:
    """The trail read inside the transaction that recorded entries sees them: they are written first."""
    if state.session.info.get(PENDING) and any(m.class_ is AuditEntry for m in state.all_mappers):
        _write_pending(state.session)


def _committed(session: Session) -> None:
    """Append the new chain head to this desk's witness file: a copy of the head outside the database, which an
    insider who deletes the newest entries, or edits one and recomputes the chain, cannot reach from the server."""
    if session.in_nested_transaction():  # a savepoint's commit (SQLAlchemy signals it too) ends nothing
        return
    last = session.info.pop(LAST, None)
    witness = session.info.get(WITNESS_INFO)
    if last is None or not witness:
        return
    _actor, clock, seq, head = last
    try:
        fd = os.open(witness, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(f"{seq}:{head} {clock.now().astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}\n")
    except OSError:
        # The action is committed; a witness that cannot be written must not make it look failed.
        log.warning("could not append the audit head to the witness file %s", witness, exc_info=True)


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    if not previous.nested:
        session.info.pop(LAST, None)
        session.info.pop(PENDING, None)
    elif session.info.get(PENDING):  # entries recorded inside the savepoint go with it
        session.info[PENDING] = [(p, c) for p, c in session.info[PENDING] if p.savepoint is not previous]


event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "do_orm_execute", _reading_the_trail)
event.listen(Session, "after_commit", _committed)
event.listen(Session, "after_soft_rollback", _rolled_back)


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # closed without commit or rollback too: nothing carries into the next one
        session.info.pop(PENDING, None)
        session.info.pop(LAST, None)
        session.info.pop(audit_rows.TOUCHED, None)


event.listen(Session, "after_transaction_end", _ended)


def newest_rows(session: Session) -> dict[str, tuple[int, str | None]]:
    """The newest digest the chain holds for each bound row: "table:key" -> (entry seq, digest or None if deleted)."""
    newest: dict[str, tuple[int, str | None]] = {}
    for seq, rows in session.execute(select(AuditEntry.seq, AuditEntry.rows).where(AuditEntry.rows != "")
                                     .order_by(AuditEntry.seq)):  # fmt: skip
        try:
            digests = json.loads(rows)
        except ValueError:
            continue  # an altered entry: `verify_chain` names it
        if isinstance(digests, dict):
            newest.update({str(k): (seq, v if isinstance(v, str) else None) for k, v in digests.items()})
    return newest


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
        want = entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after, e.rows)
        if want != e.hash:
            problems.append(ChainProblem(e.seq, problem("audit.altered", "content was altered after it was written")))
        prev = e.hash
        expected_seq = e.seq + 1
    return problems
