"""Deposits (STS, Surat Tanda Setoran): money handed to the regional treasury, and which receipts it covers.

A receipt is deposited at most once (the link table's primary key is the receipt), and a deposit is never
rewritten: a wrong deposit is corrected by the treasury's own procedure, not by editing this record.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from videotron.db import Base, UTCDateTime


class Deposit(Base):
    """One STS: a gapless number per year, the day the money was paid into the treasury, and the total."""

    __tablename__ = "deposit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    series: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    deposit_date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))

    receipts: Mapped[list[DepositReceipt]] = relationship(
        cascade="all, delete-orphan", order_by="DepositReceipt.receipt_id", back_populates="deposit"
    )

    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_deposit_series_year_seq"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )


class DepositReceipt(Base):
    """A receipt (tanda bukti pembayaran) covered by a deposit, with the amount deposited for it."""

    __tablename__ = "deposit_receipt"

    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), primary_key=True)
    deposit_id: Mapped[int] = mapped_column(ForeignKey("deposit.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    deposit: Mapped[Deposit] = relationship(back_populates="receipts")

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
