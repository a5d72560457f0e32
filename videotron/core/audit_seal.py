"""Sealing: one audit entry with the digests of every bound row the chain does not cover yet.

For a database upgraded from before the binding (its rows have no digest in the chain), once, by an admin. The
entry says who sealed what, so a seal that launders a tampered row is itself in the trail, and the heads written
down before it (documents, witness files) still expose a chain rewritten to hide it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from videotron.core import audit, audit_rows
from videotron.core.clock import Clock


def seal(session: Session, *, actor: str, clock: Clock) -> int:
    """Record the rows `verify_rows` finds unrecorded, changed or missing; how many (0: nothing to seal, no entry)."""
    found = audit_rows.verify_rows(session, audit.newest_rows(session))
    if not found:
        return 0
    touched = session.info.setdefault(audit_rows.TOUCHED, set())
    for mapper in audit_rows.bound_mappers():
        name = audit_rows.table_name(mapper)
        for p in found:
            if p.table == name:
                touched.add((name, audit_rows.key_values(mapper, p.key)))
    audit.record(session, actor=actor, action="audit.seal", entity="rows", entity_id="", clock=clock)
    return len(found)
