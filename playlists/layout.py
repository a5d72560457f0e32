"""Screen layouts: the main region (the plan's video and images) plus optional zones in screen pixels.

A running-text band (`TickerZone`), a clock and date zone (`ClockZone`) and a logo corner (`LogoZone`). A layout
is checked against the screen's pixel size: every zone inside the screen, none overlapping another unless it is
declared an overlay. The plan carries the layouts of its day (`LayoutSpan`) and the running texts (`PlanText`),
so the player runs them offline. Plain Python: no Qt.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from videotron.core.errors import Problem, ValidationError, problem

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
TEXT_KINDS = ("psa", "ad")  # an operator's message | a sold running-text booking (an alert's text is not planned)


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int
    overlay: bool = False  # drawn over the zones under it (the only way two zones may share pixels)

    def overlaps(self, other: Box) -> bool:
        return self.x < other.x + other.w and other.x < self.x + self.w and self.y < other.y + other.h and (
            other.y < self.y + self.h)  # fmt: skip


@dataclass(frozen=True)
class TickerZone:
    box: Box
    font: str = "DejaVu Sans"
    size_px: int = 36
    fg: str = "#FFFFFF"
    bg: str = "#000000"
    speed_px_s: int = 120  # the text advances speed_px_s / refresh rate px per displayed frame (a whole number)
    separator: str = "  •  "


@dataclass(frozen=True)
class ClockZone:
    box: Box
    font: str = "DejaVu Sans"
    size_px: int = 28
    fg: str = "#FFFFFF"
    bg: str = "#000000"
    show_date: bool = True  # "Senin, 30 November 2026" beside "14:05" (the screen's zone)
    show_seconds: bool = False


@dataclass(frozen=True)
class LogoZone:
    box: Box
    media: str  # an image media id (in the plan's media)


@dataclass(frozen=True)
class Layout:
    width: int  # the screen's pixel size (the player's window)
    height: int
    main: Box
    ticker: TickerZone | None = None
    clock: ClockZone | None = None
    logo: LogoZone | None = None

    def zones(self) -> dict[str, Box]:
        found = {"main": self.main}
        for name in ("ticker", "clock", "logo"):
            zone = getattr(self, name)
            if zone is not None:
                found[name] = zone.box
        return found

    def problems(self) -> list[Problem]:
        """What is wrong with this layout, each naming its field ("ticker.h", "clock.fg"...)."""
        found: list[Problem] = []
        if self.width <= 0 or self.height <= 0:
            found.append(problem("layout.size", "the screen size must be positive, got {w}x{h}", "width",
                                 w=self.width, h=self.height))  # fmt: skip
        zones = self.zones()
        for name, box in zones.items():
            if box.w <= 0 or box.h <= 0:
                found.append(problem("layout.zone_size", "zone {zone} must have a positive size, got {w}x{h}",
                                     f"{name}.w", zone=name, w=box.w, h=box.h))  # fmt: skip
            elif box.x < 0 or box.y < 0 or box.x + box.w > self.width or box.y + box.h > self.height:
                found.append(problem("layout.outside", "zone {zone} ({w}x{h}+{x}+{y}) is outside the {sw}x{sh} "
                                     "screen", f"{name}.x", zone=name, w=box.w, h=box.h, x=box.x, y=box.y,
                                     sw=self.width, sh=self.height))  # fmt: skip
        names = list(zones)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if zones[a].overlaps(zones[b]) and not (zones[a].overlay or zones[b].overlay):
                    found.append(problem("layout.overlap", "zones {a} and {b} overlap; declare one an overlay",
                                         f"{b}.y", a=a, b=b))  # fmt: skip
        for name in ("ticker", "clock"):
            zone = getattr(self, name)
            if zone is None:
                continue
            for key in ("fg", "bg"):
                if not COLOUR.fullmatch(getattr(zone, key)):
                    found.append(problem("layout.colour", "must be a colour like #FFCC00, got {value}",
                                         f"{name}.{key}", value=getattr(zone, key)))  # fmt: skip
            if not 6 <= zone.size_px <= zone.box.h:
                found.append(problem("layout.font_size", "must be 6 to {most} px (the zone's height), got {value}",
                                     f"{name}.size_px", most=zone.box.h, value=zone.size_px))  # fmt: skip
        if self.ticker is not None and not 1 <= self.ticker.speed_px_s <= 2000:
            found.append(problem("layout.speed", "must be 1 to 2000 px/s, got {value}", "ticker.speed_px_s",
                                 value=self.ticker.speed_px_s))  # fmt: skip
        return found

    def check(self, source: str = "layout") -> Layout:
        found = self.problems()
        if found:
            raise ValidationError(found, source=source)
        return self

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"width": self.width, "height": self.height, "main": asdict(self.main)}
        for name in ("ticker", "clock", "logo"):
            zone = getattr(self, name)
            out[name] = None if zone is None else {**asdict(zone.box), **{k: v for k, v in asdict(zone).items()
                                                                           if k != "box"}}  # fmt: skip
        return out


def layout_from_dict(data: dict[str, Any]) -> Layout:
    """The plan's (or a form's) layout dict back to a `Layout`; KeyError/TypeError/ValueError when malformed."""

    def box(d: dict[str, Any]) -> Box:
        return Box(int(d["x"]), int(d["y"]), int(d["w"]), int(d["h"]), bool(d.get("overlay", False)))

    def rest(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k not in ("x", "y", "w", "h", "overlay")}

    return Layout(
        width=int(data["width"]), height=int(data["height"]), main=box(data["main"]),
        ticker=TickerZone(box(data["ticker"]), **rest(data["ticker"])) if data.get("ticker") else None,
        clock=ClockZone(box(data["clock"]), **rest(data["clock"])) if data.get("clock") else None,
        logo=LogoZone(box(data["logo"]), **rest(data["logo"])) if data.get("logo") else None,
    )  # fmt: skip


@dataclass(frozen=True)
class LayoutSpan:
    """The layout in force from `start` to `end` of the plan's day (a daypart's own layout, else the screen's)."""

    start: datetime
    end: datetime
    layout: Layout


@dataclass(frozen=True)
class PlanText:
    """One running-text message eligible from `start` to `end`: the band loops through those in force."""

    id: str  # the message's or the running-text booking's id: proof of display is counted by it
    start: datetime
    end: datetime
    text: str
    kind: str  # psa | ad
    booking: str | None = None
    advertiser: str | None = None
