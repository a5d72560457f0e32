"""Recording deposits (STS): the treasurer pays receipts' money into the treasury under one STS number.

All or nothing, in the caller's transaction: an unknown receipt, one already deposited, one named twice or one
dated after the deposit refuses the whole deposit, and the STS number is only used when the deposit commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.dating import ensure_open
from billing.models import Deposit, DepositReceipt, Payment, Receipt
from billing.numbering import number_fields
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.formats import rupiah, zone_name
from videotron.core.permissions import authorize

SERIES = "sts"


def record_deposit(
    session: Session,
    deposit_date: date,
    receipt_numbers: list[str],
    *,
    config: Config,
    actor: str,
    note: str = "",
    clock: Clock,
) -> Deposit:
    """Deposit the full amount of each named receipt under the next STS number of the deposit's year."""
    authorize(session, actor, "deposit.record")
    numbers = [n.strip() for n in receipt_numbers if n.strip()]
    if not numbers:
        raise VideotronError("deposit.no_receipts", "name at least one receipt number", field="receipts")
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise VideotronError("deposit.receipt_twice", "named more than once: {numbers:list}", field="receipts",
                             numbers=twice)  # fmt: skip
    if deposit_date > (today := config.today(clock)):
        raise VideotronError("deposit.date_in_future", "{day} is in the future (the office's today is {today}, "
                             "{zone})", field="deposit_date", day=deposit_date, today=today,
                             zone=zone_name(config.zone))  # fmt: skip
    receipts = {
        r.number: r
        for r in session.scalars(
            select(Receipt)
            .where(Receipt.number.in_(numbers))
            .options(selectinload(Receipt.payment).selectinload(Payment.assessment))
            .with_for_update()
        )
    }
    unknown = [n for n in numbers if n not in receipts]
    if unknown:
        raise NotFound("deposit.unknown_receipts", "unknown receipt(s): {numbers:list}", field="receipts",
                       numbers=unknown)  # fmt: skip
    already = session.execute(
        select(Receipt.number, Deposit.number)
        .join(DepositReceipt, DepositReceipt.receipt_id == Receipt.id)
        .join(Deposit, Deposit.id == DepositReceipt.deposit_id)
        .where(Receipt.number.in_(numbers))
    ).all()
    if already:
        raise VideotronError("deposit.already_deposited", "already deposited: {deposits:list}", field="receipts",
                             deposits=[f"{r} (STS {d})" for r, d in already])  # fmt: skip
    late = [n for n in numbers if receipts[n].issue_date > deposit_date]
    if late:
        raise VideotronError("deposit.receipt_after_deposit", "dated after the deposit date {day}: {numbers:list}",
                             field="receipts", day=deposit_date, numbers=late)  # fmt: skip
    numbered = number_fields(session, SERIES, config.numbering.sts, deposit_date.year)
    ensure_open(session, deposit_date, field="deposit_date", config=config)  # the series is locked: no close races
    deposit = Deposit(
        **numbered,
        deposit_date=deposit_date,
        amount=sum(receipts[n].payment.amount for n in numbers),
        note=note.strip(),
        recorded_at=clock.now(),
        recorded_by=actor,
        receipts=[DepositReceipt(receipt_id=receipts[n].id, amount=receipts[n].payment.amount) for n in numbers],
    )
    session.add(deposit)
    session.flush()
    audit.record(session, actor=actor, action="sts.record", entity="deposit", entity_id=deposit.number,
                 after=describe(deposit, receipts=numbers), clock=clock)  # fmt: skip
    return deposit


def describe(deposit: Deposit, *, receipts: list[str]) -> dict[str, object]:
    return {
        "number": deposit.number,
        "date": deposit.deposit_date.isoformat(),
        "amount": deposit.amount,
        "amount_text": rupiah(deposit.amount),
        "receipts": receipts,
        "note": deposit.note,
    }


def get_deposit(session: Session, number: str) -> Deposit:
    deposit = session.scalar(select(Deposit).where(Deposit.number == number).options(selectinload(Deposit.receipts)))
    if deposit is None:
        raise NotFound("deposit.not_found", "STS {number!r} not found", number=number)
    return deposit


def list_deposits(session: Session) -> list[tuple[Deposit, list[str]]]:
    """Every deposit (STS), newest first, with the numbers of the receipts it covers."""
    deposits = list(session.scalars(select(Deposit).order_by(Deposit.deposit_date.desc(), Deposit.year.desc(),
                                                             Deposit.seq.desc())))  # fmt: skip
    covered: dict[int, list[str]] = {}
    rows = session.execute(
        select(DepositReceipt.deposit_id, Receipt.number)
        .join(Receipt, Receipt.id == DepositReceipt.receipt_id)
        .order_by(Receipt.year, Receipt.seq)
    )
    for deposit_id, number in rows:
        covered.setdefault(deposit_id, []).append(number)
    return [(d, covered.get(d.id, [])) for d in deposits]


def deposit_receipts(session: Session, deposit: Deposit) -> list[Receipt]:
    """The receipts a deposit covers, in number order, with their payments and SKRDs (what its STS prints)."""
    return list(
        session.scalars(
            select(Receipt)
            .join(DepositReceipt, DepositReceipt.receipt_id == Receipt.id)
            .where(DepositReceipt.deposit_id == deposit.id)
            .options(selectinload(Receipt.payment).selectinload(Payment.assessment))
            .order_by(Receipt.year, Receipt.seq)
        )
    )
