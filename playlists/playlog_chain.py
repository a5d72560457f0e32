"""The proof-of-play hash chain: each record's hash covers its content and the previous record's hash.

One definition serves the player (which writes the chain in its local log) and the central database (where
`videotron playlog verify` walks it again), so a record edited, deleted or reordered in either place is named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.models import PlayLog
from videotron.core.errors import Problem, problem

FIELDS = ("id", "screen", "seq", "day", "media", "sha256", "booking", "planned_start", "planned_end", "started_at",
          "ended_at", "outcome", "reason", "prev_hash")  # fmt: skip


def utc_text(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds") if moment else None


def record_hash(row: Mapping[str, Any]) -> str:
    """The installation is hashed only when there is one, so the records written before it existed keep their hash."""
    fields = {k: row[k] for k in FIELDS}
    if row.get("installation"):
        fields["installation"] = row["installation"]
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_breaks(rows: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """Every break in one screen's chains, rows in (installation, seq) order: a missing, edited or reordered record.
    Each installation of the player (a wiped data folder is a new one) keeps its own chain from seq 1."""
    problems: list[Problem] = []
    prev, expected_seq, installation = "", 1, ""
    for row in rows:
        seq = row["seq"]
        if row.get("installation", "") != installation:
            prev, expected_seq, installation = "", 1, row.get("installation", "")
        if seq != expected_seq:
            problems.append(problem("playlog.seq_missing", "seq {seq}: expected seq {expected} (a record is missing)",
                                    seq=seq, expected=expected_seq))  # fmt: skip
        if row["prev_hash"] != prev:
            problems.append(problem("playlog.prev_hash", "seq {seq}: prev_hash does not match the previous record",
                                    seq=seq))  # fmt: skip
        if record_hash(row) != row["hash"]:
            problems.append(problem("playlog.edited", "seq {seq}: content does not match its hash (edited)", seq=seq))
        prev, expected_seq = row["hash"], seq + 1
    return problems


def chain_problems(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """`chain_breaks` in English (the player's JSON report and its log)."""
    return [p.english() for p in chain_breaks(rows)]


def central_rows(session: Session, screen_id: str) -> list[dict[str, Any]]:
    """A screen's records in the central `play_log`, in the player's own field names and text forms."""
    out = []
    rows = select(PlayLog).where(PlayLog.screen_id == screen_id).order_by(PlayLog.installation, PlayLog.seq)
    for r in session.scalars(rows):
        out.append({
            "id": r.id, "screen": r.screen_id, "seq": r.seq, "day": r.day, "media": r.media_id, "sha256": r.sha256,
            "booking": r.booking_id, "planned_start": utc_text(r.planned_start), "planned_end": utc_text(r.planned_end),
            "started_at": utc_text(r.started_at), "ended_at": utc_text(r.ended_at), "outcome": r.outcome,
            "reason": r.reason, "prev_hash": r.prev_hash, "hash": r.hash, "installation": r.installation, "sig": r.sig,
        })  # fmt: skip
    return out
