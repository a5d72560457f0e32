"""Anchors of the audit chain outside the database: the head (entry number and hash) printed on each signed document
and appended to each desk's witness file (`videotron.core.audit`), checked against the chain.

A chain alone cannot show that its newest entries were deleted, nor that an entry was edited and every hash after
it recomputed (the algorithm is public). A head written down elsewhere can: the entry it names must still exist
and still have that hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from videotron.core.audit import AuditEntry
from videotron.core.errors import Problem, ValidationError, problem

SHORT = 12  # hex digits of the hash printed on documents: 48 bits, beyond any recomputation by trial
ANCHOR = re.compile(r"(\d{1,18}):([0-9a-f]{8,64})")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str  # the full hash or a prefix of it (at least 8 hex digits)
    where: str = ""  # "file:line" for a witness line

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def head(session: Session) -> Anchor | None:
    """The newest entry, as printed on documents ("SEQ:first 12 hex digits"), or None on an empty trail."""
    row = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return Anchor(row.seq, row.hash[:SHORT]) if row else None


def parse_anchor(text: str) -> Anchor:
    """ "SEQ:HASH" as printed on a document or written in a witness file."""
    match = ANCHOR.fullmatch(text.strip().lower())
    if not match:
        raise ValidationError([problem("audit.anchor_format", "{text} is not an audit head: expected the entry "
                                       "number and at least 8 hex digits of its hash, like 1234:9f86d081884c",
                                       field="anchor", text=text)])  # fmt: skip
    return Anchor(int(match.group(1)), match.group(2))


def read_witness(path: Path) -> list[Anchor]:
    """Every head in a witness file (one "SEQ:HASH TIME" a line); a line that is not one is refused, naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        unreadable = problem("audit.witness_unreadable", "cannot read the witness file {path}: {reason}",
                             field="witness", path=str(path), reason=exc.strerror or str(exc))  # fmt: skip
        raise ValidationError([unreadable]) from None
    anchors: list[Anchor] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            anchors.append(Anchor(**{**parse_anchor(line.split()[0]).__dict__, "where": f"{path}:{number}"}))
        except ValidationError:
            problems.append(problem("audit.witness_line", "{line}: not an audit head: {text}", field="witness",
                                    line=f"{path}:{number}", text=line[:80]))  # fmt: skip
    if problems:
        raise ValidationError(problems[:20])
    return anchors


def check_anchors(session: Session, anchors: list[Anchor]) -> list[tuple[Anchor, Problem]]:
    """Each anchor whose entry is gone (the newest entries deleted) or has another hash (the chain recomputed)."""
    if not anchors:
        return []
    last = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0
    wanted = select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq.in_({a.seq for a in anchors}))
    hashes: dict[int, str] = {seq: digest for seq, digest in session.execute(wanted)}
    found: list[tuple[Anchor, Problem]] = []
    for a in anchors:
        stored = hashes.get(a.seq)
        if stored is None:
            found.append((a, problem("audit.anchor_gone", "entry {seq} is gone: the trail ends at entry {last} (its "
                                     "newest entries were deleted)", seq=a.seq, last=last)))  # fmt: skip
        elif not stored.startswith(a.hash):
            found.append((a, problem("audit.anchor_differs", "entry {seq} no longer has the hash {hash} written down "
                                     "outside the database: the chain was rewritten at or before it", seq=a.seq,
                                     hash=a.hash)))  # fmt: skip
    return found


def anchor_of(session: Session, ident: str) -> Anchor | None:
    """The first entry that recorded the bound row `ident` ("table:key"): the head as it stood when the row was
    written, the same on every reprint of its document."""
    like = '%"' + ident.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + '":%'
    row = session.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.rows.like(like, escape="\\"))
                          .order_by(AuditEntry.seq).limit(1)).first()  # fmt: skip
    return Anchor(row.seq, row.hash[:SHORT]) if row else None
