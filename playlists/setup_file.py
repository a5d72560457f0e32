"""The declarative setup file (`videotron load FILE.toml`): parse and check everything before writing anything.

Every problem names the file, line, table and field; all problems are reported at once; unknown keys are
errors. This module only reads: it checks each value's type, then asks the entity's own rules
(`screen_problems`, `terms_problems`, ... — the ones its `save_*` function applies) and places what they find at
the key's line. Media files are probed here too, so a damaged video is reported with its line before any row is
written. References (a booking's advertiser, a daypart's playlist) may point into the file or the database:
`playlists.setup_load` checks them and hands each row to its `save_*` function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from playlists.advertisers import AdvertiserFields, advertiser_problems
from playlists.bookings import BookingFields, terms_problems
from playlists.layouts import LayoutFields
from playlists.media.library import MAX_IMAGE_SECONDS, MediaFields, media_problems, prepare
from playlists.psa_playlists import DaypartFields, PlaylistFields, daypart_problems, playlist_problems
from playlists.running_texts import TextFields
from playlists.screens import ScreenFields, screen_problems
from playlists.setup_texts import read_layouts, read_texts
from videotron.core.errors import Problem, ValidationError, VideotronError
from videotron.core.tomlsrc import TableReader, TomlDoc, array_tables

KNOWN_TABLES = (
    "screen", "media", "playlist", "daypart", "advertiser", "booking", "layout", "message", "text_booking"
)  # fmt: skip


@dataclass
class SetupFile:
    path: str
    screens: list[ScreenFields] = field(default_factory=list)
    media: list[MediaFields] = field(default_factory=list)
    playlists: list[PlaylistFields] = field(default_factory=list)
    dayparts: list[DaypartFields] = field(default_factory=list)
    advertisers: list[AdvertiserFields] = field(default_factory=list)
    bookings: list[BookingFields] = field(default_factory=list)
    layouts: list[LayoutFields] = field(default_factory=list)
    messages: list[TextFields] = field(default_factory=list)
    text_bookings: list[TextFields] = field(default_factory=list)
    doc: TomlDoc | None = None

    def placed(self, table: str, index: int, problems: Sequence[Problem]) -> list[Problem]:
        """`problems` of the `index`-th [[table]] (each naming its field, the file's key), placed at the key's line."""
        assert self.doc is not None
        return [replace(p, where=self.doc.place(table, index, p.field)) for p in problems]


def parse_setup(path: str | Path) -> SetupFile:
    """Parse and check a setup file; raise ValidationError listing every problem."""
    doc = TomlDoc(path)
    base = Path(path).resolve().parent
    out = SetupFile(str(path), doc=doc)
    problems: list[Problem | str] = []
    for key in doc.data:
        if key not in KNOWN_TABLES:
            problems.append(doc.problem("", None, key, "setup.unknown_table", "unknown table or field (expected "
                                        "{tables:list})", tables=KNOWN_TABLES))  # fmt: skip
    _screens(doc, out, problems)
    _media(doc, out, base, problems)
    _playlists(doc, out, problems)
    _dayparts(doc, out, problems)
    _advertisers(doc, out, problems)
    _bookings(doc, out, problems)
    out.layouts = read_layouts(doc, problems)
    out.messages = read_texts(doc, "message", problems, out.placed)
    out.text_bookings = read_texts(doc, "text_booking", problems, out.placed)
    _duplicates(doc, out, problems)
    if problems:
        raise ValidationError(problems, source=str(path))
    return out


def _duplicates(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    rows: dict[str, list[Any]] = {
        "screen": out.screens,
        "media": out.media,
        "playlist": out.playlists,
        "daypart": out.dayparts,
        "advertiser": out.advertisers,
        "booking": out.bookings,
        "layout": out.layouts,
        "message": out.messages,
        "text_booking": out.text_bookings,
    }
    for table, items in rows.items():
        seen: set[str] = set()
        for i, item in enumerate(items):
            ident = _ident(item)
            if ident in seen:
                problems.append(doc.problem(table, i, "id", "setup.duplicate_id", "id {value!r} appears twice in this "
                                            "file", value=ident))  # fmt: skip
            seen.add(ident)


def _ident(item: Any) -> str:
    if isinstance(item, DaypartFields | LayoutFields):
        return item.ident
    return str(item.booking_id if isinstance(item, BookingFields) else item.id)


def _keep(out: SetupFile, table: str, i: int, rows: list[Any], row: Any, found: list[Problem],
          problems: list[Problem | str]) -> None:  # fmt: skip
    """Keep a row whose values all have their type, unless its entity's own rules find a problem."""
    if found:
        problems.extend(out.placed(table, i, found))
    else:
        rows.append(row)


def _screens(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "screen", problems)):
        r = TableReader(doc, "screen", i, raw, problems)
        n = len(problems)
        values: dict[str, Any] = {key: r.str(key, required=key in ("id", "name", "zone"), max_len=300)
                                  for key in ("id", "name", "location", "zone", "timezone", "geometry", "hours", "fit",
                                              "standby")}  # fmt: skip
        values["loop_seconds"] = r.int("loop_seconds", required=False)
        values["psa_share"] = r.decimal("psa_share", required=False)
        r.finish()
        if len(problems) == n:
            spec = ScreenFields(**{k: v for k, v in values.items() if v is not None})  # absent: the default
            _keep(out, "screen", i, out.screens, spec, screen_problems(spec), problems)


def _media(doc: TomlDoc, out: SetupFile, base: Path, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "media", problems)):
        r = TableReader(doc, "media", i, raw, problems)
        n = len(problems)
        mid, file, kind = r.str("id"), r.str("file"), r.str("kind")
        seconds = r.int("seconds", required=False, minimum=1, maximum=MAX_IMAGE_SECONDS)
        title = r.str("title", required=False, max_len=300)
        approved_by = r.str("approved_by", required=False, max_len=200)
        r.finish()
        if len(problems) != n or file is None:
            continue
        file_path = (base / file) if not Path(file).is_absolute() else Path(file)
        try:
            prepared = prepare(file_path, seconds)
        except VideotronError as exc:  # named as the file names it, at the key the problem is about
            found = [replace(p, field=p.field or "file", params={**p.params, "path": repr(file)}) for p in exc.problems]
            problems.extend(out.placed("media", i, found))
            continue
        spec = MediaFields(mid, kind, prepared, title or "", approved_by)  # type: ignore[arg-type]
        _keep(out, "media", i, out.media, spec, media_problems(spec), problems)


def _playlists(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "playlist", problems)):
        r = TableReader(doc, "playlist", i, raw, problems)
        n = len(problems)
        pid, name, items = r.str("id"), r.str("name", required=False, default=""), r.str_list("items")
        r.finish()
        if len(problems) == n:
            spec = PlaylistFields(pid, name or pid, items)  # type: ignore[arg-type]
            _keep(out, "playlist", i, out.playlists, spec, playlist_problems(spec), problems)


def _dayparts(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "daypart", problems)):
        r = TableReader(doc, "daypart", i, raw, problems)
        n = len(problems)
        screen, playlist = r.str("screen"), r.str("playlist")
        days = r.str("days", required=False, default="mon-sun")
        start, end = r.str("start"), r.str("end")
        priority = r.int("priority", required=False, default=0)
        did = r.str("id", required=False, max_len=200)
        r.finish()
        if len(problems) == n:
            spec = DaypartFields(screen, playlist, start, end, days, priority, did)  # type: ignore[arg-type]
            _keep(out, "daypart", i, out.dayparts, spec, daypart_problems(spec), problems)


def _advertisers(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "advertiser", problems)):
        r = TableReader(doc, "advertiser", i, raw, problems)
        n = len(problems)
        aid, name = r.str("id"), r.str("name", max_len=300)
        address = r.str("address", required=False, default="")
        npwrd = r.str("npwrd", required=False, default="", max_len=64)
        r.finish()
        if len(problems) == n:
            spec = AdvertiserFields(aid, name, address or "", npwrd or "")  # type: ignore[arg-type]
            _keep(out, "advertiser", i, out.advertisers, spec, advertiser_problems(spec), problems)


def _bookings(doc: TomlDoc, out: SetupFile, problems: list[Problem | str]) -> None:
    for i, raw in enumerate(array_tables(doc, "booking", problems)):
        r = TableReader(doc, "booking", i, raw, problems)
        n = len(problems)
        bid, advertiser, media = r.str("id"), r.str("advertiser"), r.str("media")
        screens, category = r.str_list("screens"), r.str("category")
        plays = r.int("plays_per_day")
        start, end = r.date("start"), r.date("end")
        band = r.str("band", required=False)
        r.finish()
        if len(problems) == n:
            spec = BookingFields(bid, advertiser, media, screens, category, plays, start, end, band)  # type: ignore[arg-type]
            _keep(out, "booking", i, out.bookings, spec, terms_problems(spec), problems)
