"""Benchmark the capacity answer: `check_screen` for one new booking, this tree against another commit, same run.

Inputs are `bench_compile.scenario` (one screen 06:00-24:00, 300 s loop, 30 % PSA, N bookings from a fixed seed
whose busiest day uses about 45 % of the ad airtime). Timed, each in a fresh child process per tree so both trees
run the same Python on the same machine minutes apart:

* accept-year: a new advertiser's booking of 20 plays of 15 s a day, all year, whole day (accepted);
* accept-month: the same for December only;
* refuse-month: 600 plays of 15 s a day in 18:00-21:00 for December (refused, with the suggestion and the rest).

Run: .venv/bin/python bench/bench_capacity.py [--before REV] [--bookings 10,100,1000] [--cases ...]
(REV defaults to 700a380, the commit this work started from). Prints wall and CPU seconds of the first answer,
the wall seconds of the same question asked again, and this/before ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "accept-year": (20, date(2026, 1, 1), date(2026, 12, 31), None),
    "accept-month": (20, date(2026, 12, 1), date(2026, 12, 31), None),
    "refuse-month": (600, date(2026, 12, 1), date(2026, 12, 31), "18:00-21:00"),
}


def worker(root: str, bookings: int, case: str) -> None:
    """Time one case with the `playlists` of `root` (run in a child process)."""
    sys.path.insert(0, root)
    from bench.bench_compile import scenario
    from playlists.capacity import check_screen
    from playlists.inputs import BookingSpec, MediaInfo, ScheduleInputs
    from videotron.core.errors import CapacityError

    inputs = scenario(bookings)
    plays, start, end, band = CASES[case]
    new = BookingSpec("BK-new", "adv-new", "ad-new", plays, start, end, ("alun-alun",), band)
    trial = ScheduleInputs(inputs.screen, {**inputs.media, "ad-new": MediaInfo("ad-new", "ad", 15_000)},
                           inputs.playlists, inputs.dayparts, (*inputs.bookings, new))  # fmt: skip

    def answer() -> str:
        try:
            check_screen(trial, ["BK-new"])
            return "accepted"
        except CapacityError as exc:
            return f"refused, suggests {exc.problems[0].params.get('fit') if exc.problems else None}"

    t0, c0 = time.perf_counter(), time.process_time()
    said = answer()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    answer()  # the desk asks again: it checks a draft, then saves it
    print(json.dumps({"seconds": wall, "cpu": cpu, "again": time.perf_counter() - t0, "answer": said}))


def export(rev: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def measure(root: Path, bookings: int, case: str) -> dict[str, object]:
    argv = [sys.executable, __file__, "--worker", str(root), "--bookings", str(bookings), "--cases", case]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="700a380", help="the commit to compare with (default: 700a380)")
    ap.add_argument("--bookings", default="10,100,1000")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker(a.worker, int(a.bookings), a.cases)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"this": ROOT, "before": export(a.before, Path(tmp))}
        print(f"{'bookings':>8} {'case':13} {'this s':>8} {'before s':>9} {'this/before':>12} {'cpu this':>9} "
              f"{'cpu before':>10} {'again this':>10} {'again before':>12}  answers (this | before)")  # fmt: skip
        for n in (int(x) for x in a.bookings.split(",")):
            for case in a.cases.split(","):
                got = {name: measure(root, n, case) for name, root in roots.items()}
                this, before = float(got["this"]["seconds"]), float(got["before"]["seconds"])  # type: ignore[arg-type]
                cpu = [float(got[k]["cpu"]) for k in ("this", "before")]  # type: ignore[arg-type]
                again = [float(got[k]["again"]) for k in ("this", "before")]  # type: ignore[arg-type]
                print(f"{n:8} {case:13} {this:8.2f} {before:9.2f} {this / before:12.3f} {cpu[0]:9.2f} {cpu[1]:10.2f} "
                      f"{again[0]:10.2f} {again[1]:12.2f}  {got['this']['answer']} | {got['before']['answer']}",
                      flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
