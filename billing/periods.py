"""Closing a month: the treasurer's cash position at its end, frozen, and nothing dated inside it accepted after.

**What a close requires, and why.** Money received is deposited to the treasury (STS) by the next working day, and
the month's Buku Penerimaan dan Penyetoran ends with what is still held (saldo). Closing a month says that book is
final: so every receipt dated up to the month's last day must either be deposited by a deposit dated in it (or
before), or be named to be **carried forward** (`--carry`: received, say, on the 31st, a Saturday, and deposited on
the next working day of the next month). A receipt held and not named refuses the close, listed with its date and
amount: either its deposit was made and not yet recorded (record it first, dated the day it was made, while the
month is open), or the treasurer states that it is carried — the close records which receipts, and their total is
the next month's saldo awal. Naming a receipt that is not held is refused too: the list is exactly what is held.

Months close in order (the first close may be any month that is over; each one after it is the next month), so
a closed month never sits after an open one: closing March says February is final too. A closed month is not
reopened; a correction goes into the open month (`billing.dating`). The close locks the year's receipt and STS number
series first, so a payment or deposit being recorded on another desk is either in the figures or refused after.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from billing.cash_models import ClosedMonth
from billing.dating import last_closed, month_end
from billing.models import Deposit, DepositReceipt, Payment, Receipt
from billing.numbering import lock_series
from billing.reports.period import Month, result_rows
from billing.workdays import deposit_deadline
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.permissions import authorize


@dataclass(frozen=True)
class Held:
    """A receipt whose money was not deposited by a given day."""

    receipt: str
    received_on: date
    amount: int


@dataclass(frozen=True)
class CashPosition:
    """A month's cash: saldo awal, received and deposited in it, saldo akhir on `as_of` (the month's end, or today)."""

    carried_in: list[Held]  # held at the end of the month before
    received: int  # receipts dated in the month (up to as_of)
    deposited: int  # deposits (STS) dated in the month (up to as_of), of this month's receipts and earlier ones
    carried_out: list[Held]  # held on as_of

    @property
    def opening(self) -> int:
        return sum(h.amount for h in self.carried_in)

    @property
    def closing(self) -> int:
        return sum(h.amount for h in self.carried_out)


def held_on(session: Session, day: date) -> list[Held]:
    """Receipts dated up to `day` that no deposit dated up to `day` covers, oldest first."""
    deposited = exists().where(DepositReceipt.receipt_id == Receipt.id, Deposit.id == DepositReceipt.deposit_id,
                               Deposit.deposit_date <= day)  # fmt: skip
    stmt = (
        select(Receipt.number, Receipt.issue_date, Payment.amount)
        .join(Payment, Payment.id == Receipt.payment_id)
        .where(Receipt.issue_date <= day, ~deposited)
        .order_by(Receipt.issue_date, Receipt.year, Receipt.seq)
    )
    return [Held(n, d, int(a)) for n, d, a in result_rows(session, stmt)]


@dataclass(frozen=True)
class Late:
    """A receipt deposited after its deadline (the next working day), or still held after it."""

    receipt: str
    received_on: date
    amount: int
    deadline: date
    deposited_on: date | None  # None: still held on the report's day


def late_deposits(session: Session, month: Month, as_of: date, holidays: Collection[date]) -> list[Late]:
    """The receipts the month is answerable for (held at its start, or received in it up to `as_of`) that were
    deposited in it after their deadline, or are still held after it on `as_of`."""
    stmt = (
        select(Receipt.number, Receipt.issue_date, Payment.amount, Deposit.deposit_date)
        .join(Payment, Payment.id == Receipt.payment_id)
        .outerjoin(DepositReceipt, DepositReceipt.receipt_id == Receipt.id)
        .outerjoin(Deposit, and_(Deposit.id == DepositReceipt.deposit_id, Deposit.deposit_date <= as_of))
        .where(Receipt.issue_date <= as_of, or_(Deposit.deposit_date.is_(None), Deposit.deposit_date >= month.start))
        .order_by(Receipt.issue_date, Receipt.year, Receipt.seq)
    )
    rows = []
    for number, day, amount, deposited in result_rows(session, stmt):
        deadline = deposit_deadline(day, holidays)
        if (deposited or as_of) > deadline:
            rows.append(Late(number, day, int(amount), deadline, deposited))
    return rows


def cash_position(session: Session, month: Month, as_of: date) -> CashPosition:
    """The cash of `month` as it stood on `as_of` (a day in it)."""
    received = session.scalar(select(func.coalesce(func.sum(Payment.amount), 0))
                              .where(Payment.paid_on.between(month.start, as_of)))  # fmt: skip
    deposited = session.scalar(
        select(func.coalesce(func.sum(DepositReceipt.amount), 0))
        .join(Deposit, Deposit.id == DepositReceipt.deposit_id)
        .where(Deposit.deposit_date.between(month.start, as_of))
    )
    before = month.start - timedelta(days=1)
    return CashPosition(held_on(session, before), int(received or 0), int(deposited or 0), held_on(session, as_of))


def close_month(session: Session, month: Month, carry: list[str], *, note: str = "", config: Config, actor: str,
                clock: Clock) -> ClosedMonth:  # fmt: skip
    """Close `month` once its cash is deposited or named in `carry` (see the module docstring); audited."""
    authorize(session, actor, "period.close")
    today = config.today(clock)
    if month.end >= today:
        raise VideotronError("period.not_over", "{month:month} is not over yet (the office's today is {today:date}); a "
                             "month is closed once it has ended", field="month", month=month.start,
                             today=today)  # fmt: skip
    _lock_series(session, month.year)
    latest = last_closed(session)
    if latest is not None and month.start <= month_end(latest):
        raise VideotronError("period.already_closed", "{month:month} is already closed (months up to {last:month} "
                             "are)", field="month", month=month.start, last=month_end(latest))  # fmt: skip
    if latest is not None and month.start != month_end(latest) + timedelta(days=1):
        following = month_end(latest) + timedelta(days=1)
        raise VideotronError("period.out_of_order", "close {first:month} first: months close in order, and the last "
                             "closed is {last:month}", field="month", first=following,
                             last=month_end(latest))  # fmt: skip
    position = cash_position(session, month, month.end)
    _check_carried(position.carried_out, [n.strip() for n in carry if n.strip()], month)
    row = ClosedMonth(year=month.year, month=month.month, closed_at=clock.now(), closed_by=actor,
                      carried_in=position.opening, received=position.received, deposited=position.deposited,
                      carried_out=position.closing, note=note.strip(),
                      carried_receipts=json.dumps([h.receipt for h in position.carried_out]))  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="period.close", entity="month", entity_id=str(month),
                 after=describe(row), clock=clock)  # fmt: skip
    return row


def _lock_series(session: Session, year: int) -> None:
    """Wait for any desk recording a receipt or a deposit of `year` (they hold its number series' row), and hold
    both series until the close commits (created if the year has none yet, so even a year's first receipt waits)."""
    for series in ("receipt", "sts"):  # billing.payments.RECEIPT_SERIES, billing.deposits.SERIES
        lock_series(session, series, year)


def _check_carried(held: list[Held], named: list[str], month: Month) -> None:
    held_numbers = {h.receipt for h in held}
    not_held = sorted(set(named) - held_numbers)
    if not_held:
        raise VideotronError("period.carry_not_held", "not held at the end of {month:month} (deposited, or no such "
                             "receipt): {numbers:list}; name only the receipts carried forward", field="carry",
                             month=month.start, numbers=not_held)  # fmt: skip
    unnamed = [h for h in held if h.receipt not in named]
    if unnamed:
        raise VideotronError("period.undeposited", "{count} receipt(s) up to {end:date} were not deposited by then "
                             "({total:rupiah}): {receipts:list}. Record their deposit (STS) dated the day it was made, "
                             "or carry them forward into the next month by naming them", field="carry",
                             count=len(unnamed), end=month.end, total=sum(h.amount for h in unnamed),
                             receipts=[f"{h.receipt} ({h.received_on:%d-%m-%Y}, {rupiah(h.amount)})"
                                       for h in unnamed])  # fmt: skip


def closed_months(session: Session) -> list[ClosedMonth]:
    return list(session.scalars(select(ClosedMonth).order_by(ClosedMonth.year, ClosedMonth.month)))


def closed_row(session: Session, month: Month) -> ClosedMonth | None:
    return session.get(ClosedMonth, (month.year, month.month))


def describe(row: ClosedMonth) -> dict[str, object]:
    return {"month": f"{row.year:04d}-{row.month:02d}", "carried_in": row.carried_in, "received": row.received,
            "deposited": row.deposited, "carried_out": row.carried_out,
            "carried_receipts": json.loads(row.carried_receipts), "note": row.note}  # fmt: skip
