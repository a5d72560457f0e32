"""OASIS Common Alerting Protocol 1.2 (the format BMKG and other national agencies publish): parse a message,
check it can go on air now, and start, update or cancel the alert it describes.

Refused, with the reason: malformed XML, a DOCTYPE or entities, another namespace (CAP 1.1), missing required
elements, status other than Actual (Exercise, System, Test, Draft), msgType Ack/Error, an expired message.
An `info` block in Indonesian is preferred when a message carries several languages.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from videotron.alerts.models import Alert
from videotron.alerts.service import DEFAULT_MINUTES, start_alert, started_line, stop_alert
from videotron.alerts.xmlsafe import FeedRefused, parse_xml
from videotron.core.clock import Clock
from videotron.core.errors import Place
from videotron.core.i18n import say

NS = "urn:oasis:names:tc:emergency:cap:1.2"
_Q = "{" + NS + "}"
REQUIRED = ("identifier", "sender", "sent", "status", "msgType", "scope")


@dataclass(frozen=True)
class CapMessage:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str
    references: tuple[tuple[str, str], ...] = ()  # (sender, identifier) of earlier messages
    event: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    severity: str = ""
    urgency: str = ""
    certainty: str = ""
    area: str = ""
    language: str = ""
    onset: datetime | None = None
    effective: datetime | None = None
    expires: datetime | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """How the alert table names this message (CAP references use sender and identifier)."""
        return f"{self.sender},{self.identifier}"


def _time(text: str | None, what: str, source: str) -> datetime | None:
    if text is None or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise FeedRefused("cap.not_a_time", "<{element}> {text!r} is not a CAP date-time", where=Place(source),
                          element=what, text=text.strip()) from None  # fmt: skip
    if moment.tzinfo is None:
        raise FeedRefused("cap.no_offset", "<{element}> {text!r} has no UTC offset", where=Place(source), element=what,
                          text=text.strip())  # fmt: skip
    return moment


def _text(parent: ET.Element, tag: str) -> str:
    el = parent.find(_Q + tag)
    return (el.text or "").strip() if el is not None else ""


def _pick_info(infos: list[ET.Element]) -> ET.Element | None:
    for info in infos:
        if _text(info, "language").lower().startswith("id"):
            return info
    return infos[0] if infos else None


def parse_cap(data: bytes, source: str = "CAP message") -> CapMessage:
    """Parse a CAP 1.2 message (no check against the clock: see `check_cap`)."""
    root = parse_xml(data, source)
    where = Place(source)
    if not root.tag.endswith("}alert") and root.tag != "alert":
        raise FeedRefused("cap.not_cap", "not a CAP message (root element <{root}>, expected <alert>)", where=where,
                          root=root.tag)  # fmt: skip
    if root.tag != _Q + "alert":
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "no namespace"
        raise FeedRefused("cap.namespace", "CAP namespace {namespace!r} is not supported; expected {expected} (CAP "
                          "1.2)", where=where, namespace=ns, expected=NS)  # fmt: skip
    missing = [t for t in REQUIRED if not _text(root, t)]
    if missing:
        raise FeedRefused("cap.missing", "invalid CAP 1.2: missing <{elements}>", where=where,
                          elements=">, <".join(missing))  # fmt: skip
    sent = _time(_text(root, "sent"), "sent", source)
    assert sent is not None
    refs = []
    for item in _text(root, "references").split():
        parts = item.split(",")
        if len(parts) != 3:
            raise FeedRefused("cap.reference", "<references> entry {item!r} is not sender,identifier,sent", where=where,
                              item=item)  # fmt: skip
        refs.append((parts[0], parts[1]))
    info = _pick_info(root.findall(_Q + "info"))
    area = ""
    values: dict[str, str] = {}
    if info is not None:
        for tag in ("event", "headline", "description", "instruction", "severity", "urgency", "certainty",
                    "language", "onset", "effective", "expires"):  # fmt: skip
            values[tag] = _text(info, tag)
        area = "; ".join(_text(a, "areaDesc") for a in info.findall(_Q + "area") if _text(a, "areaDesc"))
    return CapMessage(
        identifier=_text(root, "identifier"), sender=_text(root, "sender"), sent=sent, status=_text(root, "status"),
        msg_type=_text(root, "msgType"), scope=_text(root, "scope"), references=tuple(refs),
        event=values.get("event", ""), headline=values.get("headline", ""),
        description=values.get("description", ""), instruction=values.get("instruction", ""),
        severity=values.get("severity", ""), urgency=values.get("urgency", ""), certainty=values.get("certainty", ""),
        area=area, language=values.get("language", ""),
        onset=_time(values.get("onset"), "onset", source),
        effective=_time(values.get("effective"), "effective", source),
        expires=_time(values.get("expires"), "expires", source),
    )  # fmt: skip


def check_cap(msg: CapMessage, now: datetime, source: str = "CAP message") -> None:
    """Refuse a message that must not go on air at `now` (FeedRefused with the reason)."""
    where = Place(source)
    if msg.status != "Actual":
        raise FeedRefused("cap.not_actual", "status {status!r} is not an actual alert (only status Actual goes on "
                          "air)", where=where, status=msg.status)  # fmt: skip
    if msg.msg_type not in ("Alert", "Update", "Cancel"):
        raise FeedRefused("cap.msg_type", "msgType {kind!r} carries no alert (Alert, Update or Cancel expected)",
                          where=where, kind=msg.msg_type)  # fmt: skip
    if msg.msg_type in ("Update", "Cancel") and not msg.references:
        raise FeedRefused("cap.no_references", "a {kind} message must name the message it replaces in <references>",
                          where=where, kind=msg.msg_type)  # fmt: skip
    if msg.msg_type == "Cancel":
        return
    if not (msg.headline or msg.event):
        raise FeedRefused("cap.nothing_to_show", "invalid CAP 1.2: no <info> with a <headline> or <event> to show",
                          where=where)  # fmt: skip
    if msg.expires is not None and msg.expires <= now:
        local_now = now.astimezone(msg.expires.tzinfo).isoformat(timespec="seconds")
        raise FeedRefused("cap.expired", "expired at {expires} (now {now})", where=where,
                          expires=msg.expires.isoformat(), now=local_now)  # fmt: skip


@dataclass
class CapResult:
    started: Alert | None = None
    stopped: list[Alert] = field(default_factory=list)
    duplicate: Alert | None = None

    def summary(self, language: str, zone: ZoneInfo) -> str:
        """What happened, in one line in `language`."""
        if self.duplicate is not None:
            return say(language, "cap.duplicate", "already started as alert {id}: nothing to do", id=self.duplicate.id)
        parts = [say(language, "alert.stopped_one", "stopped alert {id}", id=a.id) for a in self.stopped]
        if self.started is not None:
            parts.append(started_line(language, self.started, zone))
        return "; ".join(parts) or say(language, "cap.nothing_on_air", "no alert of those it references is on air: "
                                       "nothing to do")  # fmt: skip


def apply_cap(session: Session, msg: CapMessage, *, clock: Clock, actor: str, screen_ids: list[str] | None = None,
              default_minutes: float = DEFAULT_MINUTES, source: str = "CAP message") -> CapResult:  # fmt: skip
    """Start (Alert), replace (Update) or stop (Cancel) the alert of a checked CAP message."""
    now = clock.now()
    check_cap(msg, now, source)
    result = CapResult()
    same = session.scalar(select(Alert).where(Alert.source == "cap", Alert.source_ref == msg.ref).limit(1))
    if same is not None:
        result.duplicate = same
        return result
    for sender, identifier in msg.references:
        live = select(Alert).where(
            Alert.source == "cap",
            Alert.source_ref == f"{sender},{identifier}",
            Alert.stopped_at.is_(None),
            Alert.ends_at > now,
        )
        for alert in list(session.scalars(live)):
            result.stopped += stop_alert(session, alert.id, clock=clock, actor=actor)
    if msg.msg_type == "Cancel":
        return result
    text = "\n".join(t for t in (msg.description, msg.instruction) if t) or msg.headline or msg.event
    starts = max(msg.onset or msg.effective or now, now)  # a future onset schedules the alert
    result.started = start_alert(
        session, message=text, title=msg.headline or msg.event, clock=clock, actor=actor, screen_ids=screen_ids,
        ends_at=msg.expires, minutes=None if msg.expires else default_minutes, starts_at=starts, source="cap",
        source_ref=msg.ref, severity=msg.severity, area=msg.area,
    )  # fmt: skip
    return result
