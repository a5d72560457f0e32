"""Proof of display of sold running texts for the delivery report (bukti tayang): per running-text booking and
screen, each day of the month it was booked, the seconds its text was in the band and the complete passes across
it, as the players counted them (`text_display`, one row per player installation, screen, day and text: summed
over installations, so a replaced player PC counts too). Days are the screen's (the players' local date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from billing.reports.period import Month, result_rows
from playlists.models import RunningText, Screen, TextDisplay


@dataclass
class TextDay:
    day: date
    booked: bool  # inside the booking's dates (a day outside them is reported only if the text was shown)
    shown_ms: int = 0
    loops: int = 0


@dataclass
class TextDeliveryLine:
    booking_id: str
    advertiser_id: str
    advertiser_name: str
    text: str
    screen_id: str
    screen_name: str
    days: list[TextDay] = field(default_factory=list)

    @property
    def shown_ms(self) -> int:
        return sum(d.shown_ms for d in self.days)

    @property
    def loops(self) -> int:
        return sum(d.loops for d in self.days)

    @property
    def days_booked(self) -> int:
        return sum(1 for d in self.days if d.booked)

    @property
    def days_shown(self) -> int:
        """Booked days on which the text went across the band at least once."""
        return sum(1 for d in self.days if d.booked and d.loops > 0)


def text_delivery(session: Session, month: Month, *, booking_id: str | None = None,
                  advertiser_id: str | None = None) -> list[TextDeliveryLine]:  # fmt: skip
    """The month's running-text bookings (not cancelled), one line per booking and screen, in id order."""
    stmt = (select(RunningText).where(RunningText.kind == "ad", RunningText.status != "cancelled",
                                      RunningText.start_date <= month.end, RunningText.end_date >= month.start)
            .options(selectinload(RunningText.screens), selectinload(RunningText.advertiser))
            .order_by(RunningText.id))  # fmt: skip
    if booking_id is not None:
        stmt = stmt.where(RunningText.id == booking_id)
    if advertiser_id is not None:
        stmt = stmt.where(RunningText.advertiser_id == advertiser_id)
    rows = list(session.scalars(stmt))
    if not rows:
        return []
    names = dict(result_rows(session, select(Screen.id, Screen.name)))
    lines: dict[tuple[str, str], TextDeliveryLine] = {}
    for r in rows:
        first, last = max(r.start_date, month.start), min(r.end_date, month.end)
        for sid in sorted(r.screen_ids):
            days = [TextDay(first + timedelta(days=i), True) for i in range((last - first).days + 1)]
            adv = r.advertiser
            lines[(r.id, sid)] = TextDeliveryLine(r.id, r.advertiser_id or "", adv.name if adv else "", r.text, sid,
                                                  names.get(sid, sid), days)  # fmt: skip
    counted = (select(TextDisplay.text_id, TextDisplay.screen_id, TextDisplay.day, func.sum(TextDisplay.shown_ms),
                      func.sum(TextDisplay.loops))
               .where(TextDisplay.text_id.in_([r.id for r in rows]), TextDisplay.day >= month.start.isoformat(),
                      TextDisplay.day <= month.end.isoformat())
               .group_by(TextDisplay.text_id, TextDisplay.screen_id, TextDisplay.day))  # fmt: skip
    for text_id, screen_id, day_text, shown, loops in result_rows(session, counted):
        line = lines.get((text_id, screen_id))
        if line is None:
            continue
        day = date.fromisoformat(day_text)
        found = next((d for d in line.days if d.day == day), None)
        if found is None:
            found = TextDay(day, False)
            line.days.append(found)
            line.days.sort(key=lambda d: d.day)
        found.shown_ms += int(shown or 0)
        found.loops += int(loops or 0)
    return list(lines.values())
