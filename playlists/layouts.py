"""Screen layouts as entered (`LayoutFields`) and their one write path, `save_layout`, whoever enters them: the setup
file's `[[layout]]`, the command line or the desk.

A zone is given in screen pixels (x, y, w, h) or by a `position`: a band "top"/"bottom" across the screen (its `h`),
a corner "top-left", "top-right", "bottom-left", "bottom-right" (its `w` and `h`). Without a `main` zone the video
fills the screen less a band at the top or bottom. The screen's pixel size is its geometry's ("1920x1080+0+0"); a
fullscreen screen's layout names `width` and `height`. The resolved `Layout` is checked (`Layout.problems`, every
problem naming its field: "ticker.h") and stored as its JSON, with the number of sold running texts the band
carries a day (`sold_texts`, the running-text capacity rule, on the screen's default layout).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists import checks
from playlists.layout import Box, ClockZone, Layout, LogoZone, TickerZone, layout_from_dict
from playlists.models import Daypart, Media, Screen, ScreenLayout
from playlists.saving import ID_PATTERN, Saved, refuse, write
from videotron.core.clock import Clock
from videotron.core.errors import Problem, problem
from videotron.core.permissions import authorize

BANDS = ("top", "bottom")
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
ZONES = {"ticker": TickerZone, "clock": ClockZone, "logo": LogoZone}
MAX_SOLD_TEXTS = 100


@dataclass(frozen=True)
class ZoneFields:
    """One zone as entered: a box (x, y, w, h) or a position, plus its style (font, size_px, fg, bg, speed_px_s,
    separator, show_date, show_seconds; media for the logo)."""

    x: int | None = None
    y: int | None = None
    w: int | None = None
    h: int | None = None
    position: str | None = None
    overlay: bool = False
    style: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LayoutFields:
    screen: str
    daypart: str | None = None  # a daypart of this screen: its own layout while it runs
    width: int | None = None  # only for a fullscreen screen (its pixel size is not in its geometry)
    height: int | None = None
    main: ZoneFields | None = None
    ticker: ZoneFields | None = None
    clock: ZoneFields | None = None
    logo: ZoneFields | None = None
    sold_texts: int = 0

    @property
    def ident(self) -> str:
        return f"{self.screen}@{self.daypart}" if self.daypart else self.screen


def screen_size(geometry: str) -> tuple[int, int] | None:
    """The pixel size in a screen's geometry ("1920x1080+0+0"), None for "fullscreen"."""
    m = re.fullmatch(r"(\d+)x(\d+)\+\d+\+\d+", geometry)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _box(out: list[Problem], name: str, z: ZoneFields, width: int, height: int) -> Box | None:
    if z.position is not None:
        if z.position not in (BANDS if name == "ticker" else CORNERS if name != "main" else ()):
            choices = BANDS if name == "ticker" else CORNERS if name != "main" else ()
            out.append(problem("layout.position", "{value!r} is not a position of this zone (use {choices:list}, or "
                               "x, y, w and h)", f"{name}.position", value=z.position, choices=choices))  # fmt: skip
            return None
        need = ("h",) if name == "ticker" else ("w", "h")
        missing = [k for k in need if getattr(z, k) is None]
        for k in missing:
            out.append(problem("field.required", "is required", f"{name}.{k}"))
        if missing:
            return None
        h = z.h or 0
        w = width if name == "ticker" else z.w or 0
        x = 0 if z.position in ("top", "bottom", "top-left", "bottom-left") else width - w
        y = 0 if z.position.startswith("top") else height - h
        return Box(x, y, w, h, z.overlay)
    missing = [k for k in ("x", "y", "w", "h") if getattr(z, k) is None]
    for k in missing:
        out.append(problem("layout.box_or_position", "is required (or give a position)", f"{name}.{k}"))
    return None if missing else Box(z.x or 0, z.y or 0, z.w or 0, z.h or 0, z.overlay)


def _main(f: LayoutFields, ticker: Box | None, width: int, height: int, out: list[Problem]) -> Box | None:
    if f.main is not None:
        return _box(out, "main", f.main, width, height)
    if ticker is None or ticker.overlay or ticker.w != width or ticker.y < 0 or ticker.h >= height:
        return Box(0, 0, width, height)  # (a band that does not fit is reported as such, not as the main region)
    if ticker.y == 0:
        return Box(0, ticker.h, width, max(height - ticker.h, 0))
    return Box(0, 0, width, ticker.y) if ticker.y + ticker.h == height else Box(0, 0, width, height)


def resolve(f: LayoutFields, size: tuple[int, int] | None) -> tuple[Layout | None, list[Problem]]:
    """The layout these fields describe on a screen of `size` pixels (None: fullscreen), or its problems."""
    out: list[Problem] = []
    if size is None and (f.width is None or f.height is None):
        out.append(problem("layout.size_needed", "screen {screen} is fullscreen: give the layout's width and height "
                           "(the screen's pixels)", "width", screen=f.screen))  # fmt: skip
        return None, out
    if size is not None and f.width is not None and (f.width, f.height) != size:
        out.append(problem("layout.size_differs", "the screen's geometry is {w}x{h}; leave width and height out",
                           "width", w=size[0], h=size[1]))  # fmt: skip
        return None, out
    width, height = size or (f.width or 0, f.height or 0)
    placed = {n: _box(out, n, z, width, height) for n in ZONES if (z := getattr(f, n)) is not None}
    boxes = {n: b for n, b in placed.items() if b is not None}  # the zones that could be placed are checked too
    main = _main(f, boxes.get("ticker"), width, height, out)
    checks.within(out, "sold_texts", f.sold_texts, 0, MAX_SOLD_TEXTS)
    if main is None:
        return None, out
    zones: dict[str, Any] = {}
    for name, box in boxes.items():
        try:
            zones[name] = ZONES[name](box, **getattr(f, name).style)
        except TypeError:  # a key the zone does not have: the readers pass only known keys
            out.append(problem("field.unknown", "unknown field (typo?)", name))
    layout = Layout(width, height, main, zones.get("ticker"), zones.get("clock"), zones.get("logo"))
    found = layout.problems()
    bad = {p.params["zone"] for p in found if p.code in ("layout.outside", "layout.zone_size")}
    found = [p for p in found if p.code != "layout.overlap" or not bad & {p.params["a"], p.params["b"]}]
    found = [_positioned(p, f, width, height) for p in found]  # (an overlap of a zone that fits nowhere: noise)
    return (None if out or found else layout), out + found


def _positioned(p: Problem, f: LayoutFields, width: int, height: int) -> Problem:
    """A zone placed by `position` is outside the screen because of its size: name the size, not x."""
    name = (p.field or "").split(".")[0]
    zone = getattr(f, name, None) if name in ZONES else None
    if p.code != "layout.outside" or zone is None or zone.position is None:
        return p
    return replace(p, field=f"{name}.h" if (zone.h or 0) > height or zone.w is None else f"{name}.w")


def layout_problems(session: Session, f: LayoutFields) -> tuple[Layout | None, list[Problem]]:
    """The layout and what is wrong with it: the screen, the daypart (of this screen), the logo's image, the zones."""
    out: list[Problem] = []
    if not checks.matches(out, "screen", f.screen, ID_PATTERN):
        return None, out
    screen = session.get(Screen, f.screen)
    if screen is None:
        return None, [problem("screen.not_found", "screen {value!r} does not exist", "screen", value=f.screen)]
    if f.daypart is not None:
        part = session.get(Daypart, f.daypart)
        if part is None or part.screen_id != f.screen:
            out.append(problem("layout.daypart", "screen {screen} has no daypart {value!r}", "daypart",
                               screen=f.screen, value=f.daypart))  # fmt: skip
        if f.sold_texts:
            out.append(problem("layout.sold_texts_daypart", "sold running texts are counted per day: set sold_texts "
                               "on the screen's own layout (without a daypart)", "sold_texts"))  # fmt: skip
    logo = f.logo.style.get("media") if f.logo is not None else None
    if logo is not None:
        media = session.get(Media, logo)
        if media is None or not media.is_image:
            out.append(problem("layout.logo_media", "{value!r} is not an image in the media library", "logo.media",
                               value=logo))  # fmt: skip
    layout, found = resolve(f, screen_size(screen.geometry))
    return layout, out + found


def save_layout(session: Session, f: LayoutFields, *, actor: str, clock: Clock) -> Saved[ScreenLayout]:
    """Create or update a screen's layout (its default, or a daypart's); refused whole, naming every field."""
    authorize(session, actor, "setup.load")
    layout, problems = layout_problems(session, f)
    refuse(problems, f"layout {f.ident}")
    assert layout is not None
    values = {"screen_id": f.screen, "daypart_id": f.daypart, "sold_texts": f.sold_texts,
              "layout_json": json.dumps(layout.to_dict(), sort_keys=True, ensure_ascii=False)}  # fmt: skip
    return write(session, ScreenLayout, f.ident, values, entity="layout", actor=actor, clock=clock)


def layouts_of(session: Session, screen_id: str) -> list[tuple[str | None, Layout, int]]:
    """A screen's layouts as (daypart or None, layout, sold texts a day), its default first."""
    rows = session.scalars(select(ScreenLayout).where(ScreenLayout.screen_id == screen_id)).all()
    rows = sorted(rows, key=lambda r: (r.daypart_id is not None, r.daypart_id or ""))
    return [(r.daypart_id, layout_from_dict(json.loads(r.layout_json)), r.sold_texts) for r in rows]
