"""The running-text capacity rule: a screen's band carries at most `sold_texts` sold running texts a day (its default
layout's, `playlists.layouts`), so each sold message comes round often enough in the band's loop. Checked when a
running-text booking is saved, under the screens' capacity locks (two desks cannot both sell the last place); a
refusal names the screen, the day, the bookings already there and what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.capacity import lock_screens
from playlists.layouts import layouts_of
from playlists.models import RunningText, RunningTextScreen
from videotron.core.errors import CapacityError, Problem, problem

HOLDING = ("draft", "assessed", "completed")  # a sold running text holds its place in every status but cancelled


class TextRefused(CapacityError):
    """A running-text booking that does not fit a screen's band; `booking_id` says which."""

    def __init__(self, problems: list[Problem], booking_id: str) -> None:
        super().__init__(problems)
        self.booking_id = booking_id


def _others(session: Session, screen_id: str, start: date, end: date) -> list[RunningText]:
    stmt = (select(RunningText).join(RunningTextScreen)
            .where(RunningTextScreen.screen_id == screen_id, RunningText.kind == "ad",
                   RunningText.status.in_(HOLDING), RunningText.start_date <= end, RunningText.end_date >= start)
            .order_by(RunningText.id))  # fmt: skip
    return list(session.scalars(stmt))


def band_of(session: Session, screen_id: str) -> int | None:
    """How many sold running texts the screen's band carries a day; None when its layout has no band."""
    default = next(((layout, sold) for part, layout, sold in layouts_of(session, screen_id) if part is None), None)
    if default is None or default[0].ticker is None:
        return None
    return default[1]


def ensure_text_capacity(session: Session, booking_ids: Sequence[str]) -> None:
    """Refuse (TextRefused) the first of these running-text bookings, in id order, that a screen's band cannot carry
    beside the ones already saved and those of these before it (so a batch refuses the one that overfills)."""
    waiting = set(booking_ids)
    for bid in sorted(booking_ids):
        waiting.discard(bid)
        row = session.get(RunningText, bid)
        if row is None or row.kind != "ad" or row.status not in HOLDING:
            continue
        lock_screens(session, row.screen_ids)
        for sid in sorted(row.screen_ids):
            most = band_of(session, sid)
            if most is None:
                raise TextRefused([problem("text.no_band", "screen {screen} has no running-text band: give it a "
                                           "layout with a ticker zone first", "screens", screen=sid)], bid)  # fmt: skip
            _fits(session, row, sid, most, waiting)


def _fits(session: Session, row: RunningText, sid: str, most: int, waiting: set[str]) -> None:
    if most == 0:
        raise TextRefused([problem("text.band_unsold", "screen {screen}'s band carries no sold running texts: set "
                                   "sold_texts in its layout", "screens", screen=sid)], row.id)  # fmt: skip
    others = [o for o in _others(session, sid, row.start_date, row.end_date) if o.id not in waiting]
    day = row.start_date
    while day <= row.end_date:
        there = [o.id for o in others if o.start_date <= day <= o.end_date]
        if len(there) > most:
            taken = [o for o in there if o != row.id]
            raise TextRefused([problem("text.band_full", "screen {screen} carries at most {most} sold running texts a "
                                       "day and on {day:date} already has {names:list}: choose other dates or "
                                       "screens, or raise sold_texts in the screen's layout", "screens", screen=sid,
                                       most=most, day=day, names=taken)], row.id)  # fmt: skip
        day += timedelta(days=1)
