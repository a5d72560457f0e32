"""`videotron delivery settle YYYY-MM`: per assessed booking and screen, plays due against plays delivered (proof of
play, `played` only); a shortfall within the tolerance is left, beyond it becomes make-good plays on the following
days while the booking runs, or a credit note once it has ended, each line with its reasons; settling again changes
nothing; a booking whose last day is settled is completed."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from billing.amendments import Change, amend_booking
from billing.lifecycle_models import Credit, Settlement
from billing.payments import record_payment
from billing.reports.period import Month
from billing.settlement import settle_month
from playlists.makegood_plan import plan_makegoods
from playlists.makegoods import MakeGood
from playlists.models import Booking, PlayLog
from tests.lifecycle_helpers import NOV20, assess, book, office
from tests.office import office_config, write_office_config
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory
from videotron.core.errors import VideotronError

WIB = timedelta(hours=7)
DECEMBER = [date(2026, 12, d) for d in range(1, 32)]
JAN1 = FixedClock(datetime(2027, 1, 1, 2, 0, tzinfo=UTC))  # 09:00 WIB on 1 January: December is over
CONFIG = office_config(delivery_tolerance=1)  # 1% of the plays due may fall short without compensation
_seq = count(1)


def logs(booking: str, screen: str, days: list[date], per_day: int = 10, *, failed: dict[date, int] | None = None,
         alert: dict[date, int] | None = None, off: set[date] | None = None) -> list[PlayLog]:  # fmt: skip
    """`per_day` plays a day from 08:00 WIB, an hour apart; on a day `failed[day]` of them failed, `alert[day]`
    skipped for an emergency alert, and on an `off` day there is no record at all."""
    rows = []
    for day in days:
        if day in (off or set()):
            continue
        bad, skipped = (failed or {}).get(day, 0), (alert or {}).get(day, 0)
        for i in range(per_day):
            start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) - WIB + timedelta(hours=i)
            outcome = "failed" if i < bad else "skipped" if i < bad + skipped else "played"
            seq = next(_seq)
            rows.append(PlayLog(id=f"{screen}-{seq}", screen_id=screen, media_id="spot-15", booking_id=booking,
                                planned_start=start, outcome=outcome, reason={"failed": "decode error",
                                "skipped": "alert"}.get(outcome, ""), seq=seq))  # fmt: skip
    return rows


def december(s: Session, tmp_path: Path) -> None:
    """Three paid bookings on screen yamin, all day, 10 plays a day at Rp2.500 (Rp775.000 for 31 days):
    - done-1 (December only): 4 failed on the 5th, 3 skipped for an alert on the 6th, screen off on the 7th;
    - runs-1 (December and January): 5 failed on the 20th;
    - tiny-1 (December only): 2 failed on the 9th — within the tolerance of 3 (1% of 310)."""
    clock = FixedClock(NOV20)
    office(s, tmp_path)
    for bid, end in (("done-1", date(2026, 12, 31)), ("runs-1", date(2027, 1, 31)), ("tiny-1", date(2026, 12, 31))):
        book(s, clock, bid, band=None, end=end)
        a = assess(s, clock, bid)
        record_payment(s, a.number, amount=a.principal, paid_on=date(2026, 11, 20), method="transfer",
                       config=CONFIG, actor="bendahara", clock=clock)  # fmt: skip
    s.add_all(logs("done-1", "yamin", DECEMBER, failed={date(2026, 12, 5): 4}, alert={date(2026, 12, 6): 3},
                   off={date(2026, 12, 7)}))  # fmt: skip
    s.add_all(logs("runs-1", "yamin", DECEMBER, failed={date(2026, 12, 20): 5}))
    s.add_all(logs("tiny-1", "yamin", DECEMBER, failed={date(2026, 12, 9): 2}))
    s.flush()


def test_a_settled_month_makes_good_credits_and_tolerates_each_with_its_reasons(any_engine: Engine,
                                                                                tmp_path: Path) -> None:  # fmt: skip
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        december(s, tmp_path)
    with sessions.begin() as s:
        done = settle_month(s, Month(2026, 12), config=CONFIG, actor="bendahara", clock=JAN1)
        lines = {r.booking_id: r for r in done.lines}
        # done-1 ended: 17 plays short (4 failed, 3 alert, 10 no record) -> credited at 775.000 x 17 / 310
        ended = lines["done-1"]
        assert (ended.due, ended.played, ended.failed, ended.alert, ended.missing, ended.shortfall) == (
            310, 293, 4, 3, 10, 17)  # fmt: skip
        assert (ended.tolerance, ended.makegood_plays, ended.credited_plays, ended.outcome) == (3, 0, 17, "credit")
        (credit,) = done.credits
        assert (credit.amount, credit.cause, credit.booking_id, credit.remaining) == (42_500, "delivery", "done-1",
                                                                                     42_500)  # fmt: skip
        assert ended.credit_id == credit.id and "17" in credit.lines[0].description
        # runs-1 still runs in January: its 5 plays become make-goods from tomorrow, 2 January
        running = lines["runs-1"]
        assert (running.shortfall, running.makegood_plays, running.credited_plays, running.outcome) == (
            5, 5, 0, "makegood")  # fmt: skip
        grants = s.execute(select(MakeGood.day, MakeGood.plays).where(MakeGood.booking_id == "runs-1")).all()
        assert grants == [(date(2027, 1, 2), 5)]
        assert lines["tiny-1"].outcome == "tolerated" and lines["tiny-1"].shortfall == 2
        assert sorted(done.completed) == ["done-1", "tiny-1"]
        assert s.get(Booking, "done-1").status == "completed"  # type: ignore[union-attr]
        assert s.get(Booking, "runs-1").status == "assessed"  # type: ignore[union-attr]
    # settling again changes nothing: no line, grant, credit or audit entry more
    with sessions() as s:
        before = [s.scalar(select(func.count()).select_from(t)) for t in (Settlement, MakeGood, Credit, AuditEntry)]
    with sessions.begin() as s:
        again = settle_month(s, Month(2026, 12), config=CONFIG, actor="bendahara", clock=JAN1)
        assert again.new == 0 and again.credits == [] and len(again.lines) == 3
    with sessions() as s:
        after = [s.scalar(select(func.count()).select_from(t)) for t in (Settlement, MakeGood, Credit, AuditEntry)]
    assert after == before
    with sessions.begin() as s:  # done-1's alert-skipped plays were credited: the make-good planner grants nothing
        planned = plan_makegoods(s, date(2027, 1, 2), clock=JAN1, actor="operator")
        assert not [g for g in planned.grants if g.booking_id == "done-1"]
        assert [u.reason for u in planned.unfit if u.booking_id == "done-1"] == [
            "the booking is completed: its delivery was settled"]  # fmt: skip
    with pytest.raises(VideotronError, match="is completed: it cannot be amended"), sessions.begin() as s:
        amend_booking(s, "done-1", Change(plays_per_day=5), reason="x", config=CONFIG, actor="bendahara", clock=JAN1)


def test_cli_settle_prints_reasons_and_refuses_an_open_month(sqlite_url: str, engine: Engine, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    with make_session_factory(engine).begin() as s:
        december(s, tmp_path)
    write_office_config(tmp_path / "config.toml", top="delivery_tolerance = 1\n")
    argv = ["--db", sqlite_url, "--config", str(tmp_path / "config.toml"), "delivery", "settle"]
    assert main([*argv, "2026-12"], clock=JAN1) == 0
    out = capsys.readouterr().out
    assert ("done-1 yamin: due 310, played 293, short 17 (failed 4, alert 3, skipped 0, no record 10): 17 plays "
            "credited (0001/SKRDLB/VT/2027)") in out  # fmt: skip
    assert "runs-1 yamin: due 310, played 305, short 5 (failed 5, alert 0, skipped 0, no record 0): 5 make-good" in out
    assert "tiny-1 yamin: due 310, played 308, short 2" in out and "within the tolerance of 3 plays" in out
    assert "2026-12: 3 line(s), 3 settled now, 2 booking(s) completed" in out
    assert main([*argv, "2026-12", "--json"], clock=JAN1) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["settled_now"] == 0 and {ln["kind"] for ln in data["lines"]} == {"credit", "makegood", "tolerated"}
    assert main([*argv, "2027-01"], clock=JAN1) == 2
    assert "YYYY-MM: 2027-01 is not over yet (today is 1 January 2027)" in capsys.readouterr().err
    # the month's delivery report carries the settlement, each line with its reasons (the office's language)
    pdf, xlsx = tmp_path / "bukti-tayang.pdf", tmp_path / "bukti-tayang.xlsx"
    report = ["--db", sqlite_url, "--config", str(tmp_path / "config.toml"), "report", "delivery", "2026-12"]
    assert main([*report, "--out", str(pdf)], clock=JAN1) == 0
    assert main([*report, "--out", str(xlsx)], clock=JAN1) == 0
    with pdfplumber.open(pdf) as doc:
        text = re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in doc.pages))
    assert "Penyelesaian penayangan (videotron delivery settle)" in text
    assert "done-1 yamin 310 293 4 3 0 10 17 17 tayangan dikreditkan (0001/SKRDLB/VT/2027)" in text
    assert "runs-1 yamin 310 305 5 0 0 0 5 5 tayangan pengganti" in text
    sheet = openpyxl.load_workbook(xlsx)["Penyelesaian"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] == "tiny-1"]
    assert rows == [("tiny-1", "yamin", 310, 308, 2, 0, 0, 0, 2, "dalam toleransi (2 tayangan)")]
