"""Applying a checked setup file to the database: create or update by id, in the caller's one transaction.

Loading the same file twice changes nothing (fields are compared; only real changes are written and
audited). Cross-references are checked against the file and the database together, and bookings go
through the capacity check before the transaction may commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.media.library import record_media
from playlists.models import (
    Advertiser,
    Booking,
    BookingScreen,
    CapacityLock,
    Daypart,
    Media,
    Playlist,
    PlaylistItem,
    Screen,
)
from playlists.setup_file import SetupFile
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import CapacityError, ValidationError
from videotron.core.permissions import authorize


@dataclass
class LoadSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def note(self, table: str, before: Any, after: Any) -> None:
        if before is None:
            self.created[table] += 1
        elif before != after:
            self.updated[table] += 1
        else:
            self.unchanged[table] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def lines(self) -> list[str]:
        out = []
        for table in ("screen", "media", "playlist", "daypart", "advertiser", "booking"):
            c, u, n = self.created[table], self.updated[table], self.unchanged[table]
            if c or u or n:
                out.append(f"{table:10} {c} created, {u} updated, {n} unchanged")
        return out


def _check_references(session: Session, setup: SetupFile) -> None:
    doc = setup.doc
    assert doc is not None
    problems: list[str] = []
    media_kinds = {m.id: m.kind for m in setup.media}
    in_file: dict[type, set[str]] = {
        Screen: {s.id for s in setup.screens},
        Playlist: {p.id for p in setup.playlists},
        Advertiser: {a.id for a in setup.advertisers},
    }

    def kind_of(media_id: str) -> str | None:
        if media_id in media_kinds:
            return media_kinds[media_id]
        row = session.get(Media, media_id)
        return row.kind if row else None

    def problem(table: str, i: int, key: str, message: str) -> None:
        problems.append(f"{doc.where(table, i, key)}: {message}")

    def need(model: type, ident: str, table: str, i: int, key: str) -> None:
        if ident not in in_file[model] and session.get(model, ident) is None:
            problem(table, i, key, f"{model.__tablename__} {ident!r} is not in this file or the database")  # type: ignore[attr-defined]

    for i, s in enumerate(setup.screens):
        if s.standby and kind_of(s.standby) is None:
            problem("screen", i, "standby", f"media {s.standby!r} is not in this file or the database")
    for i, p in enumerate(setup.playlists):
        for item in p.items:
            kind = kind_of(item)
            if kind is None:
                problem("playlist", i, "items", f"media {item!r} is not in this file or the database")
            elif kind == "ad":
                problem("playlist", i, "items", f"{item!r} is an ad; playlists hold PSA and filler (ads air "
                        "through bookings)")  # fmt: skip
    for i, d in enumerate(setup.dayparts):
        need(Screen, d.screen, "daypart", i, "screen")
        need(Playlist, d.playlist, "daypart", i, "playlist")
    for i, b in enumerate(setup.bookings):
        need(Advertiser, b.advertiser, "booking", i, "advertiser")
        kind = kind_of(b.media)
        if kind is None:
            problem("booking", i, "media", f"media {b.media!r} is not in this file or the database")
        elif kind != "ad":
            problem("booking", i, "media", f"media {b.media!r} is {kind}, not an ad")
        for sid in b.screens:
            need(Screen, sid, "booking", i, "screens")
        if len(set(b.screens)) != len(b.screens):
            problem("booking", i, "screens", "a screen is listed twice")
    if problems:
        raise ValidationError(problems, source=setup.path)


def _upsert(session: Session, summary: LoadSummary, model: type, table: str, ident: str, values: dict[str, Any],
            actor: str, clock: Clock, extra_before: Any = None, extra_after: Any = None) -> Any:  # fmt: skip
    row = session.get(model, ident)
    before = None if row is None else {k: _plain(getattr(row, k)) for k in values}
    if before is not None and extra_before is not None:
        before["_"] = extra_before
    if row is None:
        row = model(id=ident, **values)
        session.add(row)
    else:
        for k, v in values.items():
            if _plain(getattr(row, k)) != _plain(v):
                setattr(row, k, v)
    after = {k: _plain(v) for k, v in values.items()}
    if extra_after is not None:
        after["_"] = extra_after
    summary.note(table, before, after)
    if before != after:
        audit.record(session, actor=actor, action=f"{table}.{'create' if before is None else 'update'}", entity=table,
                     entity_id=ident, before=before, after=after, clock=clock)  # fmt: skip
    return row


def _plain(v: Any) -> Any:
    """A comparable, JSON-able form: 0.30 and 0.3000 (a Numeric column's read-back) are the same share."""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v) if not isinstance(v, str | int | bool | type(None)) else v


def apply_setup(session: Session, setup: SetupFile, *, actor: str, clock: Clock) -> LoadSummary:
    """Write the setup into the caller's transaction. Raises (and the caller rolls back) on any problem."""
    authorize(session, actor, "setup.load")
    _check_references(session, setup)
    summary = LoadSummary()
    for m in setup.media:
        before = session.get(Media, m.id)
        snapshot = None if before is None else (before.sha256, before.kind, before.title, before.approved_by)
        media, changed = record_media(session, m.prepared, media_id=m.id, kind=m.kind, actor=actor, clock=clock,
                                      title=m.title, approved_by=m.approved_by)  # fmt: skip
        summary.note(
            "media", snapshot, (media.sha256, media.kind, media.title, media.approved_by) if changed else snapshot
        )
    for s in setup.screens:
        _upsert(session, summary, Screen, "screen", s.id, {
            "name": s.name, "location": s.location, "zone": s.zone, "timezone": s.timezone, "geometry": s.geometry,
            "hours": s.hours, "loop_seconds": s.loop_seconds, "psa_share": s.psa_share, "fit": s.fit,
            "standby_media_id": s.standby}, actor, clock)  # fmt: skip
        if session.get(CapacityLock, s.id) is None:
            session.add(CapacityLock(screen_id=s.id, version=0))
    for p in setup.playlists:
        row = session.get(Playlist, p.id)
        old_items = [it.media_id for it in row.items] if row else None
        row = _upsert(session, summary, Playlist, "playlist", p.id, {"name": p.name}, actor, clock,
                      extra_before=old_items, extra_after=p.items)  # fmt: skip
        if old_items != p.items:
            row.items.clear()
            session.flush()
            row.items.extend(PlaylistItem(position=n, media_id=mid) for n, mid in enumerate(p.items))
    for d in setup.dayparts:
        _upsert(session, summary, Daypart, "daypart", d.id, {
            "screen_id": d.screen, "playlist_id": d.playlist, "days": d.days, "start": d.start, "end": d.end,
            "priority": d.priority}, actor, clock)  # fmt: skip
    for a in setup.advertisers:
        _upsert(session, summary, Advertiser, "advertiser", a.id,
                {"name": a.name, "address": a.address, "npwrd": a.npwrd}, actor, clock)  # fmt: skip
    session.flush()
    touched: list[str] = []
    for b in setup.bookings:
        booking = session.get(Booking, b.id)
        old_screens = sorted(booking.screen_ids) if booking else None
        values: dict[str, Any] = {
            "advertiser_id": b.advertiser, "media_id": b.media, "category": b.category,
            "plays_per_day": b.plays_per_day, "start_date": b.start, "end_date": b.end, "band": b.band,
        }  # fmt: skip
        before_changes = summary.created["booking"] + summary.updated["booking"]
        if booking is None:
            values["created_at"] = clock.now()
            values["status"] = "active"
        booking = _upsert(session, summary, Booking, "booking", b.id, values, actor, clock,
                      extra_before=old_screens, extra_after=sorted(b.screens))  # fmt: skip
        if old_screens != sorted(b.screens):
            booking.screens.clear()
            session.flush()
            booking.screens.extend(BookingScreen(screen_id=sid) for sid in sorted(b.screens))
        if summary.created["booking"] + summary.updated["booking"] != before_changes:
            touched.append(b.id)
    session.flush()
    if touched:
        _check_capacity(session, setup, touched)
    return summary


def _check_capacity(session: Session, setup: SetupFile, booking_ids: list[str]) -> None:
    try:
        from playlists.capacity import ensure_bookable
    except ImportError:  # pragma: no cover - only while the scheduling package is being built
        return
    try:
        ensure_bookable(session, booking_ids)
    except CapacityError as exc:
        where = {b.id: b.where for b in setup.bookings}
        bid = next((b for b in booking_ids if b in str(exc)), booking_ids[0])
        raise ValidationError([f"{where.get(bid, setup.path)}: {exc}"], source=setup.path) from None


def existing_ids(session: Session, model: type) -> set[str]:
    return set(session.scalars(select(model.id)))  # type: ignore[attr-defined]
