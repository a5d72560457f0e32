"""Closed months: a close needs the month's cash deposited or carried forward by name; after it nothing is dated
inside the month (payment, deposit, credit offset or refund, SKRD void); receipts are numbered in date order.
On SQLite and PostgreSQL (`any_engine`)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from billing.amendments import Change, amend_booking
from billing.assessments import void_assessment
from billing.cash_models import ClosedMonth
from billing.credits import refund_credit
from billing.deposits import record_deposit
from billing.models import Receipt
from billing.payments import record_payment
from billing.periods import cash_position, close_month, closed_months
from billing.reports.month import month_report
from billing.reports.month_tables import summary_rows
from billing.reports.period import Month
from tests.lifecycle_helpers import CONFIG as LIFECYCLE_CONFIG
from tests.lifecycle_helpers import NOV20, assess, book, office
from tests.report_helpers import CONFIG, at, build_month
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import PermissionDenied, VideotronError
from videotron.core.migrate import upgrade
from videotron.core.user_admin import add_user

FEB, MAR = Month(2026, 2), Month(2026, 3)


def test_close_needs_cash_deposited_or_carried_and_then_refuses_dates_inside(any_engine: Engine,
                                                                             tmp_path: Path) -> None:  # fmt: skip
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)
    april = at(date(2026, 4, 2))
    with pytest.raises(VideotronError, match="not over yet"), sessions.begin() as s:
        close_month(s, Month(2026, 4), [], config=CONFIG, actor="bendahara", clock=april)
    # February's receipt r_bpaid (Rp675.000, 10 Feb) was never deposited: the close names it
    with (
        pytest.raises(VideotronError, match=r"1 receipt\(s\) up to 28 February 2026.*Rp675\.000") as refused,
        sessions.begin() as s,
    ):
        close_month(s, FEB, [], config=CONFIG, actor="bendahara", clock=april)
    assert refused.value.code == "period.undeposited" and n["r_bpaid"] in str(refused.value)
    with pytest.raises(VideotronError, match="not held at the end of February 2026"), sessions.begin() as s:
        close_month(s, FEB, [n["r_bpaid"], n["r_b1"]], config=CONFIG, actor="bendahara", clock=april)
    with pytest.raises(VideotronError, match="close February 2026 first: months close in order"), sessions.begin() as s:
        close_month(s, Month(2026, 1), [], config=CONFIG, actor="bendahara", clock=april)
        close_month(s, MAR, [], config=CONFIG, actor="bendahara", clock=april)
    with sessions.begin() as s:
        row = close_month(s, FEB, [n["r_bpaid"]], note="disetor 2 Maret", config=CONFIG, actor="bendahara",
                          clock=april)  # fmt: skip
        assert (row.carried_in, row.received, row.deposited, row.carried_out) == (0, 675_000, 0, 675_000)
    with pytest.raises(VideotronError, match="already closed"), sessions.begin() as s:
        close_month(s, FEB, [n["r_bpaid"]], config=CONFIG, actor="bendahara", clock=april)
    # March starts with February's saldo akhir: Rp675.000 carried in (it used to show "belum disetor Rp0")
    with sessions.begin() as s:
        march = cash_position(s, MAR, MAR.end)
        assert (march.opening, march.received, march.deposited, march.closing) == (675_000, 1_440_000, 1_240_000,
                                                                                   875_000)  # fmt: skip
    closed = r"in a closed month: February 2026 .* on 02-04-2026 09:00 WIB by bendahara; date it in the open month"
    with pytest.raises(VideotronError, match=closed + ", 1 March 2026 or later"), sessions.begin() as s:
        record_payment(s, n["bfeb"], amount=100_000, paid_on=date(2026, 2, 20), method="tunai", config=CONFIG,
                       actor="bendahara", clock=april)  # fmt: skip
    with pytest.raises(VideotronError, match=closed) as e, sessions.begin() as s:
        record_deposit(s, date(2026, 2, 27), [n["r_bpaid"]], config=CONFIG, actor="bendahara", clock=april)
    assert e.value.field == "deposit_date"
    with pytest.raises(VideotronError, match="issued in February 2026, a closed month"), sessions.begin() as s:
        void_assessment(s, n["bfeb"], "salah", actor="bendahara", clock=april)
    with sessions.begin() as s:  # the correction goes into the open month: the deposit dated 2 April is accepted
        assert record_deposit(s, date(2026, 4, 2), [n["r_bpaid"]], config=CONFIG, actor="bendahara",
                              clock=april).amount == 675_000  # fmt: skip
        assert [(r.year, r.month) for r in closed_months(s)] == [(2026, 2)]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "period.close")).one()
        assert entry.entity_id == "2026-02" and verify_chain(s) == []


def test_march_close_carries_the_held_receipts_and_the_figures_add_up(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)
    april = at(date(2026, 4, 1))
    with sessions.begin() as s:
        row = close_month(s, MAR, [n["r_bpaid"], n["r_b2"]], config=CONFIG, actor="bendahara", clock=april)
        assert (row.carried_in, row.received, row.deposited, row.carried_out) == (675_000, 1_440_000, 1_240_000,
                                                                                  875_000)  # fmt: skip
    with sessions.begin() as s:  # closing March says February is final too
        stored = s.scalars(select(ClosedMonth)).one()
        assert (stored.year, stored.month) == (2026, 3)
    with pytest.raises(VideotronError, match="in a closed month: March 2026"), sessions.begin() as s:
        record_payment(s, n["bfeb"], amount=100_000, paid_on=date(2026, 2, 20), method="tunai", config=CONFIG,
                       actor="bendahara", clock=april)  # fmt: skip


def test_receipt_numbers_follow_their_dates(any_engine: Engine, tmp_path: Path) -> None:
    """Receipt 0003 dated 31 January after 0002 of 1 March: refused; dated the day it is recorded, accepted."""
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)  # receipts: 10 Feb, 6 Mar, 12 Mar
    clock = at(date(2026, 3, 20))
    with (
        pytest.raises(VideotronError, match=r"11 March 2026 is before the newest receipt, .* of 12 March 2026") as e,
        sessions.begin() as s,
    ):
        record_payment(s, n["bfeb"], amount=100_000, paid_on=date(2026, 3, 11), method="transfer",
                       config=CONFIG, actor="bendahara", clock=clock)  # fmt: skip
    assert e.value.code == "receipt.out_of_order" and e.value.field == "paid_on"
    with sessions.begin() as s:  # the refused number was given back: this is 0004, dated after 0003
        payment = record_payment(s, n["bfeb"], amount=100_000, paid_on=date(2026, 3, 12), method="transfer",
                                 config=CONFIG, actor="bendahara", clock=clock)  # fmt: skip
        assert payment.receipt.number.startswith("0004/")


def test_a_closed_months_report_stays_as_it_was_signed(any_engine: Engine, tmp_path: Path) -> None:
    """The finding: a payment dated in December, recorded on 2 March, changed December's signed report. Now the
    payment is refused, and what is accepted instead (dated today) leaves the closed month's report as it was."""
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)
    april = at(date(2026, 4, 2))
    with sessions.begin() as s:
        close_month(s, MAR, [n["r_bpaid"], n["r_b2"]], config=CONFIG, actor="bendahara", clock=april)
        before = month_report(s, MAR, config=CONFIG, today=date(2026, 4, 2))
    with pytest.raises(VideotronError, match="in a closed month: March 2026"), sessions.begin() as s:
        record_payment(s, n["bfeb"], amount=405_000, paid_on=date(2026, 3, 20), method="tunai", config=CONFIG,
                       actor="bendahara", clock=april)  # fmt: skip
    with sessions.begin() as s:  # the correction, in the open month
        record_payment(s, n["bfeb"], amount=100_000, paid_on=date(2026, 4, 2), method="tunai", config=CONFIG,
                       actor="bendahara", clock=april)  # fmt: skip
        record_deposit(s, date(2026, 4, 2), [n["r_bpaid"], n["r_b2"]], config=CONFIG, actor="bendahara", clock=april)
    with sessions.begin() as s:
        after = month_report(s, MAR, config=CONFIG, today=date(2026, 4, 20))
        assert summary_rows(after, "id") == summary_rows(before, "id") and after.book == before.book
        row = s.scalars(select(ClosedMonth)).one()
        assert (row.carried_in, row.received, row.deposited, row.carried_out) == (
            after.cash.opening, after.cash.received, after.cash.deposited, after.cash.closing)  # fmt: skip


def test_credit_refund_into_a_closed_month_and_who_may_close(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    nov20, dec2 = FixedClock(NOV20), at(date(2026, 12, 2))
    who = {"config": LIFECYCLE_CONFIG, "actor": "bendahara"}
    with sessions.begin() as s:
        office(s, tmp_path)
        book(s, nov20)
        receipt = record_payment(s, assess(s, nov20).number, amount=1_162_500, paid_on=date(2026, 11, 20),
                                 method="transfer", clock=nov20, **who).receipt.number  # fmt: skip
        credit = amend_booking(s, "bk-1", Change(plays_per_day=4), reason="permintaan", clock=nov20, **who).credit
        assert credit is not None
        add_user(s, "admin", "admin", "rahasia-admin-1", actor="admin", clock=nov20)
        add_user(s, "budi", "operator", "rahasia-budi-12", actor="admin", clock=nov20)
        add_user(s, "bendahara", "bendahara", "rahasia-bend-1", actor="admin", clock=nov20)
    with pytest.raises(PermissionDenied, match="may not close a month"), sessions.begin() as s:
        close_month(s, Month(2026, 11), [receipt], config=CONFIG, actor="budi", clock=dec2)
    with sessions.begin() as s:
        close_month(s, Month(2026, 11), [receipt], config=CONFIG, actor="bendahara", clock=dec2)
    with pytest.raises(VideotronError, match="in a closed month: November 2026") as e, sessions.begin() as s:
        refund_credit(s, credit.number, amount=697_500, paid_on=date(2026, 11, 25), reference="SP2D 1/2026",
                      clock=dec2, **who)  # fmt: skip
    assert e.value.field == "paid_on"
    with sessions.begin() as s:  # refunded on the day it is paid out, in the open month
        refund_credit(s, credit.number, amount=697_500, paid_on=date(2026, 12, 2), reference="SP2D 1/2026",
                      clock=dec2, **who)  # fmt: skip


@pytest.mark.postgres
def test_a_payment_racing_the_close_on_postgres_waits_and_is_refused(pg_url: str, tmp_path: Path) -> None:
    """Two desks: the treasurer closes March while a payment dated in March is being recorded. The payment waits on
    the receipt series the close holds, then sees the closed month and is refused: never a receipt inside a closed
    month's figures that the close did not count."""
    engine = make_engine(pg_url)
    upgrade(engine)
    try:
        sessions = make_session_factory(engine)
        n = build_month(sessions, tmp_path)
        april = at(date(2026, 4, 2))
        outcome: list[str] = []

        def pay() -> None:
            try:
                with sessions.begin() as s:
                    record_payment(s, n["bfeb"], amount=100_000, paid_on=date(2026, 3, 25), method="tunai",
                                   config=CONFIG, actor="bendahara", clock=april)  # fmt: skip
                outcome.append("paid")
            except VideotronError as exc:
                outcome.append(exc.code)

        with sessions.begin() as s:
            close_month(s, MAR, [n["r_bpaid"], n["r_b2"]], config=CONFIG, actor="bendahara", clock=april)
            desk = threading.Thread(target=pay)
            desk.start()
            desk.join(timeout=2)
            assert desk.is_alive() and outcome == []  # waiting on the receipt series the close holds
        desk.join(timeout=60)
        assert outcome == ["period.closed"]
        with sessions.begin() as s:
            assert s.scalar(select(func.count()).select_from(Receipt)) == 3
    finally:
        engine.dispose()
