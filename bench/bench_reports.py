"""Report timings on SQLite and PostgreSQL with 10k, 100k and 1M play-log rows and a year of receipts.

    .venv/bin/python -m bench.bench_reports [--sizes 10000,100000,1000000] [--no-postgres]

For each size and database: a fresh migrated database; a year (2026) of SKRDs, payments, receipts and weekly
deposits made through billing's own services (300 SKRDs); N play-log rows spread over June 2026 across the June
bookings' screens (a tenth of them failed); then the June reports are timed: the month report's data, its PDF,
the delivery report's data and its XLSX. PostgreSQL runs in a throwaway cluster (tests.pgserver.PgServer).
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from billing.assessments import issue_assessment
from billing.deposits import record_deposit
from billing.payments import record_payment
from billing.reports.delivery import delivery_report
from billing.reports.month import month_report
from billing.reports.pdf_month import render_month_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_delivery_xlsx
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.models import Advertiser, Booking, BookingScreen, Media, Screen
from tests.billing_helpers import TARIFF
from videotron.core.clock import FixedClock
from videotron.core.config import Config
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

CONFIG = Config(targets={2026: 500_000_000})
SCREENS = [f"s{i:02d}" for i in range(10)]
JUNE = Month(2026, 6)
PER_MONTH = 25
WIB = timedelta(hours=7)


def clock_on(day: date) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, 9, tzinfo=UTC) - WIB)


def setup_year(engine: Engine, work: Path) -> list[tuple[str, str]]:
    """A year of billing; returns the (booking, screen) pairs of June."""
    sessions = make_session_factory(engine)
    now = clock_on(date(2026, 1, 1))
    tariff = work / "tarif.toml"
    tariff.write_text(TARIFF, encoding="utf-8")
    with sessions.begin() as s:
        import_tariff(s, read_tariff(tariff), actor="bench", clock=now)
        for i, sid in enumerate(SCREENS):
            s.add(Screen(id=sid, name=f"Videotron {i + 1}", location=f"Lokasi {i + 1}", zone="AB"[i % 2]))
        for a in range(20):
            s.add(Advertiser(id=f"adv{a}", name=f"Pengiklan {a}", address="Padang Panjang", npwrd=f"R.{a:04d}"))
    june_pairs = []
    for m in range(1, 13):
        start = date(2026, m, 1)
        end = (date(2026, m + 1, 1) if m < 12 else date(2027, 1, 1)) - timedelta(days=1)
        with sessions.begin() as s:
            for k in range(PER_MONTH):
                bid = f"b{m:02d}{k:02d}"
                screens = [SCREENS[k % 10], SCREENS[(k + 3) % 10]][: 1 + k % 2]
                s.add(
                    Media(
                        id=f"m-{bid}",
                        kind="ad",
                        title=f"Iklan {bid}",
                        original_name=f"{bid}.mp4",
                        sha256="0" * 64,
                        stored_name=f"{bid}.mp4",
                        size_bytes=1,
                        duration_ms=15_000,
                        added_at=now.now(),
                    )
                )
                s.add(
                    Booking(
                        id=bid,
                        advertiser_id=f"adv{k % 20}",
                        media_id=f"m-{bid}",
                        category="komersial",
                        plays_per_day=20,
                        start_date=start,
                        end_date=end,
                        created_at=now.now(),
                        screens=[BookingScreen(screen_id=x) for x in screens],
                    )
                )
                if m == 6:
                    june_pairs += [(bid, x) for x in screens]
        numbers = []
        with sessions.begin() as s:
            for k in range(PER_MONTH):
                a = issue_assessment(s, f"b{m:02d}{k:02d}", config=CONFIG, actor="bench", clock=clock_on(start))
                numbers.append((a.number, a.principal))
        receipts = []
        for k, (number, principal) in enumerate(numbers):
            paid_on = start + timedelta(days=4 + k % 20)
            amount = principal if k % 5 else principal // 2  # every fifth pays half
            with sessions.begin() as s:
                p = record_payment(
                    s,
                    number,
                    amount=amount,
                    paid_on=paid_on,
                    method="tunai" if k % 2 else "transfer",
                    config=CONFIG,
                    actor="bench",
                    clock=clock_on(paid_on),
                )
                receipts.append((paid_on, p.receipt.number))
        for week in range(0, 31, 7):
            batch = [r for d, r in receipts if week <= (d - start).days < week + 7]
            last = max((d for d, r in receipts if r in batch), default=None)
            if batch and last:
                with sessions.begin() as s:
                    record_deposit(
                        s,
                        last + timedelta(days=1),
                        batch,
                        config=CONFIG,
                        actor="bench",
                        clock=clock_on(last + timedelta(days=1)),
                    )
    return june_pairs


def play_rows(n: int, pairs: list[tuple[str, str]]) -> list[tuple[object, ...]]:
    span = 30 * 24 * 3600
    start = datetime(2026, 6, 1, tzinfo=UTC) - WIB
    seqs: dict[str, int] = {}
    rows = []
    for i in range(n):
        booking, screen = pairs[i % len(pairs)]
        seqs[screen] = seqs.get(screen, 0) + 1
        at = start + timedelta(seconds=(i * 7919) % span)
        failed = i % 10 == 0
        rows.append(
            (
                f"r{i:08d}",
                screen,
                f"m-{booking}",
                "",
                booking,
                at,
                None if failed else at,
                None if failed else at + timedelta(seconds=15),
                "failed" if failed else "played",
                "file corrupt" if failed else "",
                seqs[screen],
                "",
                "",
            )
        )
    return rows


COLUMNS = (
    "id, screen_id, media_id, sha256, booking_id, planned_start, started_at, ended_at, outcome, reason, seq, "
    "prev_hash, hash"
)


def insert_sqlite(path: Path, rows: list[tuple[object, ...]]) -> None:
    def stamp(v: object) -> object:  # what videotron.core.db.UTCDateTime stores on SQLite: naive UTC text
        return (
            v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
            if isinstance(v, datetime)
            else v
        )

    con = sqlite3.connect(path)
    with con:
        con.executemany(
            f"INSERT INTO play_log ({COLUMNS}) VALUES ({', '.join('?' * 13)})", ([stamp(v) for v in r] for r in rows)
        )
    con.execute("ANALYZE")
    con.close()


def insert_postgres(engine: Engine, rows: list[tuple[object, ...]]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f"COPY play_log ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for r in rows:
                copy.write_row(r)
        raw.commit()
        cur.execute("ANALYZE play_log")
        raw.commit()
    finally:
        raw.close()


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run(engine: Engine, insert: Callable[[list[tuple[object, ...]]], None], n: int, work: Path) -> dict[str, float]:
    upgrade(engine)
    pairs: list[tuple[str, str]] = []
    t_setup = timed(lambda: pairs.extend(setup_year(engine, work)))
    rows = play_rows(n, pairs)
    t_insert = timed(lambda: insert(rows))
    sessions = make_session_factory(engine)
    out: dict[str, float] = {"setup_year": t_setup, "insert": t_insert}
    with sessions.begin() as s:
        holder: dict[str, object] = {}
        out["month_data"] = timed(lambda: holder.update(m=month_report(s, JUNE, config=CONFIG, today=date(2026, 7, 1))))
        out["month_pdf"] = timed(
            lambda: render_month_pdf(
                holder["m"],
                io.BytesIO(),
                config=CONFIG,  # type: ignore[arg-type]
                signed_on=date(2026, 7, 1),
            )
        )
        out["delivery_data"] = timed(lambda: holder.update(d=delivery_report(s, JUNE)))
        out["delivery_xlsx"] = timed(lambda: write_delivery_xlsx(holder["d"], work / "d.xlsx", config=CONFIG))  # type: ignore[arg-type]
        report = holder["d"]
        seen = report.played + sum(ln.failed for ln in report.lines)
        assert seen == n, f"counted {seen} of {n} rows"  # type: ignore[attr-defined]
        out["rows_seen"] = float(n)
    engine.dispose()
    return out


Run = Callable[[Engine, Callable[[list[tuple[object, ...]]], None], int, Path], dict[str, float]]


def over_databases(sizes: list[int], postgres: bool, run: Run) -> dict[tuple[str, int], dict[str, float]]:
    """`run(engine, insert, n, work)` for each size on a fresh SQLite file and (with `postgres`) a fresh database in
    a throwaway PostgreSQL cluster; each result printed as it comes."""
    results: dict[tuple[str, int], dict[str, float]] = {}
    pg = None
    if postgres:
        from tests.pgserver import PgServer

        pg = PgServer()
        pg.init()
        pg.start()
    try:
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                db = work / "bench.sqlite3"
                eng = make_engine(f"sqlite:///{db}")
                results[("sqlite", n)] = run(eng, lambda rows, db=db: insert_sqlite(db, rows), n, work)
                print("sqlite", n, {k: round(v, 3) for k, v in results[("sqlite", n)].items()}, flush=True)
                if pg is not None:
                    eng = make_engine(pg.create_database(f"bench_{n}"))
                    results[("postgresql", n)] = run(eng, lambda rows, e=eng: insert_postgres(e, rows), n, work)
                    print("postgresql", n, {k: round(v, 3) for k, v in results[("postgresql", n)].items()}, flush=True)
    finally:
        if pg is not None:
            pg.destroy()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    results = over_databases(sizes, not args.no_postgres, run)
    print()
    print(
        "| database | play-log rows | month report data | month PDF | delivery data | delivery XLSX | "
        "delivery data growth |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (dbname, n), r in results.items():
        base = results[(dbname, sizes[0])]["delivery_data"]
        print(
            f"| {dbname} | {n:,} | {r['month_data']:.3f} s | {r['month_pdf']:.3f} s | {r['delivery_data']:.3f} s | "
            f"{r['delivery_xlsx']:.3f} s | x{r['delivery_data'] / base:.1f} |"
        )


if __name__ == "__main__":
    main()
