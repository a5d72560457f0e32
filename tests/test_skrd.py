"""SKRD assessments: issue freezes the quote, void keeps the number, payments, late interest (STRD), receipts,
and every action in the audit trail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import get_assessment, issue_assessment, list_assessments, void_assessment
from billing.interest import add_months, started_months_late
from billing.models import NumberSeries
from billing.payments import list_payments, record_payment
from tests.billing_helpers import TARIFF, add_booking, add_screens, clock, load_tariff
from tests.office import office_config
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import FixedClock
from videotron.core.config import Numbering, Signer
from videotron.core.errors import NotFound, VideotronError
from videotron.core.i18n import render_error

CONFIG = office_config()


@pytest.fixture
def s(sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        load_tariff(session, tmp_path)
        add_screens(session)
        add_booking(session, "b1", screens=("yamin", "smk1"), plays=10)  # 775.000 + 465.000 = 1.240.000
        add_booking(session, "b2")  # 775.000
        add_booking(session, "gov", category="pemerintah", plays=1)
        yield session


def on(day: date) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC))


def pay(s: Session, number: str, amount: int, day: date, method: str = "tunai"):  # type: ignore[no-untyped-def]
    return record_payment(
        s, number, amount=amount, paid_on=day, method=method, config=CONFIG, actor="bendahara", clock=on(day)
    )


def test_issue_freezes_everything_the_document_prints(s: Session, tmp_path: Path) -> None:
    config = office_config(
        signer=Signer(name="Ir. Budi", rank="Pembina (IV/a)", nip="197001011990031001", title="Kepala Dinas Kominfo")
    )
    a = issue_assessment(s, "b1", config=config, actor="bendahara", clock=clock())
    assert a.number == "0001/SKRD/VT/2026" and (a.series, a.year, a.seq) == ("skrd", 2026, 1)
    assert a.issue_date == date(2026, 3, 10) and a.due_date == date(2026, 4, 9)  # + due_days 30
    assert (a.period_start, a.period_end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (a.payer_name, a.payer_npwrd) == ("PT Sinar Minang Jaya", "R.1.0001.27.14")
    assert a.principal == 1_240_000 and a.total == 1_240_000 and a.status == "issued"
    assert [(ln.screen_id, ln.account, ln.amount) for ln in a.lines] == [
        ("smk1", "4.1.2.02.01", 465_000),
        ("yamin", "4.1.2.02.01", 775_000),
    ]
    assert json.loads(a.issuer_json)["signer"]["name"] == "Ir. Budi"
    assert len(a.verification) == 14
    # A later tariff does not touch the assessment.
    load_tariff(s, tmp_path, TARIFF.replace("2026-01-01", "2026-03-01").replace("2500", "9999"), "new.toml")
    again = get_assessment(s, a.number)
    assert again.tariff_version_id == 1 and again.principal == 1_240_000


def test_numbers_follow_the_configured_format_per_year(s: Session) -> None:
    config = office_config(numbering=Numbering(skrd="SKRD-{year}-{seq:03d}"))
    assert issue_assessment(s, "b1", config=config, actor="x", clock=clock()).number == "SKRD-2026-001"
    later = on(date(2027, 1, 2))
    add_booking(s, "b27", start=date(2027, 1, 1), end=date(2027, 1, 31))
    assert issue_assessment(s, "b27", config=config, actor="x", clock=later).number == "SKRD-2027-001"
    assert issue_assessment(s, "b2", config=config, actor="x", clock=later).number == "SKRD-2027-002"


def test_a_booking_is_assessed_once_unless_voided(s: Session) -> None:
    a = issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())
    with pytest.raises(VideotronError, match="already assessed by SKRD 0001/SKRD/VT/2026"):
        issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())
    void_assessment(s, a.number, "salah hitung", actor="x", clock=clock())
    b = issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())
    assert b.number == "0002/SKRD/VT/2026"  # the void number stays used, marked void
    numbers = [(x.number, x.status) for x in list_assessments(s)]
    assert numbers == [("0001/SKRD/VT/2026", "void"), ("0002/SKRD/VT/2026", "issued")]


def test_void_needs_reason_and_no_payments(s: Session) -> None:
    a = issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())
    with pytest.raises(VideotronError, match="reason"):
        void_assessment(s, a.number, "  ", actor="x", clock=clock())
    pay(s, a.number, 100_000, date(2026, 3, 11))
    with pytest.raises(VideotronError, match="only an unpaid assessment can be voided"):
        void_assessment(s, a.number, "batal", actor="x", clock=clock())
    with pytest.raises(NotFound):
        void_assessment(s, "9999/SKRD/VT/2026", "batal", actor="x", clock=clock())


def test_partial_payments_receipts_and_overpayment(s: Session) -> None:
    a = issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())
    p1 = pay(s, a.number, 240_000, date(2026, 3, 12), "transfer")
    assert p1.receipt.number == "0001/TBP/VT/2026" and a.status == "partial" and a.outstanding == 1_000_000
    with pytest.raises(VideotronError, match=r"more than the Rp1\.000\.000 still owed"):
        pay(s, a.number, 1_000_001, date(2026, 3, 13))
    p2 = pay(s, a.number, 1_000_000, date(2026, 4, 9))  # on the due date: no interest
    assert p2.receipt.number == "0002/TBP/VT/2026" and a.status == "paid" and a.outstanding == 0 and a.sanksi == 0
    with pytest.raises(VideotronError, match="overpayment"):
        pay(s, a.number, 1, date(2026, 4, 9))
    assert [p.receipt.number for p in list_payments(s, start=date(2026, 3, 1), end=date(2026, 3, 31))] == [
        "0001/TBP/VT/2026"
    ]


def test_payment_dates_checked(s: Session) -> None:
    a = issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())
    with pytest.raises(VideotronError, match=r"before SKRD .* was issued"):
        pay(s, a.number, 1000, date(2026, 3, 9))
    with pytest.raises(VideotronError, match="in the future"):
        record_payment(
            s, a.number, amount=1000, paid_on=date(2026, 3, 11), method="tunai", config=CONFIG, actor="x", clock=clock()
        )
    with pytest.raises(VideotronError, match="must be one of tunai, transfer") as refused:
        pay(s, a.number, 1000, date(2026, 3, 10), "cek")
    assert refused.value.field == "method"  # the command line words it as --method, the desk as its widget
    pay(s, a.number, 1000, date(2026, 3, 20))
    with pytest.raises(VideotronError, match="date order"):
        pay(s, a.number, 1000, date(2026, 3, 19))


def test_void_assessment_cannot_be_paid(s: Session) -> None:
    a = issue_assessment(s, "b2", config=CONFIG, actor="x", clock=clock())
    void_assessment(s, a.number, "dobel", actor="x", clock=clock())
    with pytest.raises(VideotronError, match="is void"):
        pay(s, a.number, 1000, date(2026, 3, 11))


@pytest.mark.parametrize(
    ("paid_on", "months"),
    [
        (date(2026, 4, 9), 0),
        (date(2026, 4, 10), 1),
        (date(2026, 5, 9), 1),
        (date(2026, 5, 10), 2),
        (date(2027, 4, 9), 12),
    ],
)
def test_started_months_after_due_date(paid_on: date, months: int) -> None:
    assert started_months_late(date(2026, 4, 9), paid_on) == months


def test_add_months_clips_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_late_payment_charges_interest_by_strd(s: Session) -> None:
    a = issue_assessment(s, "b2", config=CONFIG, actor="x", clock=clock())  # Rp775.000, due 9 April 2026
    p = pay(s, a.number, 775_000, date(2026, 4, 10))  # first started month late: 2% x 775.000 = 15.500
    (strd,) = a.penalties
    assert (strd.number, strd.months_from, strd.months_to, strd.base, strd.amount) == (
        "0001/STRD/VT/2026",
        1,
        1,
        775_000,
        15_500,
    )
    assert (p.principal_part, p.sanksi_part) == (775_000, 0)
    assert a.status == "partial" and a.outstanding == 15_500 and a.total == 790_500
    p2 = pay(s, a.number, 15_500, date(2026, 6, 1))  # principal settled: no further interest
    assert (p2.principal_part, p2.sanksi_part) == (0, 15_500) and a.status == "paid" and len(a.penalties) == 1


def test_interest_only_on_unpaid_principal_for_months_not_yet_charged(s: Session) -> None:
    a = issue_assessment(s, "b2", config=CONFIG, actor="x", clock=clock())  # 775.000 due 9 April
    pay(s, a.number, 375_000, date(2026, 3, 20))  # on time
    pay(s, a.number, 100_000, date(2026, 4, 20))  # month 1 on 400.000 = 8.000
    pay(s, a.number, 308_000, date(2026, 6, 10))  # 9 June + 1 day: months 2-3 on 300.000 = 12.000
    assert [(x.months_from, x.months_to, x.base, x.amount) for x in a.penalties] == [
        (1, 1, 400_000, 8_000),
        (2, 3, 300_000, 12_000),
    ]
    assert a.total == 795_000 and a.paid_total == 783_000 and a.outstanding == 12_000
    pay(s, a.number, 12_000, date(2026, 6, 10))
    assert a.status == "paid"


def test_interest_rate_comes_from_the_frozen_tariff(s: Session, tmp_path: Path) -> None:
    a = issue_assessment(s, "b2", config=CONFIG, actor="x", clock=clock())
    load_tariff(
        s,
        tmp_path,
        TARIFF.replace("2026-01-01", "2026-04-01").replace("late_interest_percent = 2", "late_interest_percent = 1"),
        "x.toml",
    )
    pay(s, a.number, 775_000, date(2026, 4, 10))
    assert a.penalties[0].amount == 15_500  # still 2%


def test_exempt_assessment_is_rp0_and_settled(s: Session) -> None:
    a = issue_assessment(s, "gov", config=CONFIG, actor="x", clock=clock())
    assert a.exempt and a.principal == 0 and a.outstanding == 0 and a.status == "paid"
    with pytest.raises(VideotronError, match="overpayment"):
        pay(s, a.number, 1, date(2026, 3, 10))


def test_refused_issue_uses_no_number(sessions: sessionmaker[Session], s: Session) -> None:
    add_booking(s, "few", plays=1)
    with pytest.raises(VideotronError, match="below the minimum"):
        issue_assessment(s, "few", config=CONFIG, actor="x", clock=clock())
    assert s.scalar(select(NumberSeries.last).where(NumberSeries.series == "skrd")) is None
    assert issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock()).seq == 1


def test_every_action_is_audited_in_a_valid_chain(s: Session) -> None:
    a = issue_assessment(s, "b2", config=CONFIG, actor="bendahara", clock=clock())
    pay(s, a.number, 775_000, date(2026, 4, 10))
    b = issue_assessment(s, "b1", config=CONFIG, actor="bendahara", clock=clock())
    void_assessment(s, b.number, "salah", actor="kepala", clock=clock())
    entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.action for e in entries] == [
        "tariff.import",
        "skrd.issue",
        "strd.issue",
        "skrd.pay",
        "skrd.issue",
        "skrd.void",
    ]
    pay_entry = entries[3]
    assert json.loads(pay_entry.before)["outstanding"] == 775_000
    assert json.loads(pay_entry.after)["receipt"] == "0001/TBP/VT/2026"
    assert entries[-1].actor == "kepala" and json.loads(entries[-1].after)["status"] == "void"
    assert verify_chain(s) == []


def test_problems_read_in_indonesian_and_name_their_field(s: Session) -> None:
    a = issue_assessment(s, "b1", config=CONFIG, actor="x", clock=clock())  # Rp1.240.000, issued 10 March 2026
    with pytest.raises(VideotronError) as over:
        pay(s, a.number, 2_000_000, date(2026, 3, 11))
    assert (over.value.code, over.value.field) == ("payment.overpaid", "amount")
    assert render_error(over.value, "id") == (
        "amount: Rp2.000.000 melebihi Rp1.240.000 yang masih terutang pada SKRD 0001/SKRD/VT/2026; "
        "kelebihan bayar ditolak"
    )
    assert render_error(over.value, "id", {"amount": "Jumlah"}.get).startswith("Jumlah: Rp2.000.000 melebihi")
    with pytest.raises(VideotronError) as early:
        pay(s, a.number, 1000, date(2026, 3, 9))
    assert render_error(early.value, "id") == (
        "paid_on: 9 Maret 2026 lebih awal daripada terbitnya SKRD 0001/SKRD/VT/2026 (10 Maret 2026)"
    )
    assert str(early.value) == "paid_on: 2026-03-09 is before SKRD 0001/SKRD/VT/2026 was issued (2026-03-10)"
    with pytest.raises(VideotronError) as no_reason:
        void_assessment(s, a.number, "", actor="x", clock=clock())
    assert render_error(no_reason.value, "id", {"reason": "Alasan"}.get) == (
        "Alasan: pembatalan wajib disertai alasan (alasan dicatat dalam jejak audit)"
    )
    with pytest.raises(NotFound) as missing:
        get_assessment(s, "9999/SKRD/VT/2026")
    assert render_error(missing.value, "id") == "SKRD '9999/SKRD/VT/2026' tidak ditemukan"
