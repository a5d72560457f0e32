"""Benchmark the plan compiler: plans for 1, 31 and 365 days of one screen carrying 10, 100 and 1000 bookings.

The screen runs 06:00-24:00 with a 300 s loop and 30 % PSA share, three PSA items (10-30 s) in an all-day
playlist plus a weekday noon daypart. Bookings are generated with a fixed seed: random advertisers (one per three
bookings), 15-30 s spots, a third with a band, date ranges of 90-365 days, all running on 1 January; plays are
sized so the busiest day uses about 45 % of the ad airtime whatever the number of bookings, so the figures show
how time grows with the number of days and of bookings, not with load. Also timed: the capacity check of one
new year-long booking.

Run: .venv/bin/python bench/bench_compile.py [--days 1,31,365] [--bookings 10,100,1000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playlists.capacity import check_screen
from playlists.compiler import compile_plan
from playlists.inputs import (
    BookingSpec,
    DaypartSpec,
    MediaInfo,
    PlaylistSpec,
    ScheduleInputs,
    ScreenSettings,
)

START = date(2026, 1, 1)
BANDS = ["18:00-21:00", "06:00-09:00", "11:00-14:00", "21:00-24:00"]


def scenario(n_bookings: int, seed: int = 2026) -> ScheduleInputs:
    rnd = random.Random(seed)
    media = {m: MediaInfo(m, "psa", ms) for m, ms in
             (("psa-kb", 20_000), ("psa-pajak", 15_000), ("psa-banjir", 30_000), ("berita", 60_000))}  # fmt: skip
    raw = []
    for n in range(n_bookings):
        mid = f"ad-{n:04d}"
        media[mid] = MediaInfo(mid, "ad", rnd.choice([15_000, 15_040, 20_000, 30_000]))
        first = START - timedelta(days=rnd.randint(0, 20))
        last = min(first + timedelta(days=rnd.randint(90, 365)), date(2026, 12, 31))
        band = rnd.choice(BANDS) if rnd.random() < 1 / 3 else None
        raw.append((f"BK-{n:04d}", f"adv-{rnd.randint(0, max(0, n_bookings // 3 - 1)):03d}", mid, first, last, band))
    # Size plays so the busiest day uses about 45 % of the ad airtime, however many bookings share it.
    busiest = max(sum(1 for r in raw if r[3] <= START + timedelta(days=d) <= r[4]) for d in range(365))
    day_budget_ms = 18 * 3600 * 1000 * 0.7
    bookings = []
    for bid, adv, mid, first, last, band in raw:
        share_ms = day_budget_ms * 0.45 / busiest * rnd.uniform(0.5, 1.5)
        if band:
            share_ms /= 6  # a 3 h band carries a sixth of what an 18 h day carries
        plays = max(1, round(share_ms / media[mid].duration_ms))
        bookings.append(BookingSpec(bid, adv, mid, plays, first, last, ("alun-alun",), band))
    return ScheduleInputs(
        screen=ScreenSettings("alun-alun", "Asia/Jakarta", "06:00-24:00", 300, Decimal("0.3")),
        media=media,
        playlists={"info": PlaylistSpec("info", ("psa-kb", "psa-pajak", "psa-banjir")),
                   "siang": PlaylistSpec("siang", ("berita", "psa-kb"))},
        dayparts=(DaypartSpec("all-day", "info", "mon-sun", "00:00", "24:00"),
                  DaypartSpec("noon-news", "siang", "mon-fri", "12:00", "13:00", priority=5)),
        bookings=tuple(bookings),
    )  # fmt: skip


def time_days(inputs: ScheduleInputs, days: int) -> tuple[float, int, int]:
    items = ads = 0
    t0 = time.perf_counter()
    for n in range(days):
        plan = compile_plan(inputs, START + timedelta(days=n))
        items += len(plan.items)
        ads += sum(1 for i in plan.items if i.kind == "ad")
    return time.perf_counter() - t0, items, ads


def time_capacity_check(inputs: ScheduleInputs) -> float:
    new = BookingSpec("BK-new", "adv-new", "ad-new", 20, START, date(2026, 12, 31), ("alun-alun",), None)
    trial = ScheduleInputs(inputs.screen, {**inputs.media, "ad-new": MediaInfo("ad-new", "ad", 15_000)},
                           inputs.playlists, inputs.dayparts, (*inputs.bookings, new))  # fmt: skip
    t0 = time.perf_counter()
    check_screen(trial, ["BK-new"])
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", default="1,31,365")
    parser.add_argument("--bookings", default="10,100,1000")
    args = parser.parse_args()
    day_counts = [int(x) for x in args.days.split(",")]
    booking_counts = [int(x) for x in args.bookings.split(",")]
    head = ("bookings", "days", "seconds", "ms/day", "items/day", "ads/day", "x prev days")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (8, 5, 9, 8, 10, 8, 12), strict=True)))
    per_day: dict[int, float] = {}
    for nb in booking_counts:
        inputs = scenario(nb)
        prev = None
        for nd in day_counts:
            seconds, items, ads = time_days(inputs, nd)
            ratio = f"{seconds / prev:.1f}" if prev else "-"
            print(f"{nb:8} {nd:5} {seconds:9.2f} {seconds / nd * 1000:8.1f} {items // nd:10} {ads // nd:8} "
                  f"{ratio:>12}", flush=True)  # fmt: skip
            prev = seconds
        per_day[nb] = seconds / nd
        print(f"{nb:8} capacity check of a new year-long booking: {time_capacity_check(inputs):.2f} s", flush=True)
    counts = sorted(per_day)
    for a, b in pairwise(counts):
        print(f"ms/day at {b} bookings / at {a}: {per_day[b] / per_day[a]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
