"""Overdue SKRDs, STRDs charged when the office bills them (capped, to the interest's own kode rekening), reminder
letters (Surat Teguran 1-3) numbered, audited and never issued twice for a step; the month report's saldo awal and
late-deposit flags. On SQLite and PostgreSQL (`any_engine`)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from billing.assessments import get_assessment
from billing.cash_models import Reminder
from billing.documents.receipt import render_receipt
from billing.overdue import issue_strd, overdue_skrds
from billing.payments import record_payment
from billing.periods import close_month
from billing.reminders import issue_due_letters, issue_reminder
from billing.reports.month import month_report
from billing.reports.month_tables import book_rows, summary_rows
from billing.reports.period import Month
from tests.report_helpers import CONFIG, at, build_month
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.cash_settings import Interest
from videotron.core.db import make_session_factory
from videotron.core.errors import VideotronError

DENDA = "4.1.04.18.01"


def test_overdue_strd_and_letters(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)  # bfeb: Rp405.000, due 4 March 2026, never paid
    apr10 = at(date(2026, 4, 10))
    with sessions.begin() as s:
        row = next(o for o in overdue_skrds(s, date(2026, 4, 10), config=CONFIG) if o.skrd == n["bfeb"])
        assert (row.months_late, row.principal, row.sanksi, row.interest_due) == (2, 405_000, 0, 16_200)
        assert (row.next_step, row.next_on, row.total) == (1, date(2026, 3, 11), 421_200)
    with sessions.begin() as s:  # the letter comes with the STRD for the interest to date
        issued = issue_reminder(s, n["bfeb"], config=CONFIG, actor="bendahara", clock=apr10)
        assert issued.strd is not None and issued.strd.account == DENDA and issued.strd.amount == 16_200
        assert issued.strd.number == "0001/STRD/VT/2026" and issued.letter.number == "0001/TEGURAN/VT/2026"
        assert (issued.letter.step, issued.letter.principal_owed, issued.letter.sanksi_owed) == (1, 405_000, 16_200)
        assert issued.letter.pay_by == date(2026, 4, 17)
    not_yet = "Surat Teguran 2 is due on 17 April 2026, not before"
    with pytest.raises(VideotronError, match=not_yet), sessions.begin() as s:
        issue_reminder(s, n["bfeb"], config=CONFIG, actor="bendahara", clock=apr10)
    billed = r"no interest left to bill today \(2 month\(s\) already billed"
    with pytest.raises(VideotronError, match=billed), sessions.begin() as s:
        issue_strd(s, n["bfeb"], config=CONFIG, actor="bendahara", clock=apr10)
    with pytest.raises(IntegrityError), sessions.begin() as s:  # one letter per SKRD and step, whatever desks do
        first = s.scalars(select(Reminder)).one()
        s.add(Reminder(
            number="9999/X", series="reminder", year=2026, seq=9999, assessment_id=first.assessment_id, step=1,
            issue_date=first.issue_date, issued_at=first.issued_at, issued_by="x", months_late=2,
            principal_owed=1, sanksi_owed=0, pay_by=first.pay_by, issuer_json="{}", verification="x"))  # fmt: skip
        s.flush()
    with sessions.begin() as s:  # 5 May: a third month started; step 2 is due: its STRD bills one more month
        letters = issue_due_letters(s, config=CONFIG, actor="bendahara", clock=at(date(2026, 5, 5)))
        got = {i.letter.assessment.number: (i.letter.step, i.strd.amount if i.strd else None) for i in letters}
        assert got == {n["bfeb"]: (2, 8_100), n["b2"]: (1, 16_800)}  # b2: Rp420.000 unpaid since 4 April, 2 months
    with sessions.begin() as s:  # paying all: sanksi booked to denda retribusi
        a = get_assessment(s, n["bfeb"])
        payment = record_payment(s, n["bfeb"], amount=a.outstanding, paid_on=date(2026, 5, 6), method="tunai",
                                 config=CONFIG, actor="bendahara", clock=at(date(2026, 5, 6)))  # fmt: skip
        assert (payment.principal_part, payment.sanksi_part, payment.sanksi_account) == (405_000, 24_300, DENDA)
        render_receipt(payment.receipt, tmp_path / "receipt.pdf", "id")
    with pdfplumber.open(tmp_path / "receipt.pdf") as doc:
        text = " ".join(" ".join(p.extract_text() for p in doc.pages).split())
    assert "sanksi dibukukan pada kode rekening 4.1.04.18.01" in text
    with sessions.begin() as s:
        report = month_report(s, Month(2026, 5), config=CONFIG, today=date(2026, 6, 1))
        realised = {t.account: t.this_month for t in report.targets}
        assert realised[DENDA] == 24_300 and realised["4.1.2.02.01"] == 405_000 and realised[""] == 429_300
        assert "sanksi ke rek. 4.1.04.18.01" in str(book_rows(report, "id")[0][-1])
        actions = [e.action for e in s.scalars(select(AuditEntry))]
        assert actions.count("reminder.issue") == 3 and actions.count("strd.issue") == 3 and verify_chain(s) == []


def test_interest_cap_and_missing_account(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)
    capped = dataclasses.replace(CONFIG, interest=Interest(account=DENDA, max_months=1))
    with sessions.begin() as s:
        assert issue_strd(s, n["bfeb"], config=capped, actor="bendahara", clock=at(date(2026, 6, 10))).amount == 8_100
    unset = dataclasses.replace(CONFIG, interest=Interest(account=""))
    with pytest.raises(VideotronError, match=r"does not set interest\.account") as e, sessions.begin() as s:
        record_payment(s, n["b2"], amount=100_000, paid_on=date(2026, 6, 10), method="tunai", config=unset,
                       actor="bendahara", clock=at(date(2026, 6, 10)))  # fmt: skip
    assert e.value.field == "interest.account"


def test_month_report_carries_undeposited_cash_and_flags_late_deposits(any_engine: Engine, tmp_path: Path) -> None:
    """February's Rp675.000 was never deposited: March opens with it; r_b2 (Thu 12 March) was due by Fri 13 March."""
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)
    with sessions.begin() as s:
        close_month(s, Month(2026, 2), [n["r_bpaid"]], config=CONFIG, actor="bendahara", clock=at(date(2026, 3, 2)))
    with sessions.begin() as s:
        report = month_report(s, Month(2026, 3), config=CONFIG, today=date(2026, 4, 1))
        figures = dict(summary_rows(report, "id"))
        assert figures["Saldo awal: diterima s.d. bulan lalu, belum disetor"] == 675_000
        assert figures["Saldo akhir belum disetor per 31 Maret 2026"] == 875_000
        # r_b2 held past Fri 13 March, and February's r_bpaid (due by 11 February) still held: both late
        assert figures["Setoran terlambat, lewat 1 hari kerja (2 bukti)"] == 875_000
        assert [(x.receipt, x.deadline, x.deposited_on) for x in report.late_deposits] == [
            (n["r_bpaid"], date(2026, 2, 11), None), (n["r_b2"], date(2026, 3, 13), None)]  # fmt: skip
        late = {r.receipt: (r.deadline, r.late) for r in report.book}
        assert late == {n["r_b1"]: (date(2026, 3, 9), False), n["r_b2"]: (date(2026, 3, 13), True)}
        notes = {str(r[1]): str(r[-1]) for r in book_rows(report, "id")}
        assert "setor terlambat (batas 13-03-2026)" in notes[n["r_b2"]]
    holidays = dataclasses.replace(CONFIG.deposit, holidays=frozenset({date(2026, 3, 9)}))
    with sessions.begin() as s:  # b1 paid Fri 6 March: Monday 9 March a holiday, due Tuesday 10th
        report = month_report(s, Month(2026, 3), config=dataclasses.replace(CONFIG, deposit=holidays),
                              today=date(2026, 4, 1))  # fmt: skip
        assert report.book[0].deadline == date(2026, 3, 10)
