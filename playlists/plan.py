"""A compiled plan: what one screen shows at every moment of one day, and its self-contained JSON form.

The JSON is the contract between the compiler (`videotron plan ... --json/--out`) and the player, which can
run from the file with no database. Times are ISO 8601 with the screen's UTC offset, milliseconds when not
whole seconds. Durations inside the program are integer milliseconds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playlists.layout import LayoutSpan, PlanText, layout_from_dict
from videotron.core.errors import ValidationError
from videotron.core.zones import zone

PLAN_FORMAT = 1


@dataclass(frozen=True)
class PlanMedia:
    """What the player needs to find, verify and show one media item."""

    id: str
    path: str  # absolute path of the stored file
    sha256: str
    kind: str  # ad | psa | filler
    is_image: bool
    duration_ms: int
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class PlanItem:
    start: datetime  # timezone-aware, screen's zone
    end: datetime
    media: str
    kind: str  # ad | psa | filler
    booking: str | None = None
    advertiser: str | None = None

    @property
    def duration_ms(self) -> int:
        # Through UTC: Python subtracts two datetimes sharing a tzinfo as wall-clock times, wrong across DST.
        return round((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() * 1000)


@dataclass(frozen=True)
class Plan:
    screen: str
    date: date
    timezone: str
    items: list[PlanItem]
    media: dict[str, PlanMedia] = field(default_factory=dict)
    geometry: str = "fullscreen"
    fit: str = "contain"
    open_at: datetime | None = None  # operating hours of this day (None: closed all day)
    close_at: datetime | None = None
    standby_media: str | None = None
    layouts: list[LayoutSpan] = field(default_factory=list)  # none: the main region fills the window
    texts: list[PlanText] = field(default_factory=list)  # the running texts of the day (the ticker band)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def item_at(self, moment: datetime) -> tuple[int, PlanItem] | None:
        """The item on air at `moment` (aware), by binary search; None outside the items."""
        items = self.items
        lo, hi = 0, len(items)
        while lo < hi:
            mid = (lo + hi) // 2
            if items[mid].end <= moment:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(items) and items[lo].start <= moment < items[lo].end:
            return lo, items[lo]
        return None

    def to_dict(self, with_media: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": PLAN_FORMAT,
            "screen": self.screen,
            "date": self.date.isoformat(),
            "timezone": self.timezone,
            "geometry": self.geometry,
            "fit": self.fit,
            "open_at": iso(self.open_at) if self.open_at else None,
            "close_at": iso(self.close_at) if self.close_at else None,
            "standby_media": self.standby_media,
            "items": [
                {
                    "start": iso(i.start),
                    "end": iso(i.end),
                    "media": i.media,
                    "kind": i.kind,
                    "booking": i.booking,
                    "advertiser": i.advertiser,
                }
                for i in self.items
            ],
        }
        if self.layouts:  # only when there are any: a plan without zones keeps its old form (and fingerprint)
            out["layouts"] = [{"start": iso(s.start), "end": iso(s.end), "layout": s.layout.to_dict()}
                              for s in self.layouts]  # fmt: skip
        if self.texts:
            out["texts"] = [{"id": t.id, "start": iso(t.start), "end": iso(t.end), "text": t.text, "kind": t.kind,
                             "booking": t.booking, "advertiser": t.advertiser} for t in self.texts]  # fmt: skip
        if with_media:
            out["media"] = {k: asdict(v) for k, v in sorted(self.media.items())}
        return out

    def to_json(self, with_media: bool = True) -> str:
        return json.dumps(self.to_dict(with_media), ensure_ascii=False, indent=1, sort_keys=False) + "\n"

    def layout_at(self, moment: datetime) -> LayoutSpan | None:
        return next((s for s in self.layouts if s.start <= moment < s.end), None)

    def texts_at(self, moment: datetime) -> list[PlanText]:
        """The running texts in force at `moment`, in the plan's order (the band's loop)."""
        return [t for t in self.texts if t.start <= moment < t.end]

    def fingerprint(self) -> str:
        """sha256 of the canonical JSON: equal plans, equal fingerprints (used to notice plan changes)."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("plan times must be timezone-aware")
    spec = "milliseconds" if moment.microsecond else "seconds"
    return moment.isoformat(timespec=spec)


def plan_from_dict(data: dict[str, Any], source: str = "plan") -> Plan:
    try:
        tz = zone(data["timezone"])  # ValueError for "Asia" or "../etc", never an OS error
        items = [
            PlanItem(
                start=_aware(it["start"], tz),
                end=_aware(it["end"], tz),
                media=str(it["media"]),
                kind=str(it["kind"]),
                booking=it.get("booking"),
                advertiser=it.get("advertiser"),
            )
            for it in data["items"]
        ]
        media = {k: PlanMedia(**v) for k, v in data.get("media", {}).items()}
        return Plan(
            screen=str(data["screen"]), date=date.fromisoformat(data["date"]), timezone=data["timezone"],
            items=items, media=media, geometry=data.get("geometry", "fullscreen"), fit=data.get("fit", "contain"),
            open_at=_aware(data["open_at"], tz) if data.get("open_at") else None,
            close_at=_aware(data["close_at"], tz) if data.get("close_at") else None,
            standby_media=data.get("standby_media"),
            layouts=[LayoutSpan(_aware(s["start"], tz), _aware(s["end"], tz), layout_from_dict(s["layout"]))
                     for s in data.get("layouts", [])],
            texts=[PlanText(str(t["id"]), _aware(t["start"], tz), _aware(t["end"], tz), str(t["text"]), str(t["kind"]),
                            t.get("booking"), t.get("advertiser")) for t in data.get("texts", [])],
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError("plan.invalid", "{file}: not a valid videotron plan ({kind}: {detail})", file=source,
                              kind=type(exc).__name__, detail=str(exc)) from None  # fmt: skip


def _aware(text: str, tz: ZoneInfo) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time {text!r} has no UTC offset")
    return moment.astimezone(tz)


def load_plan_file(path: str | Path) -> Plan:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError("plan.file_not_found", "{path}: file not found", path=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("plan.unreadable", "{path}: not readable as a JSON plan: {detail}", path=path,
                              detail=str(exc)) from None  # fmt: skip
    if not isinstance(data, dict):
        raise ValidationError("plan.not_object", "{path}: not a JSON plan object", path=path)
    return plan_from_dict(data, str(path))
