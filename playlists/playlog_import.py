"""Merging play logs carried from an offline player (`videotron playlog-import FILE`), idempotently.

File format (until the player defines its own export): JSON Lines, UTF-8, one play per line, with the columns of
the `play_log` table. A `.json` file holding one array of the same objects is accepted too.

    {"id": "yamin-000123", "screen_id": "yamin", "media_id": "m-b1", "booking_id": "b1",
     "planned_start": "2026-03-05T08:00:00+07:00", "started_at": "2026-03-05T08:00:00.040+07:00",
     "ended_at": "2026-03-05T08:00:15.080+07:00", "outcome": "played", "reason": "", "seq": 123,
     "sha256": "...", "prev_hash": "...", "hash": "..."}

The player's own local records (`player/playlog.py`: screen, media, booking, day, planned_end) are accepted too.
Required: id (the player's own record id), screen_id, media_id, planned_start, outcome (played|failed|skipped),
seq (the player's sequence number, unique per screen). Times carry their UTC offset; naive times are refused.
A record whose id is already stored with the same content is skipped, so importing a file twice adds nothing;
the same id (or the same screen and seq) with different content is a conflict and refuses the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from playlists.models import PlayLog
from videotron.core import audit
from videotron.core.clock import Clock, SystemClock
from videotron.core.errors import ValidationError
from videotron.core.permissions import authorize

REQUIRED = ("id", "screen_id", "media_id", "planned_start", "outcome", "seq")
OPTIONAL_TEXT = ("sha256", "reason", "prev_hash", "hash", "day")
TIMES = ("planned_start", "planned_end", "started_at", "ended_at")
COMPARED = ("screen_id", "media_id", "booking_id", "planned_start", "outcome", "seq", "hash")
CHUNK = 500
# The player's local log (player/playlog.py, table play_record) names some columns differently; its rows, dumped
# as JSON, are accepted as they are.
ALIASES = {"screen": "screen_id", "media": "media_id", "booking": "booking_id"}
IGNORED = {"uploaded"}


@dataclass(frozen=True)
class ImportResult:
    records: int
    added: int
    already: int


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, list):
            raise ValidationError(["the file must hold one JSON array of play records"], source=str(path))
        yield from enumerate(data, 1)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationError([f"line {number}: not JSON ({exc.msg})"], source=str(path)) from None


def _parse(where: str, raw: Any, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a JSON object")
        return None
    raw = {ALIASES.get(k, k): v for k, v in raw.items() if k not in IGNORED}
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL_TEXT) - set(TIMES) - {"booking_id"}
    missing = [k for k in REQUIRED if raw.get(k) in (None, "")]
    if unknown or missing:
        problems += [f"{where}: unknown field {k!r}" for k in sorted(unknown)]
        problems += [f"{where}: {k} is required" for k in missing]
        return None
    row: dict[str, Any] = {k: str(raw[k]) for k in ("id", "screen_id", "media_id")}
    row["booking_id"] = str(raw["booking_id"]) if raw.get("booking_id") else None
    for k in OPTIONAL_TEXT:
        row[k] = str(raw.get(k) or "")
    row["reason"] = row["reason"][:500]
    if raw["outcome"] not in ("played", "failed", "skipped"):
        problems.append(f"{where}: outcome must be played, failed or skipped, got {raw['outcome']!r}")
        return None
    row["outcome"] = raw["outcome"]
    if isinstance(raw["seq"], bool) or not isinstance(raw["seq"], int) or raw["seq"] < 0:
        problems.append(f"{where}: seq must be a whole number >= 0")
        return None
    row["seq"] = raw["seq"]
    for k in TIMES:
        value = raw.get(k)
        if value in (None, ""):
            row[k] = None
            continue
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            problems.append(f"{where}: {k} {value!r} is not an ISO 8601 time")
            return None
        if moment.tzinfo is None:
            problems.append(f"{where}: {k} {value!r} has no UTC offset (write e.g. +07:00)")
            return None
        row[k] = moment
    return row


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k].timestamp() if isinstance(row[k], datetime) else row[k] for k in COMPARED)


def import_play_logs(session: Session, path: str | Path, *, actor: str, clock: Clock | None = None) -> ImportResult:
    """Add the records of `path` not yet stored, in the caller's transaction; all or nothing."""
    authorize(session, actor, "playlog.import")
    path = Path(path)
    problems: list[str] = []
    rows: dict[str, dict[str, Any]] = {}
    for number, raw in _records(path):
        row = _parse(f"record {number}", raw, problems)
        if row is None:
            continue
        seen = rows.get(row["id"])
        if seen is not None and _key(seen) != _key(row):
            problems.append(f"record {number}: id {row['id']} appears earlier in the file with different content")
        rows.setdefault(row["id"], row)
    by_slot: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows.values():
        other = by_slot.setdefault((row["screen_id"], row["seq"]), row)
        if other is not row:
            problems.append(f"id {row['id']}: screen {row['screen_id']} seq {row['seq']} is also id {other['id']}")
    if problems:
        raise ValidationError(problems[:50], source=str(path))
    new: list[dict[str, Any]] = []
    ids = list(rows)
    for i in range(0, len(ids), CHUNK):
        chunk = [rows[k] for k in ids[i : i + CHUNK]]
        stored = {p.id: p for p in session.scalars(select(PlayLog).where(PlayLog.id.in_([r["id"] for r in chunk])))}
        pairs = [(r["screen_id"], r["seq"]) for r in chunk]
        slots = {
            (screen, seq): holder
            for screen, seq, holder in _rows(
                session,
                select(PlayLog.screen_id, PlayLog.seq, PlayLog.id).where(
                    tuple_(PlayLog.screen_id, PlayLog.seq).in_(pairs)
                ),
            )
        }
        for row in chunk:
            old = stored.get(row["id"])
            if old is not None:
                if _key({k: getattr(old, k) for k in COMPARED}) != _key(row):
                    problems.append(f"id {row['id']}: already stored with different content")
                continue
            holder = slots.get((row["screen_id"], row["seq"]))
            if holder is not None:
                problems.append(f"id {row['id']}: screen {row['screen_id']} seq {row['seq']} is already id {holder}")
                continue
            new.append(row)
    if problems:
        raise ValidationError(problems[:50], source=str(path))
    for i in range(0, len(new), CHUNK):
        session.execute(insert(PlayLog), new[i : i + CHUNK])
    result = ImportResult(len(rows), len(new), len(rows) - len(new))
    audit.record(
        session,
        actor=actor,
        action="playlog.import",
        entity="play_log",
        entity_id=path.name,
        after={"file": str(path), "records": result.records, "added": result.added, "already": result.already},
        clock=clock or SystemClock(),  # audit.record takes no default clock any more
    )
    return result


def _rows(session: Session, stmt: Any) -> list[Any]:
    return list(session.execute(stmt).all())
