"""An independent check of a compiled plan against every scheduling rule: used by the tests on generated days
and available to anyone who wants to audit a plan file against the database's inputs.

It shares only the input parsing with the compiler, not its arithmetic: it measures the plan as written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from playlists.compiler import active_bookings, filler_sources
from playlists.inputs import ScheduleInputs
from playlists.plan import Plan
from playlists.timeline import HOUSE, ad_budget, day_frame, daypart_segments
from videotron.core.errors import Problem, problem


def check_plan(plan: Plan, inputs: ScheduleInputs, day: date) -> list[Problem]:
    """Every way `plan` breaks a rule; an empty list means the plan is valid."""
    problems: list[Problem] = []
    frame = day_frame(inputs.screen, day)
    items = plan.items
    if plan.open_at != frame.open_at or plan.close_at != frame.close_at:
        problems.append(problem("rules.span", "plan spans {open}..{close}, hours are {hours_open}..{hours_close}",
                                open=plan.open_at, close=plan.close_at, hours_open=frame.open_at,
                                hours_close=frame.close_at))  # fmt: skip
    if not items:
        return [*problems, problem("rules.empty", "plan has no items")]
    offs = [(frame.offset(i.start), frame.offset(i.end)) for i in items]
    if offs[0][0] != 0:
        problems.append(problem("rules.late_start", "first item starts at {at}, not at opening", at=items[0].start))
    if offs[-1][1] != frame.length_ms:
        problems.append(problem("rules.early_end", "last item ends at {at}, not at closing", at=items[-1].end))
    for n, ((s, e), item) in enumerate(zip(offs, items, strict=True)):
        if e <= s:
            problems.append(problem("rules.empty_item", "item {n} is empty or reversed", n=n))
        if n and offs[n - 1][1] != s:
            problems.append(problem("rules.gap", "item {n} at {at} does not follow the item before it (hole or "
                                    "overlap)", n=n, at=item.start))  # fmt: skip
        media = inputs.media.get(item.media)
        full = media.duration_ms if media else None
        if full is not None and e - s != full and not (n == len(items) - 1 and e - s < full):
            problems.append(problem("rules.length", "item {n} ({media}) lasts {ms} ms, its media {full} ms", n=n,
                                    media=item.media, ms=e - s, full=full))  # fmt: skip
        if media is not None and item.kind != media.kind:
            problems.append(problem("rules.kind", "item {n} ({media}) is marked {kind}, the media is {media_kind}", n=n,
                                    media=item.media, kind=item.kind, media_kind=media.kind))  # fmt: skip
        if item.kind == "ad" and n and items[n - 1].kind == "ad" and items[n - 1].advertiser == item.advertiser:
            problems.append(problem("rules.back_to_back", "items {before} and {n} are back-to-back ads of {advertiser}",
                                    before=n - 1, n=n, advertiser=item.advertiser))  # fmt: skip
        if item.kind != "ad" and (item.booking or item.advertiser):
            problems.append(problem("rules.not_ad", "item {n} is not an ad but names a booking or advertiser", n=n))
    problems += _check_bookings(plan, inputs, day, offs)
    problems += _check_share(inputs, day, offs, [i.kind == "ad" for i in items])
    problems += _check_fill_order(inputs, day, offs, plan)
    return problems


def _check_bookings(plan: Plan, inputs: ScheduleInputs, day: date, offs: list[tuple[int, int]]) -> list[Problem]:
    problems: list[Problem] = []
    frame = day_frame(inputs.screen, day)
    starts: dict[str, list[int]] = {}
    for (s, _), item in zip(offs, plan.items, strict=True):
        if item.kind == "ad":
            starts.setdefault(item.booking or "", []).append(s)
    active = {b.id: b for b in active_bookings(inputs, day)}
    for bid in sorted(set(starts) - set(active)):
        problems.append(problem("rules.inactive", "ads of booking {booking!r} air but it is not active on this screen "
                                "and day", booking=bid))  # fmt: skip
    for bid, b in active.items():
        got = starts.get(bid, [])
        if len(got) != b.plays_per_day:
            problems.append(problem("rules.plays", "booking {booking} has {n} plays, wants exactly {plays}",
                                    booking=bid, n=len(got), plays=b.plays_per_day))  # fmt: skip
            continue
        ws, we = frame.band_window(b.band, "band")
        interval = Fraction(we - ws, b.plays_per_day)
        if any(not ws <= s < we for s in got):
            problems.append(problem("rules.outside_band", "booking {booking} has a play outside its band {band}",
                                    booking=bid, band=b.band))  # fmt: skip
        if got[0] - ws > interval:
            problems.append(problem("rules.first_late", "booking {booking}: first play {ms} ms into its window, "
                                    "interval {interval} ms", booking=bid, ms=got[0] - ws,
                                    interval=interval))  # fmt: skip
        if we - got[-1] > interval * Fraction(3, 2):
            problems.append(problem("rules.last_early", "booking {booking}: last play {ms} ms before its window ends",
                                    booking=bid, ms=we - got[-1]))  # fmt: skip
        worst = max((b2 - a for a, b2 in pairwise(got)), default=0)
        if worst > interval * Fraction(3, 2):
            problems.append(problem("rules.gap_too_long", "booking {booking}: gap of {ms} ms between plays exceeds 1.5 "
                                    "x {interval} ms", booking=bid, ms=worst, interval=interval))  # fmt: skip
        wrong = [i for i in plan.items if i.booking == bid and (i.media != b.media or i.advertiser != b.advertiser)]
        if wrong:
            problems.append(problem("rules.wrong_item", "booking {booking}: an item has the wrong media or advertiser",
                                    booking=bid))  # fmt: skip
    return problems


def _check_share(inputs: ScheduleInputs, day: date, offs: list[tuple[int, int]], is_ad: list[bool]) -> list[Problem]:
    frame = day_frame(inputs.screen, day)
    loop = inputs.screen.loop_seconds * 1000
    ad_ms = [0] * len(frame.budgets)
    for (s, e), ad in zip(offs, is_ad, strict=True):
        if ad:
            for k in range(s // loop, (e - 1) // loop + 1):
                ad_ms[k] += min(e, (k + 1) * loop) - max(s, k * loop)
    share = inputs.screen.psa_share
    share = share if isinstance(share, Decimal) else Decimal(str(share))
    problems: list[Problem] = []
    for k, used in enumerate(ad_ms):
        length = min(loop, frame.length_ms - k * loop)
        if used > ad_budget(length, share):
            problems.append(problem("rules.share", "loop window {k} carries {used} ms of ads of {length} ms (PSA share "
                                    "broken)", k=k, used=used, length=length))  # fmt: skip
    return problems


def _check_fill_order(inputs: ScheduleInputs, day: date, offs: list[tuple[int, int]], plan: Plan) -> list[Problem]:
    """PSA/filler items follow their daypart's playlist in order, each playlist continuing where it left off."""
    frame = day_frame(inputs.screen, day)
    sources = filler_sources(inputs)
    segments = daypart_segments(frame, inputs.dayparts, set(sources) - {HOUSE})
    cursor = dict.fromkeys(sources, 0)
    seg = 0
    for n, ((s, _), item) in enumerate(zip(offs, plan.items, strict=True)):
        if item.kind == "ad":
            continue
        while segments[seg][1] <= s:
            seg += 1
        source = segments[seg][2]
        todo = sources[source]
        want = todo[cursor[source] % len(todo)].media if todo else None
        if item.media != want:
            return [problem("rules.fill_order", "item {n} at {at} is {media}, playlist {playlist} has {want} next", n=n,
                            at=item.start, media=item.media, playlist=source or "(house)", want=want)]  # fmt: skip
        cursor[source] += 1
    return []
