"""Every office date in billing follows the office's zone (its configuration), on SQLite and PostgreSQL: the SKRD's
numbering year and dates, the payment's and deposit's "in the future" checks, report months and their bounds, and
the zone's name on every time a document prints. Plays are counted on their screen's days.

The audit finding: in a WITA office at 00:30 on 1 January an SKRD got last year's number and a payment dated today
was refused as "in the future" (the zone was hard-coded to Asia/Jakarta).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from billing.assessments import issue_assessment, void_assessment
from billing.deposits import record_deposit
from billing.documents.receipt import receipt_pdf_bytes
from billing.documents.skrd import assessment_pdf_bytes
from billing.payments import record_payment
from billing.reports.delivery import delivery_report
from billing.reports.month import voided
from billing.reports.period import Month, as_date, local_day
from playlists.models import PlayLog, Screen
from tests.billing_helpers import add_booking, add_screens, load_tariff
from tests.office import office_config
from tests.report_helpers import play_logs
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory
from videotron.core.errors import VideotronError

NEW_YEAR = date(2027, 1, 1)


@pytest.fixture
def s(any_engine: Engine, tmp_path: Path) -> Iterator[Session]:
    with make_session_factory(any_engine).begin() as session:
        load_tariff(session, tmp_path)
        add_screens(session)
        add_booking(session, "jan", start=NEW_YEAR, end=date(2027, 1, 31))  # 10 plays x 31 days x Rp2.500
        add_booking(session, "dec", start=date(2026, 12, 1), end=date(2026, 12, 31))
        yield session


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in doc.pages))


# 00:30 on 1 January in the office's zone (16:30 UTC on 31 December is 00:30 WITA; 15:30 UTC is 00:30 WIT)
HALF_PAST_MIDNIGHT = [
    ("Asia/Makassar", "WITA", datetime(2026, 12, 31, 16, 30, tzinfo=UTC)),
    ("Asia/Jayapura", "WIT", datetime(2026, 12, 31, 15, 30, tzinfo=UTC)),
]


@pytest.mark.parametrize(("zone", "name", "utc"), HALF_PAST_MIDNIGHT)
def test_at_half_past_midnight_on_new_year_the_office_is_in_the_new_year(s: Session, zone: str, name: str,
                                                                       utc: datetime) -> None:  # fmt: skip
    config, clock = office_config(timezone=zone), FixedClock(utc)
    # Issued the evening before (20:00 in the office): last year's series
    evening = FixedClock(utc - timedelta(hours=4, minutes=30))
    dec = issue_assessment(s, "dec", config=config, actor="bendahara", clock=evening)
    assert (dec.number, dec.issue_date) == ("0001/SKRD/VT/2026", date(2026, 12, 31))
    # At 00:30 on 1 January: the new year's first number, issued today, due in 30 days
    a = issue_assessment(s, "jan", config=config, actor="bendahara", clock=clock)
    assert (a.number, a.year, a.issue_date, a.due_date) == ("0001/SKRD/VT/2027", 2027, NEW_YEAR, date(2027, 1, 31))
    # A payment dated today is accepted, with the new year's receipt number; so is a deposit dated today
    paid = record_payment(s, a.number, amount=775_000, paid_on=NEW_YEAR, method="tunai", config=config,
                          actor="bendahara", clock=clock)  # fmt: skip
    assert (paid.receipt.number, a.status) == ("0001/TBP/VT/2027", "paid")
    sts = record_deposit(s, NEW_YEAR, [paid.receipt.number], config=config, actor="bendahara", clock=clock)
    assert sts.number == "0001/STS/VT/2027"
    # Tomorrow is still refused, naming the office's today and its zone
    with pytest.raises(VideotronError) as err:
        record_payment(s, dec.number, amount=1, paid_on=date(2027, 1, 2), method="tunai", config=config,
                       actor="bendahara", clock=clock)  # fmt: skip
    assert str(err.value) == f"paid_on: 2027-01-02 is in the future (the office's today is 2027-01-01, {name})"
    # The documents print their times in the office's zone, with its name, frozen with the document
    assert json.loads(a.issuer_json)["timezone"] == zone
    assert f"diterbitkan 01-01-2027 00:30 {name}" in pdf_text(assessment_pdf_bytes(a))
    assert f"dicatat 01-01-2027 00:30 {name}" in pdf_text(receipt_pdf_bytes(paid.receipt))


def test_the_same_moment_in_a_wib_office_is_still_last_year(s: Session) -> None:
    config, clock = office_config(), FixedClock(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 23:30 WIB on 31 December
    a = issue_assessment(s, "jan", config=config, actor="bendahara", clock=clock)
    assert (a.number, a.issue_date) == ("0001/SKRD/VT/2026", date(2026, 12, 31))
    with pytest.raises(VideotronError, match=r"2027-01-01 is in the future \(the office's today is 2026-12-31, WIB\)"):
        record_payment(s, a.number, amount=1000, paid_on=NEW_YEAR, method="tunai", config=config, actor="bendahara",
                       clock=clock)  # fmt: skip
    with pytest.raises(VideotronError, match="is in the future"):
        record_deposit(s, NEW_YEAR, ["x"], config=config, actor="bendahara", clock=clock)


def test_a_document_issued_before_the_zone_was_kept_prints_wib(s: Session) -> None:
    ten_wib = FixedClock(datetime(2026, 12, 1, 3, tzinfo=UTC))
    a = issue_assessment(s, "jan", config=office_config(), actor="bendahara", clock=ten_wib)
    snapshot = json.loads(a.issuer_json)
    del snapshot["timezone"]  # as every SKRD issued before this change was frozen
    a.issuer_json = json.dumps(snapshot)
    assert "diterbitkan 01-12-2026 10:00 WIB" in pdf_text(assessment_pdf_bytes(a))


def test_a_void_at_half_past_midnight_belongs_to_the_offices_new_month(s: Session) -> None:
    # Issued 31 January, voided at 00:30 WITA on 1 February (16:30 UTC on 31 January)
    a = issue_assessment(s, "jan", config=office_config(timezone="Asia/Makassar"), actor="bendahara",
                         clock=FixedClock(datetime(2027, 1, 31, 2, tzinfo=UTC)))  # fmt: skip
    void_assessment(s, a.number, "salah ketik", actor="bendahara", clock=FixedClock(datetime(2027, 1, 31, 16, 30,
                                                                                            tzinfo=UTC)))  # fmt: skip
    wita, wib = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jakarta")
    assert [v.skrd for v in voided(s, Month(2027, 2), wita)] == [a.number]  # voided in February, WITA
    assert voided(s, Month(2027, 2), wib) == []  # 23:30 WIB on 31 January: January's


def test_plays_are_counted_on_their_screens_days(s: Session) -> None:
    # A WITA screen: its first play of 1 March is at 00:30 WITA = 16:30 UTC on 28 February.
    s.get(Screen, "yamin").timezone = "Asia/Makassar"  # type: ignore[union-attr]
    add_booking(s, "mar", start=date(2026, 3, 1), end=date(2026, 3, 2))
    rows = play_logs("mar", "yamin", [date(2026, 3, 1), date(2026, 3, 2)])  # written at 00:30 WIB (= 01:30 WITA)
    for row in rows:
        row.planned_start -= timedelta(hours=1)  # 00:30 WITA, every 2 hours
    s.add_all(rows)
    s.flush()
    (line,) = [ln for ln in delivery_report(s, Month(2026, 3)).lines if ln.booking_id == "mar"]
    assert [(d.day, d.played) for d in line.days] == [(date(2026, 3, 1), 10), (date(2026, 3, 2), 10)]


def test_a_timestamps_day_in_a_zone_with_daylight_saving_time(s: Session) -> None:
    # Europe/Amsterdam moves from +01:00 to +02:00 at 01:00 UTC on 29 March 2026: SQLite shifts by the offset in
    # force at each moment, PostgreSQL asks its own zone database; both give the same days.
    zone = ZoneInfo("Europe/Amsterdam")
    moments = {
        datetime(2026, 3, 28, 22, 59, tzinfo=UTC): date(2026, 3, 28),  # 23:59 CET
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC): date(2026, 3, 29),  # 00:30 CET
        datetime(2026, 3, 29, 21, 59, tzinfo=UTC): date(2026, 3, 29),  # 23:59 CEST
        datetime(2026, 3, 29, 22, 30, tzinfo=UTC): date(2026, 3, 30),  # 00:30 CEST (23:30 had it stayed +01:00)
    }
    for i, moment in enumerate(moments):
        s.add(PlayLog(id=f"p{i}", screen_id="yamin", media_id="m", planned_start=moment, outcome="played", seq=i))
    s.flush()
    start, end = Month(2026, 3).utc_bounds(zone)
    day = local_day(PlayLog.planned_start, s.get_bind().dialect.name, zone, start, end)
    found = {moment: as_date(d) for moment, d in s.execute(select(PlayLog.planned_start, day).order_by(PlayLog.seq))}
    assert found == moments
