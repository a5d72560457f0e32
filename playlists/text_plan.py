"""What a screen's plan carries for its zones: the layout in force at each moment of the day (`LayoutSpan`: a
daypart's own layout while the daypart runs, the screen's default elsewhere, none without layouts) and the running
texts in force (`PlanText`): operator messages, and sold running-text bookings the airing gate lets air (the same
gate as spots, `playlists.gate`: under the default, once the SKRD is issued).
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from typing import Any, cast

from sqlalchemy.orm import Session

from playlists.gate import hold_of
from playlists.layout import Layout, LayoutSpan, PlanText
from playlists.layouts import layouts_of
from playlists.models import Daypart, RunningText
from playlists.recurrence import occurrences
from playlists.running_texts import list_texts
from playlists.timeline import DayFrame
from videotron.core.config import DEFAULT_AIRING


def plan_layouts(session: Session, frame: DayFrame, screen_id: str) -> list[LayoutSpan]:
    """The day's layout spans from opening to closing, in order; adjacent spans of one layout merged."""
    default: Layout | None = None
    spans: list[tuple[datetime, datetime, int, str, Layout]] = []  # since, until, -priority, daypart id, layout
    for part, layout, _sold in layouts_of(session, screen_id):
        if part is None:
            default = layout
            continue
        dp = session.get(Daypart, part)
        if dp is None:  # pragma: no cover - a foreign key
            continue
        for since, until in occurrences(dp.days, f"{dp.start}-{dp.end}", frame.tz, frame.open_at, frame.close_at,
                                        f"daypart {dp.id}"):  # fmt: skip
            spans.append((since, until, -dp.priority, dp.id, layout))
    cuts = sorted({frame.open_at, frame.close_at, *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[LayoutSpan] = []
    for lo, hi in pairwise(cuts):
        live = [s for s in spans if s[0] <= lo and hi <= s[1]]
        chosen = min(live, key=lambda s: (s[2], s[3]))[4] if live else default
        if chosen is None:
            continue
        if out and out[-1].layout == chosen and out[-1].end == lo:
            out[-1] = LayoutSpan(out[-1].start, hi, chosen)
        else:
            out.append(LayoutSpan(lo, hi, chosen))
    return out


def airs(row: RunningText, day: date, airing: str) -> bool:
    """Whether a running text is on the band on `day`: a message always, a sold one as the airing gate says."""
    if row.kind == "psa":
        return row.status == "active"
    if row.status == "cancelled":
        return False
    hold = hold_of(cast(Any, row), airing)  # reads status, paid_on and due_on, which a running text has too
    return hold is None or (hold.air_from is not None and day >= hold.air_from)


def plan_texts(session: Session, frame: DayFrame, screen_id: str, *, airing: str = DEFAULT_AIRING) -> list[PlanText]:
    """The running texts in force on the screen that day, each inside its band of hours: sold ones first, then
    messages, each in id order (the band's loop)."""
    out: list[PlanText] = []
    rows = sorted(list_texts(session, screen_id=screen_id, day=frame.day), key=lambda r: (r.kind != "ad", r.id))
    for row in rows:
        if not airs(row, frame.day, airing):
            continue
        lo, hi = frame.band_window(row.band, "band")
        if hi <= lo:
            continue
        out.append(PlanText(row.id, frame.at(lo), frame.at(hi), row.text, row.kind,
                            row.id if row.kind == "ad" else None, row.advertiser_id))  # fmt: skip
    return out
