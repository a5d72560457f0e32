"""BMKG's own earthquake feed (`autogempa.xml` / `autogempa.json` from data.bmkg.go.id): the latest felt
earthquake as Infogempa/gempa with Tanggal, Jam, DateTime, Coordinates, Lintang, Bujur, Magnitude, Kedalaman,
Wilayah, Potensi, Dirasakan, Shakemap.

An alert starts when the magnitude reaches the threshold and the quake is recent (the feed keeps showing the
latest quake for days, so a watcher started later must not raise an old one). The quake's DateTime is the
alert's `source_ref`: reading the same feed again never starts a second alert.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from videotron.alerts.models import Alert
from videotron.alerts.service import start_alert, started_line
from videotron.alerts.xmlsafe import FeedRefused, parse_xml
from videotron.core.clock import Clock
from videotron.core.errors import Place
from videotron.core.i18n import say

DEFAULT_MIN_MAGNITUDE = Decimal("5.0")
DEFAULT_MAX_AGE = timedelta(hours=1)
DEFAULT_MINUTES = 30
FIELDS = ("Tanggal", "Jam", "DateTime", "Coordinates", "Lintang", "Bujur", "Magnitude", "Kedalaman", "Wilayah",
          "Potensi", "Dirasakan", "Shakemap")  # fmt: skip


@dataclass(frozen=True)
class Quake:
    when: datetime
    magnitude: Decimal
    tanggal: str = ""
    jam: str = ""
    coordinates: str = ""
    lintang: str = ""
    bujur: str = ""
    kedalaman: str = ""
    wilayah: str = ""
    potensi: str = ""
    dirasakan: str = ""
    shakemap: str = ""

    @property
    def ref(self) -> str:
        return self.when.isoformat()

    @property
    def tsunami(self) -> bool:
        text = self.potensi.lower()
        return "tsunami" in text and "tidak berpotensi" not in text

    def title(self) -> str:
        return "PERINGATAN DINI TSUNAMI" if self.tsunami else "PERINGATAN GEMPA BUMI"

    def message(self) -> str:
        """The alert text in Indonesian: magnitude with a decimal comma, time, place, depth, potential."""
        mag = format(self.magnitude, "f").replace(".", ",")
        parts = [f"Gempa Mag {mag}, {self.tanggal} {self.jam}".strip()]
        where = ", ".join(p for p in (f"{self.lintang} - {self.bujur}" if self.lintang else "", self.wilayah) if p)
        if where:
            parts.append(f"Lokasi: {where}")
        if self.kedalaman:
            parts.append(f"Kedalaman {self.kedalaman}")
        if self.potensi:
            parts.append(f"Potensi: {self.potensi}")
        if self.dirasakan and self.dirasakan != "-":
            parts.append(f"Dirasakan: {self.dirasakan}")
        parts.append("Tetap tenang, jauhi bangunan yang retak, ikuti arahan petugas BPBD")
        return ". ".join(p.rstrip(".") for p in parts) + "."


def _fields_from_xml(data: bytes, source: str) -> dict[str, str]:
    root = parse_xml(data, source)
    gempa = root if root.tag == "gempa" else root.find("gempa")
    if root.tag not in ("Infogempa", "gempa") or gempa is None:
        raise FeedRefused("bmkg.not_autogempa_xml", "not a BMKG autogempa message (expected <Infogempa><gempa>, got "
                          "<{root}>)", where=Place(source), root=root.tag)  # fmt: skip
    out = {el.tag: (el.text or "").strip() for el in gempa if len(el) == 0}
    point = gempa.find("point/coordinates")
    if point is not None and point.text:
        out.setdefault("Coordinates", point.text.strip())
    return out


def _fields_from_json(data: bytes, source: str) -> dict[str, str]:
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedRefused(
            "bmkg.malformed_json", "malformed JSON: {reason}", where=Place(source), reason=str(exc)
        ) from None
    gempa = doc.get("Infogempa", {}).get("gempa") if isinstance(doc, dict) else None
    if isinstance(gempa, list):  # gempaterkini.json lists quakes; autogempa.json holds one
        gempa = gempa[0] if gempa else None
    if not isinstance(gempa, dict):
        raise FeedRefused("bmkg.not_autogempa_json", "not a BMKG autogempa message (expected Infogempa.gempa)",
                          where=Place(source))  # fmt: skip
    return {k: str(v).strip() for k, v in gempa.items() if isinstance(v, str | int | float)}


def parse_bmkg(data: bytes, source: str = "BMKG feed") -> Quake:
    """Parse autogempa.xml or autogempa.json (told apart by their first character)."""
    head = data.lstrip()[:1]
    fields = _fields_from_json(data, source) if head in (b"{", b"[") else _fields_from_xml(data, source)
    where = Place(source)
    missing = [f for f in ("DateTime", "Magnitude") if not fields.get(f)]
    if missing:
        raise FeedRefused("bmkg.missing", "BMKG message without {names:list}", where=where, names=missing)
    try:
        when = datetime.fromisoformat(fields["DateTime"])
    except ValueError:
        raise FeedRefused("bmkg.not_a_time", "DateTime {text!r} is not an ISO date-time", where=where,
                          text=fields["DateTime"]) from None  # fmt: skip
    if when.tzinfo is None:
        raise FeedRefused("bmkg.no_offset", "DateTime {text!r} has no UTC offset", where=where, text=fields["DateTime"])
    try:
        magnitude = Decimal(fields["Magnitude"].replace(",", "."))
    except InvalidOperation:
        raise FeedRefused("bmkg.magnitude", "Magnitude {text!r} is not a number", where=where,
                          text=fields["Magnitude"]) from None  # fmt: skip
    return Quake(when=when, magnitude=magnitude, **{f.lower(): fields.get(f, "") for f in FIELDS
                                                   if f not in ("DateTime", "Magnitude")})  # fmt: skip


@dataclass
class BmkgResult:
    started: Alert | None = None
    duplicate: Alert | None = None

    def summary(self, language: str, zone: ZoneInfo) -> str:
        """What happened, in one line in `language`."""
        if self.duplicate is not None:
            return say(language, "bmkg.duplicate", "quake of {when} already started alert {id}: nothing to do",
                       when=self.duplicate.source_ref, id=self.duplicate.id)  # fmt: skip
        assert self.started is not None
        return started_line(language, self.started, zone)


def apply_bmkg(session: Session, quake: Quake, *, clock: Clock, actor: str,
               min_magnitude: Decimal = DEFAULT_MIN_MAGNITUDE, max_age: timedelta = DEFAULT_MAX_AGE,
               minutes: float = DEFAULT_MINUTES, screen_ids: list[str] | None = None,
               source: str = "BMKG feed") -> BmkgResult:  # fmt: skip
    """Start the alert for a quake at or above the threshold and not older than `max_age` (FeedRefused if not)."""
    now = clock.now()
    same = session.scalar(select(Alert).where(Alert.source == "bmkg", Alert.source_ref == quake.ref).limit(1))
    if same is not None:
        return BmkgResult(duplicate=same)
    if quake.magnitude < min_magnitude:
        raise FeedRefused("bmkg.below_threshold", "magnitude {magnitude} is below the threshold {minimum}: no alert",
                          where=Place(source), magnitude=quake.magnitude, minimum=min_magnitude)  # fmt: skip
    if now - quake.when > max_age:
        raise FeedRefused("bmkg.too_old", "the quake of {when} is older than {minutes:g} minutes: no alert",
                          where=Place(source), when=quake.when.isoformat(),
                          minutes=max_age.total_seconds() / 60)  # fmt: skip
    alert = start_alert(session, message=quake.message(), title=quake.title(), clock=clock, actor=actor,
                        screen_ids=screen_ids, minutes=minutes, source="bmkg", source_ref=quake.ref,
                        severity="Extreme" if quake.tsunami else "Severe", area=quake.wilayah)  # fmt: skip
    return BmkgResult(started=alert)
