"""Settling a month's delivery (`videotron delivery settle`) over 10k, 100k and 1M play-log rows, on SQLite and
PostgreSQL, with the delivery report's data timed in the same run as the baseline.

    .venv/bin/python -m bench.bench_settle [--sizes 10000,100000,1000000] [--no-postgres]

The data is `bench.bench_reports`' (a year of billing through billing's own services: 300 SKRDs, payments,
deposits; N play-log rows for the June bookings, all in June, a tenth failed), loaded the same way. Timed on 1 July:
the delivery report's data (`delivery_report`, the baseline), then the settlement of June (`settle_month`: every
June booking has ended, so each line's shortfall becomes a credit note: counting, 25 SKRDLBs, audit), then its
counting query alone (`count_month`), then settling June again (nothing to do). The settlement's figures are checked
against the rows loaded.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from bench.bench_reports import CONFIG, JUNE, clock_on, over_databases, play_rows, setup_year, timed
from billing.reports.delivery import delivery_report
from billing.reports.delivery_settle import count_month, settled_bookings
from billing.settlement import settle_month
from videotron.core.db import make_session_factory
from videotron.core.migrate import upgrade

JULY1 = clock_on(date(2026, 7, 1))


def run(engine: Engine, insert: Callable[[list[tuple[object, ...]]], None], n: int, work: Path) -> dict[str, float]:
    upgrade(engine)
    pairs: list[tuple[str, str]] = []
    out = {"setup_year": timed(lambda: pairs.extend(setup_year(engine, work)))}
    rows = play_rows(n, pairs)
    out["insert"] = timed(lambda: insert(rows))
    sessions = make_session_factory(engine)
    held: dict[str, object] = {}
    with sessions.begin() as s:
        out["delivery_data"] = timed(lambda: held.update(d=delivery_report(s, JUNE)))
    with sessions.begin() as s:
        out["settle"] = timed(lambda: held.update(r=settle_month(s, JUNE, config=CONFIG, actor="bench", clock=JULY1)))
    with sessions.begin() as s:
        bookings = settled_bookings(s, JUNE)
        out["count_query"] = timed(lambda: held.update(c=count_month(s, JUNE, bookings)))
        out["settle_again"] = timed(lambda: settle_month(s, JUNE, config=CONFIG, actor="bench", clock=JULY1))
    settled = held["r"]
    lines = settled.lines  # type: ignore[attr-defined]
    seen = sum(r.played + r.failed + r.alert + r.skipped for r in lines)
    assert seen == n, f"settled {seen} of {n} rows"
    out["credits"] = float(len(settled.credits))  # type: ignore[attr-defined]
    out["lines"] = float(len(lines))
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results = over_databases([int(x) for x in args.sizes.split(",")], not args.no_postgres, run)
    print()
    print("| database | play-log rows | delivery report data (baseline) | settle June | its counting query | "
          "settle again | x baseline |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (dbname, n), r in results.items():
        print(f"| {dbname} | {n:,} | {r['delivery_data']:.3f} s | {r['settle']:.3f} s ({r['lines']:.0f} lines, "
              f"{r['credits']:.0f} credit notes) | {r['count_query']:.3f} s | {r['settle_again']:.3f} s | "
              f"x{r['settle'] / r['delivery_data']:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
