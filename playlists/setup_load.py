"""Applying a checked setup file to the database, in the caller's one transaction: each row goes to its entity's
`save_*` function — the same ones the command line and the desk call — so one set of rules and one audit
vocabulary hold on every path.

Loading the same file twice changes nothing (each `save_*` compares and writes, and audits, only real changes).
References are first checked against the file and the database together, so a booking naming an advertiser that
is nowhere is reported before anything is written. A problem a `save_*` function finds is placed at the file's
line and field; all of them are reported together, and the caller rolls the transaction back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from playlists.advertisers import save_advertiser
from playlists.bookings import save_bookings
from playlists.layouts import save_layout
from playlists.media.library import save_media
from playlists.models import Advertiser, Media, Playlist, Screen
from playlists.psa_playlists import save_daypart, save_playlist
from playlists.running_texts import save_message, save_text_bookings
from playlists.saving import Change, Saved
from playlists.screens import save_screen
from playlists.setup_file import KNOWN_TABLES, SetupFile
from videotron.core.clock import Clock
from videotron.core.errors import Problem, ValidationError, problem
from videotron.core.i18n import say
from videotron.core.permissions import authorize

Spec = TypeVar("Spec")


@dataclass
class LoadSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def note(self, table: str, change: Change) -> None:
        {"create": self.created, "update": self.updated, None: self.unchanged}[change][table] += 1

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def lines(self, language: str = "en") -> list[str]:
        """One line per kind of row the file holds, in `language` (the command line prints them)."""
        counts = {t: (self.created[t], self.updated[t], self.unchanged[t]) for t in KNOWN_TABLES}
        return [
            say(
                language,
                "setup.summary",
                "{table:12} {created} created, {updated} updated, {unchanged} unchanged",
                table=t,
                created=c,
                updated=u,
                unchanged=n,
            )
            for t, (c, u, n) in counts.items()
            if c or u or n
        ]


def _check_references(session: Session, setup: SetupFile) -> None:
    """Every id a row names is in the file or the database (what each one is, its `save_*` function checks)."""
    in_file: dict[type, set[str]] = {
        Screen: {s.id for s in setup.screens},
        Media: {m.id for m in setup.media},
        Playlist: {p.id for p in setup.playlists},
        Advertiser: {a.id for a in setup.advertisers},
    }
    problems: list[Problem] = []

    def need(model: type, ident: str, table: str, i: int, key: str) -> None:
        if ident not in in_file[model] and session.get(model, ident) is None:
            name = model.__tablename__  # type: ignore[attr-defined]
            found = problem("setup.reference", "{table} {value!r} is not in this file or the database", key,
                            table=name, value=ident)  # fmt: skip
            problems.extend(setup.placed(table, i, [found]))

    for i, s in enumerate(setup.screens):
        if s.standby:
            need(Media, s.standby, "screen", i, "standby")
    for i, p in enumerate(setup.playlists):
        for item in p.items:
            need(Media, item, "playlist", i, "items")
    for i, d in enumerate(setup.dayparts):
        need(Screen, d.screen, "daypart", i, "screen")
        need(Playlist, d.playlist, "daypart", i, "playlist")
    for i, b in enumerate(setup.bookings):
        need(Advertiser, b.advertiser_id, "booking", i, "advertiser")
        need(Media, b.media_id, "booking", i, "media")
        for sid in b.screen_ids:
            need(Screen, sid, "booking", i, "screens")
    if problems:
        raise ValidationError(problems, source=setup.path)


def _save_each(setup: SetupFile, table: str, specs: Sequence[Spec], save: Callable[[Spec], Saved[Any]],
               summary: LoadSummary, problems: list[Problem]) -> None:  # fmt: skip
    for i, spec in enumerate(specs):
        try:
            summary.note(table, save(spec).change)
        except ValidationError as exc:
            problems.extend(setup.placed(table, i, exc.problems))


def apply_setup(session: Session, setup: SetupFile, *, actor: str, clock: Clock) -> LoadSummary:
    """Write the setup into the caller's transaction. Raises (and the caller rolls back) on any problem."""
    authorize(session, actor, "setup.load")
    _check_references(session, setup)
    summary = LoadSummary()
    problems: list[Problem] = []
    who: dict[str, Any] = {"actor": actor, "clock": clock}
    # In this order each row's references are written before it: media before the screens' standby, ...
    _save_each(setup, "media", setup.media, lambda m: save_media(session, m, **who), summary, problems)
    _save_each(setup, "screen", setup.screens, lambda s: save_screen(session, s, **who), summary, problems)
    _save_each(setup, "playlist", setup.playlists, lambda p: save_playlist(session, p, **who), summary, problems)
    _save_each(setup, "daypart", setup.dayparts, lambda d: save_daypart(session, d, **who), summary, problems)
    _save_each(setup, "advertiser", setup.advertisers, lambda a: save_advertiser(session, a, **who), summary,
               problems)  # fmt: skip
    _save_each(setup, "layout", setup.layouts, lambda x: save_layout(session, x, **who), summary, problems)
    _save_each(setup, "message", setup.messages, lambda t: save_message(session, t, **who), summary, problems)
    if problems:
        raise ValidationError(problems, source=setup.path)
    try:
        saved = save_bookings(session, setup.bookings, actor=actor, clock=clock,
                              place=lambda i, found: setup.placed("booking", i, found))  # fmt: skip
        for s in saved:
            summary.note("booking", s.change)
        sold = save_text_bookings(session, setup.text_bookings, actor=actor, clock=clock,
                                  place=lambda i, found: setup.placed("text_booking", i, found))  # fmt: skip
    except ValidationError as exc:
        raise ValidationError(exc.problems, source=setup.path) from None
    for t in sold:
        summary.note("text_booking", t.change)
    return summary
