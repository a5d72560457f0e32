"""Database models for a booking's life after its SKRD: amendments, credit notes (SKRDLB) and how each credit was
used (offset against an SKRD, or refunded), and the monthly delivery settlement with the make-goods it granted.

Like every billing record, none of these is ever rewritten: an amendment keeps the terms before and after and the
money on both sides, a credit note keeps its lines, and its uses add up to at most its amount.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from billing.models import Assessment, Numbered
from playlists.makegoods import MakeGood
from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_

CREDIT_CAUSES = ("amendment", "cancellation", "delivery")
CREDIT_USES = ("offset", "refund")


class Amendment(Base):
    """A change to an assessed booking: its terms before and after, what was assessed before, the price of the new
    terms (with the SKRD's tariff version), and the document the difference went to (an SKRD tambahan or a credit
    note), if any."""

    __tablename__ = "booking_amendment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("booking.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))  # the booking's SKRD
    made_on: Mapped[date] = mapped_column(Date)  # the office's day
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    made_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    before_json: Mapped[str] = mapped_column(Text)  # the terms before and after, as the audit trail shows them
    after_json: Mapped[str] = mapped_column(Text)
    lines_json: Mapped[str] = mapped_column(Text)  # per screen and account: assessed before, price after, difference
    assessed_before: Mapped[int] = mapped_column(BigInteger)
    price_after: Mapped[int] = mapped_column(BigInteger)
    difference: Mapped[int] = mapped_column(BigInteger)  # price_after - assessed_before
    additional_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), nullable=True)
    credit_id: Mapped[int | None] = mapped_column(ForeignKey("credit.id"), nullable=True)

    assessment: Mapped[Assessment] = relationship(foreign_keys=[assessment_id])
    additional: Mapped[Assessment | None] = relationship(foreign_keys=[additional_id])
    credit: Mapped[Credit | None] = relationship(foreign_keys=[credit_id])


class Credit(Numbered, Base):
    """A credit note (SKRDLB, surat ketetapan retribusi daerah lebih bayar): money owed back to the payer, from an
    amendment that lowered the price, a cancellation, or plays not delivered. Offset or refunded (`uses`)."""

    __tablename__ = "credit"
    __audit_name__ = N_("credit note (SKRDLB)")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "number", "series", "year", "seq", "booking_id", "assessment_id", "cause", "reason", "issue_date", "issued_by",
        "advertiser_id", "payer_name", "payer_address", "payer_npwrd", "amount", "used", "offset_at_issue",
        "issuer_json", "verification"
    )  # fmt: skip

    booking_id: Mapped[str] = mapped_column(ForeignKey("booking.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))  # the booking's SKRD it refers to
    cause: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    issue_date: Mapped[date] = mapped_column(Date, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(200))
    advertiser_id: Mapped[str] = mapped_column(String(64), index=True)
    payer_name: Mapped[str] = mapped_column(String(300))
    payer_address: Mapped[str] = mapped_column(String(500))
    payer_npwrd: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    used: Mapped[int] = mapped_column(BigInteger, default=0)  # offset + refunded so far
    offset_at_issue: Mapped[int] = mapped_column(BigInteger, default=0)  # against the booking's own unpaid SKRDs
    issuer_json: Mapped[str] = mapped_column(Text)
    verification: Mapped[str] = mapped_column(String(32))

    lines: Mapped[list[CreditLine]] = relationship(
        cascade="all, delete-orphan", order_by="CreditLine.position", back_populates="credit"
    )
    uses: Mapped[list[CreditUse]] = relationship(order_by="CreditUse.id", back_populates="credit")
    assessment: Mapped[Assessment] = relationship()

    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_credit_series_year_seq"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("used >= 0 AND used <= amount", name="used_within_amount"),
        CheckConstraint("cause IN ('amendment', 'cancellation', 'delivery')", name="cause_known"),
    )

    @property
    def remaining(self) -> int:
        return self.amount - self.used


class CreditLine(Base):
    """One screen's part of a credit note: its kode rekening, what is credited and why (the calculation)."""

    __tablename__ = "credit_line"
    __audit_name__ = N_("credit note line")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = ("screen_id", "screen_name", "account", "description", "amount")

    credit_id: Mapped[int] = mapped_column(ForeignKey("credit.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    screen_id: Mapped[str] = mapped_column(String(64))
    screen_name: Mapped[str] = mapped_column(String(200))
    account: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    amount: Mapped[int] = mapped_column(BigInteger)  # may be negative where the same amendment raised one screen
    credit: Mapped[Credit] = relationship(back_populates="lines")


class CreditUse(Base):
    """Part of a credit used: offset against an SKRD of the same payer (`assessment_id`), or refunded."""

    __tablename__ = "credit_use"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    credit_id: Mapped[int] = mapped_column(ForeignKey("credit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), nullable=True, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    used_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200), default="")  # a refund's transfer or SP2D reference
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))
    credit: Mapped[Credit] = relationship(back_populates="uses")
    assessment: Mapped[Assessment | None] = relationship()

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("kind IN ('offset', 'refund')", name="kind_known"),
        CheckConstraint("(kind = 'offset') = (assessment_id IS NOT NULL)", name="offset_names_skrd"),
    )


class Settlement(Base):
    """One booking on one screen for one month, settled: plays due and delivered, why the rest fell short, and what
    the shortfall became (make-good plays, a credit, or nothing within the tolerance). One row per month, booking
    and screen: settling a month again finds it and changes nothing."""

    __tablename__ = "delivery_settlement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    booking_id: Mapped[str] = mapped_column(ForeignKey("booking.id"), index=True)
    screen_id: Mapped[str] = mapped_column(String(64))
    due: Mapped[int] = mapped_column(Integer)  # booked plays of the month's days + make-goods granted on them
    played: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    alert: Mapped[int] = mapped_column(Integer)  # skipped for an emergency alert
    skipped: Mapped[int] = mapped_column(Integer)  # skipped for another reason
    missing: Mapped[int] = mapped_column(Integer)  # no record at all: screen or player off
    shortfall: Mapped[int] = mapped_column(Integer)
    tolerance: Mapped[int] = mapped_column(Integer)  # plays the shortfall may reach without compensation
    covered: Mapped[int] = mapped_column(Integer)  # shortfall already covered by make-goods granted before
    makegood_plays: Mapped[int] = mapped_column(Integer)  # granted by this settlement
    credited_plays: Mapped[int] = mapped_column(Integer)
    credit_id: Mapped[int | None] = mapped_column(ForeignKey("credit.id"), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))  # delivered | tolerated | makegood | credit | mixed
    settled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settled_by: Mapped[str] = mapped_column(String(200))
    credit: Mapped[Credit | None] = relationship()

    __table_args__ = (UniqueConstraint("month", "booking_id", "screen_id", name="uq_delivery_settlement_line"),)


class SettlementGrant(Base):
    """Make-good plays a settlement counted: granted by it, or granted before it (an alert's make-goods) and
    counted against its shortfall, so no later settlement counts them again."""

    __tablename__ = "delivery_settlement_grant"

    make_good_id: Mapped[int] = mapped_column(ForeignKey(MakeGood.id), primary_key=True)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("delivery_settlement.id"), primary_key=True)
    plays: Mapped[int] = mapped_column(Integer)
