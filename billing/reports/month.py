"""The monthly retribution report's data, computed with aggregate queries on SQLite and PostgreSQL.

- Buku Penerimaan dan Penyetoran: one row per receipt dated in the month, with its deposit (STS) if any.
- Summary: assessed (SKRDs issued in the month, void ones excluded), received, deposited, outstanding and overdue
  as of the report date (the month's last day, or today while the month is running), with late interest.
- Breakdowns by category, zone, screen and advertiser; target vs realisation for the year.

An SKRD's kode rekening is its lines' account (lines of one SKRD share a category; should they ever differ,
the lowest code is used). Breakdowns are in `breakdown`, receivables and arrears in `arrears`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from billing.integrity import report_anchor
from billing.models import Assessment, AssessmentLine, Deposit, DepositReceipt, Payment, Penalty, Receipt
from billing.periods import CashPosition, Late, cash_position, late_deposits
from billing.reports.arrears import OverdueRow, open_balances, overdue
from billing.reports.breakdown import BreakdownRow, breakdown
from billing.reports.charts_data import MonthlyRealisation, monthly_realisation
from billing.reports.period import Month, result_rows
from billing.workdays import deposit_deadline
from videotron.core.config import Config


@dataclass(frozen=True)
class BookRow:
    no: int
    receipt: str
    paid_on: date
    method: str
    account: str
    skrd: str
    payer: str
    amount: int
    principal: int
    sanksi: int
    sts: str | None
    sts_date: date | None
    deposited: int
    instalment: bool  # the SKRD was still not fully paid after this payment
    sanksi_account: str = ""  # the kode rekening its sanksi part is booked to ("" before migration 0011: the SKRD's)
    deadline: date | None = None  # deposit due by this day (1x24 h: the next working day)
    late: bool = False  # deposited after the deadline, or not deposited and the deadline has passed


@dataclass(frozen=True)
class Summary:
    assessed_count: int
    assessed: int
    sanksi_assessed: int
    received: int
    received_principal: int
    received_sanksi: int
    deposited: int
    outstanding_count: int
    outstanding: int
    overdue_count: int
    overdue: int
    overdue_interest: int

    @property
    def undeposited(self) -> int:
        return self.received - self.deposited


@dataclass(frozen=True)
class VoidRow:
    skrd: str
    issue_date: date
    payer: str
    principal: int
    reason: str


@dataclass(frozen=True)
class TargetRow:
    account: str  # "" for the total row
    target: int | None
    before: int  # s.d. bulan lalu
    this_month: int  # bulan ini
    to_date: int  # s.d. bulan ini

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (Decimal(self.to_date) * 100 / self.target).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthReport:
    month: Month
    as_of: date
    book: list[BookRow]
    summary: Summary
    overdue: list[OverdueRow]
    voided: list[VoidRow]
    by_category: list[BreakdownRow]
    by_zone: list[BreakdownRow]
    by_screen: list[BreakdownRow]
    by_advertiser: list[BreakdownRow]
    targets: list[TargetRow]  # one per account, then the total
    chart: list[MonthlyRealisation]
    cash: CashPosition  # saldo awal (carried in), received, deposited, saldo akhir on as_of
    late_deposits: list[Late]  # this month's receipts and those carried in, deposited (or held) past the deadline
    audit_head: str = (
        ""  # " · Jejak audit SEQ:HASH": the audit chain's head as the report was made (`billing.integrity`)
    )


def skrd_account() -> Subquery:
    """(assessment_id, account) for every SKRD: a derived table to join on."""
    return (
        select(AssessmentLine.assessment_id, func.min(AssessmentLine.account).label("account"))
        .group_by(AssessmentLine.assessment_id)
        .subquery("skrd_account")
    )


def month_report(session: Session, month: Month, *, config: Config, today: date) -> MonthReport:
    as_of = min(month.end, today)
    return MonthReport(
        month=month,
        as_of=as_of,
        book=receipts_book(session, month, as_of, config.deposit.holidays),
        summary=summary(session, month, as_of, config.interest.max_months),
        overdue=overdue(session, as_of, config.interest.max_months),
        voided=voided(session, month, config.zone),
        by_category=breakdown(session, month, "category"),
        by_zone=breakdown(session, month, "zone"),
        by_screen=breakdown(session, month, "screen"),
        by_advertiser=breakdown(session, month, "advertiser"),
        targets=targets(session, month, config),
        chart=monthly_realisation(session, month.year, config, through=month.month),
        cash=cash_position(session, month, as_of),
        late_deposits=late_deposits(session, month, as_of, config.deposit.holidays),
        audit_head=report_anchor(session, config.language),
    )


def receipts_book(session: Session, month: Month, as_of: date, holidays: Collection[date]) -> list[BookRow]:
    """Every receipt dated in the month with its deposit as it stood on `as_of` (a deposit made after the month is
    the next month's: a closed month's book does not change), flagged when the deposit was (or is, on `as_of`) later
    than the next working day."""
    acct = skrd_account()
    earlier = Payment.__table__.alias("earlier")
    paid_to_date = (
        select(func.coalesce(func.sum(earlier.c.principal_part), 0))
        .where(earlier.c.assessment_id == Payment.assessment_id, earlier.c.id <= Payment.id)
        .scalar_subquery()
    )
    stmt = (
        select(
            Receipt.number,
            Payment.paid_on,
            Payment.method,
            acct.c.account,
            Assessment.number,
            Assessment.payer_name,
            Payment.amount,
            Payment.principal_part,
            Payment.sanksi_part,
            Deposit.number,
            Deposit.deposit_date,
            DepositReceipt.amount,
            paid_to_date < Assessment.principal,
            Payment.sanksi_account,
        )
        .join(Payment, Payment.id == Receipt.payment_id)
        .join(Assessment, Assessment.id == Payment.assessment_id)
        .outerjoin(acct, acct.c.assessment_id == Assessment.id)
        .outerjoin(DepositReceipt, DepositReceipt.receipt_id == Receipt.id)
        .outerjoin(Deposit, and_(Deposit.id == DepositReceipt.deposit_id, Deposit.deposit_date <= as_of))
        .where(Payment.paid_on.between(month.start, month.end))
        .order_by(Payment.paid_on, Receipt.year, Receipt.seq)
    )
    rows = []
    for i, r in enumerate(result_rows(session, stmt), 1):
        deadline = deposit_deadline(r[1], holidays)
        late = (r[10] or as_of) > deadline  # deposited late, or still held past the deadline
        deposited = r[11] or 0 if r[9] else 0  # a deposit after as_of is the next month's (its saldo awal)
        rows.append(BookRow(i, r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7], r[8], r[9], r[10], deposited,
                            bool(r[12]), r[13] or "", deadline, late))  # fmt: skip
    return rows


def _sum(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def summary(session: Session, month: Month, as_of: date, cap: int) -> Summary:
    live = Assessment.status != "void"
    in_month = Assessment.issue_date.between(month.start, month.end)
    assessed_count, assessed = session.execute(
        select(func.count(), func.coalesce(func.sum(Assessment.principal), 0)).where(live, in_month)
    ).one()
    sanksi_assessed = _sum(
        session, select(func.sum(Penalty.amount)).where(Penalty.issue_date.between(month.start, month.end))
    )
    received, principal, sanksi = session.execute(
        select(
            func.coalesce(func.sum(Payment.amount), 0),
            func.coalesce(func.sum(Payment.principal_part), 0),
            func.coalesce(func.sum(Payment.sanksi_part), 0),
        ).where(Payment.paid_on.between(month.start, month.end))
    ).one()
    deposited = _sum(
        session,
        select(func.sum(DepositReceipt.amount))
        .join(Receipt, Receipt.id == DepositReceipt.receipt_id)
        .join(Payment, Payment.id == Receipt.payment_id)
        .join(Deposit, Deposit.id == DepositReceipt.deposit_id)
        .where(Payment.paid_on.between(month.start, month.end), Deposit.deposit_date <= as_of),
    )
    owed = open_balances(session, as_of)
    late = overdue(session, as_of, cap)
    return Summary(
        int(assessed_count),
        int(assessed),
        sanksi_assessed,
        int(received),
        int(principal),
        int(sanksi),
        deposited,
        len(owed),
        sum(owed.values()),
        len(late),
        sum(o.unpaid for o in late),
        sum(o.interest for o in late),
    )


def voided(session: Session, month: Month, zone: ZoneInfo) -> list[VoidRow]:
    """SKRDs of the month that are void: issued in it, or voided in it on the office's calendar (`zone`)."""
    start, end = month.utc_bounds(zone)
    stmt = (
        select(
            Assessment.number,
            Assessment.issue_date,
            Assessment.payer_name,
            Assessment.principal,
            Assessment.void_reason,
        )
        .where(
            Assessment.status == "void",
            or_(
                Assessment.issue_date.between(month.start, month.end),
                and_(Assessment.voided_at >= start, Assessment.voided_at < end),
            ),
        )
        .order_by(Assessment.year, Assessment.seq)
    )
    return [VoidRow(n, d, p, int(a), r or "") for n, d, p, a, r in result_rows(session, stmt)]


def targets(session: Session, month: Month, config: Config) -> list[TargetRow]:
    """Realisation per kode rekening for the year: before the month, in it, and to date; targets from config. A
    payment's principal counts under its SKRD's kode rekening, its sanksi under the STRD's (denda retribusi; the SKRD's
    own for payments from before migration 0011)."""
    acct = skrd_account()
    realised: dict[str, tuple[int, int]] = {}
    sanksi_account = func.coalesce(Payment.sanksi_account, acct.c.account)
    for column, part in ((acct.c.account, Payment.principal_part), (sanksi_account, Payment.sanksi_part)):
        before = func.sum(case((Payment.paid_on < month.start, part), else_=0))
        this = func.sum(case((Payment.paid_on >= month.start, part), else_=0))
        stmt = (
            select(column, before, this)
            .select_from(Payment)
            .join(acct, acct.c.assessment_id == Payment.assessment_id)
            .where(Payment.paid_on.between(month.year_start, month.end), part > 0)
            .group_by(column)
        )
        for a, b, t in result_rows(session, stmt):
            old = realised.get(a, (0, 0))
            realised[a] = (old[0] + int(b or 0), old[1] + int(t or 0))
    accounts = sorted(set(realised) | {a for (y, a) in config.account_targets if y == month.year})
    rows = []
    for account in accounts:
        b, t = realised.get(account, (0, 0))
        rows.append(TargetRow(account, config.account_targets.get((month.year, account)), b, t, b + t))
    b, t = sum(r.before for r in rows), sum(r.this_month for r in rows)
    rows.append(TargetRow("", config.targets.get(month.year), b, t, b + t))
    return rows
