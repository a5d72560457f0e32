"""What a proof-of-play report holds: per booking line (a booking on a screen) its days, each with plays booked,
played, failed, skipped and never logged, the make-goods granted and owed; totals per line, per screen and for the
report; and why a day fell short, in the report's language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from billing.lifecycle_models import Settlement
from billing.reports.labels import labels
from billing.reports.period import Month
from billing.reports.text_delivery import TextDeliveryLine
from playlists.makegoods import ALERT_REASON
from playlists.models import Advertiser


class Total:
    """A read-only total: the sum of the attribute of the same name over the parts (a line's days, a report's
    lines). `booked = Total("days")` in a class reads `sum(d.booked for d in self.days)`."""

    def __init__(self, parts: str) -> None:
        self.parts = parts

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> int:
        if obj is None:  # asked of the class, not of a line or report
            raise AttributeError(self.name)
        return int(sum(getattr(part, self.name) for part in getattr(obj, self.parts)))


@dataclass
class DeliveryDay:
    day: date
    booked: int
    played: int = 0
    failed: int = 0
    skipped: int = 0
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (outcome, player reason) -> plays
    makegood_granted: int = 0  # extra plays granted this day to make up for alert-skipped ones

    @property
    def alert_skipped(self) -> int:
        """Plays an emergency alert displaced (owed back as make-goods)."""
        return self.reasons.get(("skipped", ALERT_REASON), 0)

    @property
    def made_good(self) -> int:
        """Granted make-good plays that aired: the plays beyond the booked ones, up to the grant."""
        return min(self.makegood_granted, max(self.played - self.booked, 0))

    @property
    def logged(self) -> int:
        return self.played + self.failed + self.skipped

    @property
    def missing(self) -> int:
        """Booked plays with no record at all: the screen or its player was off."""
        return max(self.booked - self.logged, 0)

    @property
    def shortfall(self) -> int:
        return max(self.booked - self.played, 0)

    @property
    def delivered(self) -> int:
        """Plays that count towards the booking: extra plays on a day make up for nothing."""
        return min(self.played, self.booked)


@dataclass(frozen=True)
class ScreenDelivery:
    """Plays booked and delivered on one screen (the delivery chart's bars)."""

    screen_id: str
    screen_name: str
    booked: int
    delivered: int  # played, counting at most the booked plays of each day


@dataclass
class DeliveryLine:
    """One booking on one screen for the month."""

    booking_id: str
    advertiser_id: str
    advertiser_name: str
    media_title: str
    plays_per_day: int
    screen_id: str
    screen_name: str
    days: list[DeliveryDay]
    owed_before: int = 0  # make-good plays owed at the start of the month

    # Totals over the line's days.
    booked, played, delivered, shortfall = Total("days"), Total("days"), Total("days"), Total("days")
    failed, skipped, missing = Total("days"), Total("days"), Total("days")
    alert_skipped, made_good = Total("days"), Total("days")  # alert-displaced plays; make-goods that aired

    @property
    def makegood_owed(self) -> int:
        """Make-good plays still owed at the end of the month (or of the report's last day)."""
        return self.owed_after()[-1] if self.days else self.owed_before

    def owed_after(self) -> list[int]:
        """Make-good plays owed at the end of each day of the line (a running balance)."""
        out, owed = [], self.owed_before
        for d in self.days:
            owed = max(owed + d.alert_skipped - d.made_good, 0)
            out.append(owed)
        return out

    @property
    def shortfall_days(self) -> list[DeliveryDay]:
        return [d for d in self.days if d.shortfall]


@dataclass
class DeliveryReport:
    month: Month
    lines: list[DeliveryLine]
    advertiser: Advertiser | None = None
    settlements: list[Settlement] = field(default_factory=list)  # the month's settled lines (`delivery settle`)
    texts: list[TextDeliveryLine] = field(default_factory=list)  # sold running texts' proof of display

    # Totals over the report's lines.
    booked, played, delivered, shortfall = Total("lines"), Total("lines"), Total("lines"), Total("lines")
    makegood_owed = Total("lines")

    @property
    def by_screen(self) -> list[ScreenDelivery]:
        acc: dict[str, list] = {}  # type: ignore[type-arg]
        for ln in self.lines:
            row = acc.setdefault(ln.screen_id, [ln.screen_name, 0, 0])
            row[1] += ln.booked
            row[2] += ln.delivered
        return [ScreenDelivery(k, v[0], v[1], v[2]) for k, v in sorted(acc.items())]


def outcome_text(r: Settlement, language: str) -> str:
    """What a settled line's shortfall became, in the report's language."""
    t = labels(language)
    if r.outcome in ("delivered", "tolerated"):
        return t[f"outcome_{r.outcome}"].format(n=r.shortfall)
    parts = [t["outcome_covered"].format(n=r.covered)] if r.covered else []
    if r.makegood_plays:
        parts.append(t["outcome_makegood"].format(n=r.makegood_plays))
    if r.credited_plays:
        parts.append(t["outcome_credit"].format(n=r.credited_plays, number=r.credit.number if r.credit else "Rp0"))
    return "; ".join(parts)


def cause_text(day: DeliveryDay, language: str) -> str:
    """Why a day fell short, in the report's language: failed and skipped plays with the player's reasons, then
    the plays with no record."""
    t = labels(language)
    parts = []
    for (outcome, reason), n in sorted(day.reasons.items()):
        word = t[outcome].lower()
        if outcome == "skipped" and reason == ALERT_REASON:
            reason = t["alert_reason"]
        parts.append(f"{word}: {reason} ({n})" if reason else f"{word} ({n})")
    if day.missing:
        parts.append(f"{t['missing_cause']} ({day.missing})")
    return "; ".join(parts)
