"""The setup file's running-text tables: `[[layout]]` (with `[layout.main]`, `[layout.ticker]`, `[layout.clock]`,
`[layout.logo]`), `[[message]]` and `[[text_booking]]`. Only types are checked here, each problem at its key's line
("ticker.h" is the `h` under that layout's `[layout.ticker]`); the entities' own rules run in their `save_*`
functions (`playlists.layouts`, `playlists.running_texts`), whose problems `setup_load` places the same way.

    [[layout]]
    screen = "alun-alun"
    sold_texts = 4              # sold running texts a day (the running-text capacity)
    [layout.ticker]
    position = "bottom"         # or x, y, w, h in screen pixels
    h = 64
    speed_px_s = 120
"""

from __future__ import annotations

import builtins
from typing import Any

from playlists.layouts import MAX_SOLD_TEXTS, LayoutFields, ZoneFields
from playlists.running_texts import MAX_TEXT, TextFields, text_problems
from videotron.core.errors import Problem
from videotron.core.tomlsrc import TableReader, TomlDoc, array_tables

MAX_PX = 100_000
STYLE: dict[str, dict[str, str]] = {  # each zone's style keys and their type
    "main": {},
    "ticker": {"font": "str", "size_px": "int", "fg": "str", "bg": "str", "speed_px_s": "int", "separator": "str"},
    "clock": {"font": "str", "size_px": "int", "fg": "str", "bg": "str", "show_date": "bool", "show_seconds": "bool"},
    "logo": {"media": "str"},
}


class ZoneReader(TableReader):
    """A `[layout.<zone>]` table's fields, each problem naming "<zone>.<key>" at its line."""

    def __init__(self, doc: TomlDoc, index: int, zone: str, data: Any, problems: list[Problem | str]) -> None:
        super().__init__(doc, "layout", index, data, problems)
        self.zone = zone

    def problem(self, key: builtins.str | None, code: builtins.str, text: builtins.str | None = None,
                **params: Any) -> None:  # fmt: skip
        super().problem(self.zone if key is None else f"{self.zone}.{key}", code, text, **params)


def _zone(doc: TomlDoc, i: int, name: str, raw: Any, problems: list[Problem | str]) -> ZoneFields | None:
    r = ZoneReader(doc, i, name, raw, problems)
    n = len(problems)
    box = {k: r.int(k, required=False, minimum=-MAX_PX, maximum=MAX_PX) for k in ("x", "y", "w", "h")}
    if box["h"] is None and r.has("height"):
        box["h"] = r.int("height", minimum=-MAX_PX, maximum=MAX_PX)
    position = r.str("position", required=False, max_len=20) if name != "main" else None
    overlay = r.bool("overlay", default=False)
    style: dict[str, Any] = {}
    for key, kind in STYLE[name].items():
        if kind == "int":
            value: Any = r.int(key, required=False, minimum=0, maximum=MAX_PX)
        elif kind == "bool":
            value = r.bool(key)
        else:
            value = r.str(key, required=name == "logo", max_len=200)
        if value is not None:
            style[key] = value
    r.finish()
    if len(problems) != n:
        return None
    return ZoneFields(box["x"], box["y"], box["w"], box["h"], position, bool(overlay), style)


def read_layouts(doc: TomlDoc, problems: list[Problem | str]) -> list[LayoutFields]:
    out: list[LayoutFields] = []
    for i, raw in enumerate(array_tables(doc, "layout", problems)):
        r = TableReader(doc, "layout", i, raw, problems)
        n = len(problems)
        screen, daypart = r.str("screen"), r.str("daypart", required=False, max_len=200)
        width = r.int("width", required=False, minimum=1, maximum=MAX_PX)
        height = r.int("height", required=False, minimum=1, maximum=MAX_PX)
        sold = r.int("sold_texts", required=False, default=0, minimum=0, maximum=MAX_SOLD_TEXTS)
        zones = {name: _zone(doc, i, name, r.raw(name), problems) for name in STYLE if r.has(name)}
        r.finish()
        if len(problems) == n:
            out.append(LayoutFields(screen, daypart, width, height, sold_texts=sold or 0, **zones))  # type: ignore[arg-type]
    return out


def read_texts(doc: TomlDoc, table: str, problems: list[Problem | str], place: Any) -> list[TextFields]:
    """`[[message]]` (table "message") or `[[text_booking]]` rows, each checked by `text_problems`."""
    sold = table == "text_booking"
    out: list[TextFields] = []
    for i, raw in enumerate(array_tables(doc, table, problems)):
        r = TableReader(doc, table, i, raw, problems)
        n = len(problems)
        tid, text, screens = r.str("id"), r.str("text", max_len=MAX_TEXT), r.str_list("screens")
        start, end = r.date("start"), r.date("end")
        band = r.str("band", required=False)
        advertiser = r.str("advertiser") if sold else None
        category = r.str("category") if sold else None
        r.finish()
        if len(problems) != n:
            continue
        spec = TextFields(tid, text, screens, start, end, band, advertiser, category)  # type: ignore[arg-type]
        found = text_problems(spec)
        problems.extend(place(table, i, found))
        if not found:
            out.append(spec)
    return out
