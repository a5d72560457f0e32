"""The audit chain's anchor on signed documents: each SKRD, SKRD tambahan, STRD, receipt, credit note, STS and Surat
Teguran prints the entry that recorded it (number and the first 12 hex digits of its hash) in its footer, and the
month report prints the chain's head when it was made (`videotron.core.audit_anchor`).

A printed anchor is out of an insider's reach: `videotron audit verify --anchor SEQ:HASH` finds the chain shortened
below it or rewritten at or before it. A document's anchor is the entry of its issue, so a reprint is identical.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session, object_session

from videotron.core.audit_anchor import anchor_of, head
from videotron.core.audit_rows import key_text, table_name

LABEL = {"id": "Jejak audit", "en": "Audit trail"}


def _mark(anchor: object, language: str) -> str:
    return f" · {LABEL.get(language, LABEL['en'])} {anchor}" if anchor else ""


def document_anchor(row: object, language: str) -> str:
    """ " · Jejak audit 17:9f86d081884c" for a bound row's document, or "" when no entry recorded it (a row from before
    the binding, or a document built from an unsaved row)."""
    session = object_session(row)
    if session is None:
        return ""
    mapper = inspect(row).mapper
    ident = f"{table_name(mapper)}:{key_text(mapper.primary_key_from_instance(row))}"
    return _mark(anchor_of(session, ident), language)


def report_anchor(session: Session, language: str) -> str:
    """The chain's head as a report is made: " · Jejak audit 412:0b5e3c1d77aa", or "" on an empty trail."""
    return _mark(head(session), language)
