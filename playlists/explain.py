"""Why a media item is or is not on a screen's plan for a day (`videotron plan --explain`), one note per line.

Each note is a structured problem (a code, the English text and its parameters), so the command line words it in
the user's language like every other message.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.compiler import Unschedulable, active_bookings, compile_plan, filler_sources
from playlists.gate import why_held
from playlists.inputs import ScheduleInputs
from playlists.models import Booking, Media
from playlists.plan import Plan
from playlists.planning import load_inputs
from playlists.timeline import HOUSE, day_frame, daypart_segments
from videotron.core.config import DEFAULT_AIRING
from videotron.core.errors import Problem, problem


def explain(session: Session, screen_id: str, day: date, media_id: str, *, airing: str = DEFAULT_AIRING
            ) -> list[Problem]:  # fmt: skip
    """Why `media_id` is or is not on the screen's plan for `day` under the airing gate `airing`."""
    inputs = load_inputs(session, screen_id, airing=airing)
    media = session.get(Media, media_id)
    if media is None:
        return [problem("media.not_found", "media {value!r} does not exist", value=media_id)]
    about: dict[str, Any] = {"media": media_id, "kind": media.kind, "seconds": media.duration_ms / 1000}
    if media.approved:
        notes = [problem("explain.approved", "media {media}: {kind}, {seconds:g} s, approved by {by}",
                         by=media.approved_by, **about)]  # fmt: skip
    elif media.rejected_reason:
        notes = [problem("explain.rejected", "media {media}: {kind}, {seconds:g} s, rejected: {reason}",
                         reason=media.rejected_reason, **about)]  # fmt: skip
    else:
        notes = [problem("explain.pending", "media {media}: {kind}, {seconds:g} s, not approved yet", **about)]
    try:
        plan = compile_plan(inputs, day)
    except Unschedulable as exc:
        return [*notes, problem("explain.not_compiled", "the plan cannot be compiled:"), *exc.problems]
    times = [f"{i.start:%H:%M:%S}" for i in plan.items if i.media == media_id]
    if times:
        notes.append(problem("explain.on_plan", "on the plan {count} time(s): {times:list}", count=len(times),
                             times=times[:5] + (["..."] if len(times) > 5 else [])))  # fmt: skip
    else:
        notes.append(problem("explain.off_plan", "not on the plan of screen {screen} for {day}", screen=screen_id,
                             day=day))  # fmt: skip
    notes += (
        _explain_ad(session, inputs, day, media_id, plan)
        if media.kind == "ad"
        else _explain_fill(inputs, day, media_id)
    )
    if inputs.screen.standby_media == media_id:
        notes.append(problem("explain.standby", "it is the screen's standby media (shown where no daypart is active, "
                             "and when closed)"))  # fmt: skip
    return notes


def _explain_ad(session: Session, inputs: ScheduleInputs, day: date, media_id: str, plan: Plan) -> list[Problem]:
    rows = session.scalars(select(Booking).where(Booking.media_id == media_id).order_by(Booking.id)).all()
    if not rows:
        return [problem("explain.no_booking", "no booking uses it: ads air only through bookings")]
    aired = {b.id for b in active_bookings(inputs, day)}
    specs = {b.id: b for b in inputs.bookings}
    out: list[Problem] = []
    for b in rows:
        why = []
        if b.status == "cancelled":
            why.append(problem("explain.status", "- status {status}", status=b.status))
        if not b.start_date <= day <= b.end_date:
            why.append(problem("explain.out_of_dates", "- outside its date range {start}..{end}", start=b.start_date,
                               end=b.end_date))  # fmt: skip
        if inputs.screen.id not in b.screen_ids:
            why.append(problem("explain.other_screens", "- not booked on this screen (screens: {screens:list})",
                               screens=b.screen_ids))  # fmt: skip
        if not b.media.approved:
            why.append(problem("explain.media_pending", "- its media is not approved"))
        held = why_held(specs[b.id], day) if b.id in specs else None
        if held is not None:
            why.append(held)
        who: dict[str, Any] = {"booking": b.id, "advertiser": b.advertiser_id, "band": b.band or ""}
        if b.id in aired and not why:
            n = sum(1 for i in plan.items if i.booking == b.id)
            if b.band:
                out.append(problem("explain.airing_band", "booking {booking} ({advertiser}): {n} of {plays} plays, "
                                   "band {band}", n=n, plays=b.plays_per_day, **who))  # fmt: skip
            else:
                out.append(problem("explain.airing_day", "booking {booking} ({advertiser}): {n} of {plays} plays, "
                                   "whole operating day", n=n, plays=b.plays_per_day, **who))  # fmt: skip
        elif b.band:
            out += [problem("explain.idle_band", "booking {booking} ({advertiser}), band {band}: not airing:", **who),
                    *(why or [problem("explain.unknown", "- unknown")])]  # fmt: skip
        else:
            out += [problem("explain.idle_day", "booking {booking} ({advertiser}), whole operating day: not airing:",
                            **who), *(why or [problem("explain.unknown", "- unknown")])]  # fmt: skip
    return out


def _explain_fill(inputs: ScheduleInputs, day: date, media_id: str) -> list[Problem]:
    frame = day_frame(inputs.screen, day)
    sources = filler_sources(inputs)
    segments = daypart_segments(frame, inputs.dayparts, set(sources) - {HOUSE})
    out: list[Problem] = []
    holders = sorted((p for p in inputs.playlists.values() if media_id in p.media), key=lambda p: p.id)
    for p in holders:
        out.append(problem("explain.in_playlist", "in playlist {playlist}", playlist=p.id))
        for d in (d for d in inputs.dayparts if d.playlist == p.id):
            out.append(problem("explain.daypart", "- used by daypart {daypart}: {days} {start}-{end}, priority "
                               "{priority}", daypart=d.id, days=d.days, start=d.start, end=d.end,
                               priority=d.priority))  # fmt: skip
        live = [f"{frame.at(lo):%H:%M}-{frame.at(hi):%H:%M}" for lo, hi, src in segments if src == p.id]
        if live:
            out.append(problem("explain.fills", "- it fills {spans:list}", spans=live))
        else:
            out.append(problem("explain.fills_nothing", "- it fills no time on this day (outranked, not on this day, "
                               "or empty)"))  # fmt: skip
    if not holders:
        out.append(problem("explain.in_no_playlist", "in no playlist of this screen's dayparts"))
    house = [f"{frame.at(lo):%H:%M}-{frame.at(hi):%H:%M}" for lo, hi, src in segments if src == HOUSE]
    if house and any(f.media == media_id for f in sources[HOUSE]):
        out.append(problem("explain.house", "it fills time no daypart covers: {spans:list}", spans=house))
    return out
