"""Make-goods: plays an alert displaced (skipped / alert) are granted back on the following days within capacity,
exactly once; what cannot fit is reported; the plans and the delivery report (PDF, XLSX, CSV) show them."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy.orm import Session, sessionmaker

from billing.reports.delivery import delivery_report
from billing.reports.pdf_delivery import render_delivery_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_delivery_csv, write_delivery_xlsx
from playlists.compiler import unschedulable
from playlists.makegood_plan import plan_makegoods
from playlists.makegoods import ALERT_REASON, ledgers
from playlists.models import Booking, PlayLog
from playlists.planning import build_plan, load_inputs
from tests.report_helpers import CONFIG
from tests.schedule_data import add_booking_row, issue_skrds, seed_screen
from videotron.cli import main
from videotron.core.clock import FixedClock
from videotron.core.context import Context
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

WIB = timedelta(hours=7)
MAR14 = date(2026, 3, 14)
CLOCK = FixedClock(datetime(2026, 3, 14, 12, 0, tzinfo=UTC))  # 19:00 WIB on 14 March


def logs(day: date, played: int, skipped: int, booking: str = "b1", screen: str = "yamin", seq0: int = 0
         ) -> list[PlayLog]:  # fmt: skip
    """`played` plays then `skipped` alert-skipped plays of a booking, hourly from 07:00 WIB."""
    rows = []
    for i in range(played + skipped):
        start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC) - WIB + timedelta(minutes=30 * i)
        ok = i < played
        rows.append(PlayLog(id=f"{screen}-{seq0 + i}", screen_id=screen, media_id="iklan-toko-maju", booking_id=booking,
                            planned_start=start, started_at=start if ok else None,
                            ended_at=start + timedelta(seconds=15) if ok else None,
                            outcome="played" if ok else "skipped", reason="" if ok else ALERT_REASON,
                            seq=seq0 + i))  # fmt: skip
    return rows


def setup(sessions: sessionmaker[Session], plays: int = 10, hours: str = "06:00-22:00") -> None:
    with sessions.begin() as s:
        seed_screen(s, "yamin", hours=hours)
        add_booking_row(s, "b1", "toko-maju", "iklan-toko-maju", plays, ("yamin",), start=date(2026, 3, 1),
                        end=date(2026, 3, 31))  # fmt: skip
        issue_skrds(s, "b1")  # assessed, so it airs under the default airing gate
        s.add_all(logs(MAR14, 7, 3))


def ads(plan_items: list, booking: str) -> int:  # type: ignore[type-arg]
    return sum(1 for i in plan_items if i.booking == booking)


def test_owed_plays_are_granted_once_and_reach_the_plan(sessions: sessionmaker[Session]) -> None:
    setup(sessions)
    with sessions.begin() as s:
        result = plan_makegoods(s, date(2026, 3, 15), clock=CLOCK, actor="operator")
    assert result.owed == {("b1", "yamin"): 3}
    assert [(g.booking_id, g.screen_id, g.day, g.plays) for g in result.grants] == [
        ("b1", "yamin", date(2026, 3, 15), 3)
    ]
    assert result.unfit == []
    with sessions() as s:
        assert ads(build_plan(s, "yamin", date(2026, 3, 15)).items, "b1") == 13
        assert ads(build_plan(s, "yamin", date(2026, 3, 16)).items, "b1") == 10
    with sessions.begin() as s:  # idempotent
        again = plan_makegoods(s, date(2026, 3, 15), clock=CLOCK, actor="operator")
    assert again.owed == {} and again.grants == []
    # once they aired, nothing is owed any more, also when planning from a later day
    with sessions.begin() as s:
        s.add_all(logs(date(2026, 3, 15), 13, 0, seq0=100))
    with sessions() as s:
        ledger = ledgers(s)[("b1", "yamin")]
        assert (ledger.owed_before(date(2026, 3, 15)), ledger.owed_before(date(2026, 3, 16))) == (3, 0)
        assert ledger.to_plan(date(2026, 3, 16)) == 0


def test_a_grant_that_did_not_air_is_planned_again(sessions: sessionmaker[Session]) -> None:
    setup(sessions)
    with sessions.begin() as s:
        plan_makegoods(s, date(2026, 3, 15), clock=CLOCK, actor="operator")
        s.add_all(logs(date(2026, 3, 15), 11, 0, seq0=100))  # only one of the three extra plays aired
    with sessions.begin() as s:
        result = plan_makegoods(s, date(2026, 3, 16), clock=CLOCK, actor="operator")
    assert [(g.day, g.plays) for g in result.grants] == [(date(2026, 3, 16), 2)]


def _most_plays(sessions: sessionmaker[Session], day: date) -> int:
    with sessions() as s:
        inputs = load_inputs(s, "yamin")
    b1 = next(b for b in inputs.bookings if b.id == "b1")
    lo, hi = 1, 400
    while lo < hi:  # the compiler is not strictly monotone; good enough to find a busy figure for the test
        mid = (lo + hi + 1) // 2
        trial = replace(inputs, bookings=(replace(b1, plays_per_day=mid),))
        lo, hi = (mid, hi) if unschedulable(trial, day) is None else (lo, mid - 1)
    return lo


def test_what_does_not_fit_is_reported(sessions: sessionmaker[Session]) -> None:
    setup(sessions, hours="06:00-08:00")  # a short day: its capacity is quickly found
    day = date(2026, 3, 15)
    most = _most_plays(sessions, day)
    with sessions.begin() as s:
        s.get_one(Booking, "b1").plays_per_day = most - 1
    with sessions.begin() as s:
        result = plan_makegoods(s, day, clock=CLOCK, actor="operator", days=1)
    granted = sum(g.plays for g in result.grants)
    assert granted < 3 and len(result.unfit) == 1
    unfit = result.unfit[0]
    assert unfit.plays == 3 - granted and "no room on 2026-03-15..2026-03-15" in unfit.reason
    assert "cannot get play" in unfit.reason or "does not compile" in unfit.reason
    with sessions() as s:  # what was granted really compiles
        assert ads(build_plan(s, "yamin", day).items, "b1") == most - 1 + granted


def test_delivery_report_shows_makegoods_owed(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    setup(sessions)
    march = Month(2026, 3)
    with sessions() as s:
        [line] = delivery_report(s, march).lines
    assert (line.skipped, line.alert_skipped, line.made_good, line.makegood_owed) == (3, 3, 0, 3)
    with sessions.begin() as s:
        plan_makegoods(s, date(2026, 3, 31), clock=CLOCK, actor="operator", days=3)  # 31 Mar: the booking's last day
        report = delivery_report(s, march)
    assert report.lines[0].makegood_owed == 3  # granted, not aired yet
    render_delivery_pdf(report, tmp_path / "d.pdf", config=CONFIG, signed_on=date(2026, 4, 1))
    with pdfplumber.open(tmp_path / "d.pdf") as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "Pengganti" in text and "Terutang" in text and "belum diganti pada akhir periode: 3 tayangan" in text
    assert "dilewati: peringatan darurat (3)" in text
    write_delivery_xlsx(report, tmp_path / "d.xlsx", config=CONFIG)
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx")["Ringkasan"]
    header_row = next(r for r in ws.iter_rows() if r[0].value == "Pesanan")
    assert header_row[11].value == "Pengganti Terutang"
    assert ws.cell(header_row[0].row + 1, 12).value == 3
    write_delivery_csv(report, tmp_path / "d.csv", config=CONFIG)
    rows = list(csv.reader((tmp_path / "d.csv").open(encoding="utf-8")))
    assert rows[0][-2:] == ["Dilewati (Peringatan)", "Pengganti Terutang"]
    by_day = {r[3]: r for r in rows[1:]}
    assert by_day["2026-03-13"][-2:] == ["0", "0"] and by_day["2026-03-14"][-2:] == ["3", "3"]
    # a make-good that aired reduces what is owed; April's report carries the balance
    with sessions.begin() as s:
        s.add_all(logs(date(2026, 3, 31), 13, 0, seq0=200))
    with sessions() as s:
        assert delivery_report(s, march).lines[0].makegood_owed == 0
        assert delivery_report(s, Month(2026, 4)).lines == []


def test_cli_makegood_plan(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    setup(make_session_factory(engine))
    engine.dispose()
    real_init = Context.__init__

    def at_clock(self: Context, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        self.clock = CLOCK

    monkeypatch.setattr(Context, "__init__", at_clock)
    assert main(["--db", sqlite_url, "makegood", "plan", "2026-03-15", "--screen", "yamin"]) == 0
    out = capsys.readouterr().out
    assert (
        "booking b1 on yamin: 3 play(s) owed" in out and "granted 3 extra play(s) of b1 on yamin on 2026-03-15" in out
    )
    assert main(["--db", sqlite_url, "makegood", "plan", "2026-03-15"]) == 0
    assert "no make-good plays owed" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "makegood", "plan", "2026-03-01"]) == 2
    assert "in the past" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "makegood", "plan", "2026-03-15", "--screen", "mars"]) == 2
