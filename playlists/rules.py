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


def check_plan(plan: Plan, inputs: ScheduleInputs, day: date) -> list[str]:
    """Every way `plan` breaks a rule, as readable sentences; an empty list means the plan is valid."""
    problems: list[str] = []
    frame = day_frame(inputs.screen, day)
    items = plan.items
    if plan.open_at != frame.open_at or plan.close_at != frame.close_at:
        problems.append(f"plan spans {plan.open_at}..{plan.close_at}, hours are {frame.open_at}..{frame.close_at}")
    if not items:
        return [*problems, "plan has no items"]
    offs = [(frame.offset(i.start), frame.offset(i.end)) for i in items]
    if offs[0][0] != 0:
        problems.append(f"first item starts at {items[0].start}, not at opening")
    if offs[-1][1] != frame.length_ms:
        problems.append(f"last item ends at {items[-1].end}, not at closing")
    for n, ((s, e), item) in enumerate(zip(offs, items, strict=True)):
        if e <= s:
            problems.append(f"item {n} is empty or reversed")
        if n and offs[n - 1][1] != s:
            problems.append(f"item {n} at {item.start} does not follow the item before it (hole or overlap)")
        media = inputs.media.get(item.media)
        full = media.duration_ms if media else None
        if full is not None and e - s != full and not (n == len(items) - 1 and e - s < full):
            problems.append(f"item {n} ({item.media}) lasts {e - s} ms, its media {full} ms")
        if media is not None and item.kind != media.kind:
            problems.append(f"item {n} ({item.media}) is marked {item.kind}, the media is {media.kind}")
        if item.kind == "ad" and n and items[n - 1].kind == "ad" and items[n - 1].advertiser == item.advertiser:
            problems.append(f"items {n - 1} and {n} are back-to-back ads of {item.advertiser}")
        if item.kind != "ad" and (item.booking or item.advertiser):
            problems.append(f"item {n} is not an ad but names a booking or advertiser")
    problems += _check_bookings(plan, inputs, day, offs)
    problems += _check_share(inputs, day, offs, [i.kind == "ad" for i in items])
    problems += _check_fill_order(inputs, day, offs, plan)
    return problems


def _check_bookings(plan: Plan, inputs: ScheduleInputs, day: date, offs: list[tuple[int, int]]) -> list[str]:
    problems = []
    frame = day_frame(inputs.screen, day)
    starts: dict[str, list[int]] = {}
    for (s, _), item in zip(offs, plan.items, strict=True):
        if item.kind == "ad":
            starts.setdefault(item.booking or "", []).append(s)
    active = {b.id: b for b in active_bookings(inputs, day)}
    for bid in sorted(set(starts) - set(active)):
        problems.append(f"ads of booking {bid!r} air but it is not active on this screen and day")
    for bid, b in active.items():
        got = starts.get(bid, [])
        if len(got) != b.plays_per_day:
            problems.append(f"booking {bid} has {len(got)} plays, wants exactly {b.plays_per_day}")
            continue
        ws, we = frame.band_window(b.band, "band")
        interval = Fraction(we - ws, b.plays_per_day)
        if any(not ws <= s < we for s in got):
            problems.append(f"booking {bid} has a play outside its band {b.band}")
        if got[0] - ws > interval:
            problems.append(f"booking {bid}: first play {got[0] - ws} ms into its window, interval {interval} ms")
        if we - got[-1] > interval * Fraction(3, 2):
            problems.append(f"booking {bid}: last play {we - got[-1]} ms before its window ends")
        worst = max((b2 - a for a, b2 in pairwise(got)), default=0)
        if worst > interval * Fraction(3, 2):
            problems.append(f"booking {bid}: gap of {worst} ms between plays exceeds 1.5 x {interval} ms")
        wrong = [i for i in plan.items if i.booking == bid and (i.media != b.media or i.advertiser != b.advertiser)]
        if wrong:
            problems.append(f"booking {bid}: an item has the wrong media or advertiser")
    return problems


def _check_share(inputs: ScheduleInputs, day: date, offs: list[tuple[int, int]], is_ad: list[bool]) -> list[str]:
    frame = day_frame(inputs.screen, day)
    loop = inputs.screen.loop_seconds * 1000
    ad_ms = [0] * len(frame.budgets)
    for (s, e), ad in zip(offs, is_ad, strict=True):
        if ad:
            for k in range(s // loop, (e - 1) // loop + 1):
                ad_ms[k] += min(e, (k + 1) * loop) - max(s, k * loop)
    share = inputs.screen.psa_share
    share = share if isinstance(share, Decimal) else Decimal(str(share))
    problems = []
    for k, used in enumerate(ad_ms):
        length = min(loop, frame.length_ms - k * loop)
        if used > ad_budget(length, share):
            problems.append(f"loop window {k} carries {used} ms of ads of {length} ms (PSA share broken)")
    return problems


def _check_fill_order(inputs: ScheduleInputs, day: date, offs: list[tuple[int, int]], plan: Plan) -> list[str]:
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
            return [f"item {n} at {item.start} is {item.media}, playlist {source or '(house)'} has {want} next"]
        cursor[source] += 1
    return []
