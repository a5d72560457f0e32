"""Database models for billing: tariff versions, number series, assessments (SKRD), STRD penalties, payments,
receipts and deposits (STS).

Nothing here is ever deleted or rewritten after the fact: a tariff is replaced by importing a new version,
an assessment freezes its tariff, payer, issuer and lines at issue time, a voided assessment keeps its number.
Money columns are integer rupiah (BigInteger). Factors and percentages are stored as scaled integers (1.5 as
15000, 2% as 2000), so no value ever passes through a float, not even inside SQLite (which keeps NUMERIC as REAL).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_

if TYPE_CHECKING:
    from billing.lifecycle_models import CreditUse

# the tariff table's models live in their own module; re-exported here, where every billing model is found
from billing.tariff_models import TariffBand as TariffBand
from billing.tariff_models import TariffRate as TariffRate
from billing.tariff_models import TariffVersion as TariffVersion

# What a tariff file's rate row may price by (`billing.pricing` says what each means). `period30` is the old `month`
# (started 30-day periods, per block of the spot): rows imported before migration 0009 keep that meaning under their
# new name, and a tariff file cannot use it.
UNITS = ("play", "day", "month", "contract")
LEGACY_UNITS = ("period30",)
STORED_UNITS = UNITS + LEGACY_UNITS
BLOCK_BASES = ("spot", "airtime", "none", "chars")  # what a row's blocks count: the spot's length, a day's airtime,
# nothing, or a running text's characters (one block a character)
PART_MONTH_RULES = ("whole", "days")  # a started calendar month counts whole, or pro rata by its days
ASSESSMENT_STATUSES = ("issued", "partial", "paid", "void")
ASSESSMENT_KINDS = ("skrd", "additional")  # the booking's SKRD, or an SKRD tambahan for an amendment's increase
PAYMENT_METHODS = ("tunai", "transfer", "qris", "va")  # cash, bank transfer, QRIS, virtual account
BANK_METHODS = ("qris", "va")  # always through a bank, with its reference


class NumberSeries(Base):
    """The last number handed out per series and year; locked and incremented inside the issuing transaction."""

    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Numbered:
    """A document numbered gaplessly per series and year (`billing.numbering`): its number as printed, and the
    series, year and place in the year it was given (unique together, see each table's constraint)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    series: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)


class Assessment(Numbered, Base):
    """An SKRD: the quote frozen at issue time, with payer, issuer and signer as they were that day.

    `kind` "additional" is an SKRD tambahan: an amendment's increase, `amends` the booking's SKRD, with its own
    number series. `credited` is what credit notes (SKRDLB) offset against it (`billing.credits`): settled without
    new money, so it is not a payment and has no receipt."""

    __tablename__ = "assessment"
    __audit_name__ = N_("SKRD")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "number", "series", "year", "seq", "booking_id", "kind", "amends_id", "tariff_version_id", "category", "exempt",
        "issued_at", "issued_by", "issue_date", "due_date", "period_start", "period_end", "advertiser_id", "payer_name",
        "payer_address", "payer_npwrd", "media_title", "media_duration_ms", "plays_per_day", "band", "principal",
        "issuer_json", "verification", "status", "paid_total", "credited", "void_reason", "voided_at", "voided_by",
        "virtual_account"
    )  # fmt: skip

    booking_id: Mapped[str] = mapped_column(ForeignKey("booking.id"), index=True, nullable=True)  # None: a text's
    # A running-text booking's SKRD (`billing.text_assessments`) names it here instead of `booking_id`.
    text_booking_id: Mapped[str | None] = mapped_column(ForeignKey("running_text.id"), index=True, nullable=True)
    kind: Mapped[str] = mapped_column(String(16), default="skrd")
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), nullable=True, index=True)
    tariff_version_id: Mapped[int] = mapped_column(ForeignKey("tariff_version.id"))
    category: Mapped[str] = mapped_column(String(64))
    exempt: Mapped[bool] = mapped_column(default=False)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(200))
    issue_date: Mapped[date] = mapped_column(Date, index=True)
    due_date: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)  # masa retribusi
    period_end: Mapped[date] = mapped_column(Date)
    advertiser_id: Mapped[str] = mapped_column(String(64))
    payer_name: Mapped[str] = mapped_column(String(300))
    payer_address: Mapped[str] = mapped_column(String(500))
    payer_npwrd: Mapped[str] = mapped_column(String(64))
    media_title: Mapped[str] = mapped_column(String(300))
    media_duration_ms: Mapped[int] = mapped_column(Integer)
    plays_per_day: Mapped[int] = mapped_column(Integer)
    band: Mapped[str | None] = mapped_column(String(16), nullable=True)
    principal: Mapped[int] = mapped_column(BigInteger)  # jumlah pokok
    issuer_json: Mapped[str] = mapped_column(Text)  # office, signer, treasurer, payment instructions at issue time
    verification: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="issued")
    paid_total: Mapped[int] = mapped_column(BigInteger, default=0)
    credited: Mapped[int] = mapped_column(BigInteger, default=0)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    voided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The SKRD's own virtual account (`billing.virtual_account`), given at issue when the office has a prefix.
    virtual_account: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)

    lines: Mapped[list[AssessmentLine]] = relationship(
        cascade="all, delete-orphan", order_by="AssessmentLine.position", back_populates="assessment"
    )
    penalties: Mapped[list[Penalty]] = relationship(order_by="Penalty.id", back_populates="assessment")
    payments: Mapped[list[Payment]] = relationship(order_by="Payment.id", back_populates="assessment")
    offsets: Mapped[list[CreditUse]] = relationship("CreditUse", order_by="CreditUse.id", viewonly=True)
    tariff_version: Mapped[TariffVersion] = relationship()
    amends: Mapped[Assessment | None] = relationship(remote_side="Assessment.id")

    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_assessment_series_year_seq"),
        CheckConstraint("status IN ('issued', 'partial', 'paid', 'void')", name="status_known"),
        CheckConstraint("kind IN ('skrd', 'additional')", name="kind_known"),
        CheckConstraint("(booking_id IS NULL) <> (text_booking_id IS NULL)", name="one_object"),
        CheckConstraint("principal >= 0", name="principal_nonnegative"),
        CheckConstraint("paid_total >= 0", name="paid_nonnegative"),
        CheckConstraint("credited >= 0", name="credited_nonnegative"),
    )

    @property
    def sanksi(self) -> int:
        return sum(p.amount for p in self.penalties)

    @property
    def total(self) -> int:
        return self.principal + self.sanksi

    @property
    def outstanding(self) -> int:
        return 0 if self.status == "void" else self.total - self.paid_total - self.credited

    def settle_status(self) -> None:
        """Issued, partial or paid, from what was paid and credited against the total."""
        settled = self.paid_total + self.credited
        self.status = "paid" if settled >= self.total else "partial" if settled else "issued"


class AssessmentLine(Base):
    """One screen's line: kode rekening, the object, and every factor of the calculation."""

    __tablename__ = "assessment_line"
    __audit_name__ = N_("SKRD line")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "screen_id", "screen_name", "screen_location", "zone", "rate_zone", "account", "unit", "unit_price", "blocks",
        "quantity", "factor_x10000", "band_name", "amount", "description", "calculation"
    )  # fmt: skip

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    screen_id: Mapped[str] = mapped_column(String(64))
    screen_name: Mapped[str] = mapped_column(String(200))
    screen_location: Mapped[str] = mapped_column(String(300))
    zone: Mapped[str] = mapped_column(String(32))
    rate_zone: Mapped[str] = mapped_column(String(32))  # the zone of the rate row used ("*" on fallback)
    account: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(8))
    unit_price: Mapped[int] = mapped_column(BigInteger)
    blocks: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    factor_x10000: Mapped[int] = mapped_column(Integer)  # 1.5 is 15000
    band_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text)
    # Every term of the calculation (`billing.calculation`, JSON), so the document words it in its language; None on
    # lines issued before migration 0009, whose columns above say it all. `quantity` above is whole units: a pro-rata
    # month line keeps its exact fraction of months here.
    calculation: Mapped[str | None] = mapped_column(Text, nullable=True)
    assessment: Mapped[Assessment] = relationship(back_populates="lines")

    @property
    def factor(self) -> Decimal:
        return Decimal(self.factor_x10000) / 10000


class Penalty(Numbered, Base):
    """An STRD: administrative interest for months after the due date, on the principal still unpaid."""

    __tablename__ = "penalty"
    __audit_name__ = N_("STRD")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "number", "series", "year", "seq", "assessment_id", "issue_date", "months_from", "months_to", "percent_x1000",
        "base", "amount", "account", "verification", "issued_by"
    )  # fmt: skip

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    issue_date: Mapped[date] = mapped_column(Date)
    months_from: Mapped[int] = mapped_column(Integer)  # first month charged (1 = first month after due date)
    months_to: Mapped[int] = mapped_column(Integer)
    percent_x1000: Mapped[int] = mapped_column(Integer)
    base: Mapped[int] = mapped_column(BigInteger)  # unpaid principal the interest is computed on
    amount: Mapped[int] = mapped_column(BigInteger)
    # Since migration 0011 (NULL before): the kode rekening the interest is booked to (denda retribusi), and the STRD
    # as a document: the office it was issued by, its verification code, when and by whom.
    account: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issuer_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    verification: Mapped[str | None] = mapped_column(String(32), nullable=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    issued_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    assessment: Mapped[Assessment] = relationship(back_populates="penalties")

    @property
    def percent(self) -> Decimal:
        return Decimal(self.percent_x1000) / 1000

    __table_args__ = (UniqueConstraint("series", "year", "seq", name="uq_penalty_series_year_seq"),)


class Payment(Base):
    """Money received against an assessment; principal is settled first, then sanksi."""

    __tablename__ = "payment"
    __audit_name__ = N_("payment")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "assessment_id", "paid_on", "amount", "principal_part", "sanksi_part", "method", "recorded_at", "recorded_by",
        "bank_reference", "value_date", "bank_account", "sanksi_account"
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    principal_part: Mapped[int] = mapped_column(BigInteger)
    sanksi_part: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))
    # Non-cash: the bank's reference of the transaction, the value date, and the account it was paid into.
    bank_reference: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    value_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    bank_account: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sanksi_account: Mapped[str | None] = mapped_column(String(64), nullable=True)  # where sanksi_part is booked
    assessment: Mapped[Assessment] = relationship(back_populates="payments")
    receipt: Mapped[Receipt] = relationship(back_populates="payment")

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("principal_part + sanksi_part = amount", name="parts_add_up"),
        CheckConstraint("method IN ('tunai', 'transfer', 'qris', 'va')", name="method_known"),
    )


class Receipt(Numbered, Base):
    """Tanda bukti pembayaran: one per payment, numbered in its own gapless series."""

    __tablename__ = "receipt"
    __audit_name__ = N_("receipt")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "number", "series", "year", "seq", "payment_id", "issue_date", "issuer_json", "verification"
    )  # fmt: skip

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), unique=True)
    issue_date: Mapped[date] = mapped_column(Date)
    issuer_json: Mapped[str] = mapped_column(Text)  # office and treasurer at issue time
    verification: Mapped[str] = mapped_column(String(32))
    payment: Mapped[Payment] = relationship(back_populates="receipt")

    __table_args__ = (UniqueConstraint("series", "year", "seq", name="uq_receipt_series_year_seq"),)


# ---- deposits (STS, Surat Tanda Setoran): money handed to the regional treasury, and which receipts it covers.
# A receipt is deposited at most once (the link table's primary key is the receipt), and a deposit is never
# rewritten: a wrong deposit is corrected by the treasury's own procedure, not by editing this record.
class Deposit(Numbered, Base):
    """One STS: a gapless number per year, the day the money was paid into the treasury, and the total."""

    __tablename__ = "deposit"
    __audit_name__ = N_("deposit (STS)")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "number", "series", "year", "seq", "deposit_date", "amount", "note", "recorded_by"
    )  # fmt: skip

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
    __audit_name__ = N_("receipt in a deposit (STS)")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = ("deposit_id", "amount")

    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), primary_key=True)
    deposit_id: Mapped[int] = mapped_column(ForeignKey("deposit.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    deposit: Mapped[Deposit] = relationship(back_populates="receipts")

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


import billing.lifecycle_models  # noqa: E402,F401  (Assessment.offsets names its CreditUse; keep the mapper complete)
