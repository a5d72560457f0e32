"""Merging play logs carried from an offline player (`videotron playlog-import FILE`), idempotently.

File format (until the player defines its own export): JSON Lines, UTF-8, one play per line, with the columns of
the `play_log` table. A `.json` file holding one array of the same objects is accepted too.

    {"id": "yamin-000123", "screen_id": "yamin", "media_id": "m-b1", "booking_id": "b1",
     "planned_start": "2026-03-05T08:00:00+07:00", "started_at": "2026-03-05T08:00:00.040+07:00",
     "ended_at": "2026-03-05T08:00:15.080+07:00", "outcome": "played", "reason": "", "seq": 123,
     "sha256": "...", "prev_hash": "...", "hash": "..."}

The player's own local records (`player/playlog.py`: screen, media, booking, day, planned_end) are accepted too.
Required: id (the player's own record id), screen_id, media_id, planned_start, outcome (played|failed|skipped),
seq (the player's sequence number, unique per screen). A signed record carries `sig`, and `public_key` (hex) registers
its installation's key as the player's own upload would (another key for a known installation refuses the file).
Times carry their UTC offset; naive times are refused.
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
from playlists.playlog_signatures import register_installation
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import Problem, ValidationError, problem
from videotron.core.permissions import authorize

REQUIRED = ("id", "screen_id", "media_id", "planned_start", "outcome", "seq")
OPTIONAL_TEXT = ("sha256", "reason", "prev_hash", "hash", "day", "installation", "sig")
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
            raise ValidationError("playlog.not_array", "the file must hold one JSON array of play records",
                                  source=str(path))  # fmt: skip
        yield from enumerate(data, 1)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationError("playlog.not_json", "line {line}: not JSON ({detail})", source=str(path),
                                      line=number, detail=exc.msg) from None  # fmt: skip


def _parse(number: int, raw: Any, problems: list[Problem]) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        problems.append(problem("playlog.not_object", "record {record}: must be a JSON object", record=number))
        return None
    raw = {ALIASES.get(k, k): v for k, v in raw.items() if k not in IGNORED}
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL_TEXT) - set(TIMES) - {"booking_id", "public_key"}
    missing = [k for k in REQUIRED if raw.get(k) in (None, "")]
    if unknown or missing:
        problems += [problem("playlog.unknown_field", "record {record}: unknown field {key!r}", record=number, key=k)
                     for k in sorted(unknown)]  # fmt: skip
        problems += [problem("playlog.required", "record {record}: {key} is required", record=number, key=k)
                     for k in missing]  # fmt: skip
        return None
    row: dict[str, Any] = {k: str(raw[k]) for k in ("id", "screen_id", "media_id")}
    row["booking_id"] = str(raw["booking_id"]) if raw.get("booking_id") else None
    for k in OPTIONAL_TEXT:
        row[k] = str(raw.get(k) or "")
    row["reason"] = row["reason"][:500]
    row["public_key"] = str(raw.get("public_key") or "")  # the installation's key: registered as an upload would
    if raw["outcome"] not in ("played", "failed", "skipped"):
        problems.append(problem("playlog.outcome", "record {record}: outcome must be played, failed or skipped, got "
                                "{value!r}", record=number, value=raw["outcome"]))  # fmt: skip
        return None
    row["outcome"] = raw["outcome"]
    if isinstance(raw["seq"], bool) or not isinstance(raw["seq"], int) or raw["seq"] < 0:
        problems.append(problem("playlog.seq", "record {record}: seq must be a whole number >= 0", record=number))
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
            problems.append(problem("playlog.not_time", "record {record}: {key} {value!r} is not an ISO 8601 time",
                                    record=number, key=k, value=value))  # fmt: skip
            return None
        if moment.tzinfo is None:
            problems.append(problem("playlog.naive_time", "record {record}: {key} {value!r} has no UTC offset (write "
                                    "e.g. +07:00)", record=number, key=k, value=value))  # fmt: skip
            return None
        row[k] = moment
    return row


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k].timestamp() if isinstance(row[k], datetime) else row[k] for k in COMPARED)


def import_play_logs(session: Session, path: str | Path, *, actor: str, clock: Clock) -> ImportResult:
    """Add the records of `path` not yet stored, in the caller's transaction; all or nothing."""
    authorize(session, actor, "playlog.import")
    path = Path(path)
    problems: list[Problem] = []
    rows: dict[str, dict[str, Any]] = {}
    for number, raw in _records(path):
        row = _parse(number, raw, problems)
        if row is None:
            continue
        seen = rows.get(row["id"])
        if seen is not None and _key(seen) != _key(row):
            problems.append(problem("playlog.id_twice", "record {record}: id {id} appears earlier in the file with "
                                    "different content", record=number, id=row["id"]))  # fmt: skip
        rows.setdefault(row["id"], row)
    by_slot: dict[tuple[str, str, int], dict[str, Any]] = {}  # a slot: one installation's seq of one screen
    for row in rows.values():
        other = by_slot.setdefault((row["screen_id"], row["installation"], row["seq"]), row)
        if other is not row:
            problems.append(problem("playlog.slot_twice", "id {id}: screen {screen} seq {seq} is also id {other}",
                                    id=row["id"], screen=row["screen_id"], seq=row["seq"],
                                    other=other["id"]))  # fmt: skip
    if problems:
        raise ValidationError(problems[:50], source=str(path))
    new: list[dict[str, Any]] = []
    ids = list(rows)
    for i in range(0, len(ids), CHUNK):
        chunk = [rows[k] for k in ids[i : i + CHUNK]]
        stored = {p.id: p for p in session.scalars(select(PlayLog).where(PlayLog.id.in_([r["id"] for r in chunk])))}
        pairs = [(r["screen_id"], r["installation"], r["seq"]) for r in chunk]
        slots = {
            (screen, installation, seq): holder
            for screen, installation, seq, holder in _rows(
                session,
                select(PlayLog.screen_id, PlayLog.installation, PlayLog.seq, PlayLog.id).where(
                    tuple_(PlayLog.screen_id, PlayLog.installation, PlayLog.seq).in_(pairs)
                ),
            )
        }
        for row in chunk:
            old = stored.get(row["id"])
            if old is not None:
                if _key({k: getattr(old, k) for k in COMPARED}) != _key(row):
                    problems.append(problem("playlog.stored_differently", "id {id}: already stored with different "
                                            "content", id=row["id"]))  # fmt: skip
                continue
            holder = slots.get((row["screen_id"], row["installation"], row["seq"]))
            if holder is not None:
                problems.append(problem("playlog.slot_taken", "id {id}: screen {screen} seq {seq} is already id "
                                        "{other}", id=row["id"], screen=row["screen_id"], seq=row["seq"],
                                        other=holder))  # fmt: skip
                continue
            new.append(row)
    if problems:
        raise ValidationError(problems[:50], source=str(path))
    keys = {(r["screen_id"], r["installation"]): r.pop("public_key") for r in [*rows.values()]}
    for (screen, installation), key in sorted(keys.items()):
        if key and installation:
            register_installation(session, screen, installation, key)
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
        clock=clock,
    )
    return result


def _rows(session: Session, stmt: Any) -> list[Any]:
    return list(session.execute(stmt).all())
