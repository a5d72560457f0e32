"""The dates money records may carry: never inside a closed month, and receipts numbered in the order of their dates.

**Closed months.** Once the treasurer has closed a month (`billing.periods`), nothing may be dated inside it: no
payment, deposit (STS), credit offset or refund, STRD or letter, and no SKRD issued in it may be voided. A correction
goes into the open month, where it is seen: a late payment is received (and receipted) on the day it is recorded, a
wrong SKRD is corrected by amending or cancelling its booking (a credit note). Months close in order, so "closed" is
everything up to the end of the last closed month.

**Receipts follow their dates.** A receipt may not be dated before the newest receipt already issued in its series
and year: numbers are handed out in order of issue, so a receipt dated 31 January recorded after 0002 (1 March) would
be numbered 0003 and break the one rule an auditor checks first, that the numbers and the dates run together. A
payment learned of late (a transfer found on the statement) is receipted on the day it is recorded; its bank date is
what the bank says, not what the receipt says. Both checks run after the series is locked, so two desks cannot pass
them at the same time with dates out of order.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.cash_models import ClosedMonth
from billing.models import Receipt
from videotron.core.config import Config
from videotron.core.errors import VideotronError
from videotron.core.formats import local_time


def last_closed(session: Session) -> ClosedMonth | None:
    """The latest closed month (every month before it is closed too), or None."""
    return session.scalar(select(ClosedMonth).order_by(ClosedMonth.year.desc(), ClosedMonth.month.desc()).limit(1))


def month_end(row: ClosedMonth) -> date:
    following = date(row.year + row.month // 12, row.month % 12 + 1, 1)
    return following - timedelta(days=1)


def is_closed(session: Session, day: date) -> bool:
    row = last_closed(session)
    return row is not None and day <= month_end(row)


def ensure_open(session: Session, day: date, *, field: str, config: Config) -> None:
    """Refuse `day` (the value of `field`) when it lies in a closed month, naming the month and the first open day."""
    row = last_closed(session)
    if row is None or day > month_end(row):
        return
    first_open = month_end(row) + timedelta(days=1)
    raise VideotronError("period.closed", "{day:date} is in a closed month: {closed:month} and every month before it "
                         "were closed on {at} by {by}; date it in the open month, {first:date} or later (a correction "
                         "goes into the open month)", field=field, day=day, closed=month_end(row),
                         at=local_time(row.closed_at, config.zone), by=row.closed_by, first=first_open)  # fmt: skip


def ensure_receipt_in_order(session: Session, series: str, year: int, seq: int, day: date, *, config: Config) -> None:
    """Refuse receipt `seq` of `series`/`year` dated `day` when an earlier number carries a later date (call it once
    the number is drawn: the series row is locked), or when `day` is in a closed month."""
    ensure_open(session, day, field="paid_on", config=config)
    newest = session.execute(
        select(Receipt.number, Receipt.issue_date)
        .where(Receipt.series == series, Receipt.year == year, Receipt.seq < seq)
        .order_by(Receipt.issue_date.desc(), Receipt.seq.desc())
        .limit(1)
    ).first()
    if newest is not None and day < newest[1]:
        raise VideotronError("receipt.out_of_order", "{day:date} is before the newest receipt, {number} of "
                             "{newest:date}: receipt numbers follow their dates, so a receipt is never dated before "
                             "one already issued; record the payment on the day it is received here ({newest:date} or "
                             "later)", field="paid_on", day=day, number=newest[0], newest=newest[1])  # fmt: skip


def newest_receipt_date(session: Session, series: str, year: int) -> date | None:
    """The date of the newest receipt of `series` in `year`, if any (a statement's receipts are dated no earlier)."""
    return session.execute(
        select(Receipt.issue_date).where(Receipt.series == series, Receipt.year == year)
        .order_by(Receipt.issue_date.desc()).limit(1)
    ).scalar()  # fmt: skip
