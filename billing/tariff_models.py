"""Database models of the tariff table: versions (a regulation's tariff from a day on), their rate rows and time bands.

A tariff is never edited: a new version is imported and the old one stays for the SKRDs issued under it. Money in
integer rupiah; factors and percentages as scaled integers (1.5 as 15000), never a float. Re-exported by
`billing.models`, where every other billing model lives.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_


class TariffVersion(Base):
    """One imported tariff file. The version in force on a day is the newest import with effective_from <= day."""

    __tablename__ = "tariff_version"
    __audit_name__ = N_("tariff")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "name", "regulation", "effective_from", "block_seconds", "rounding", "min_plays_per_day", "due_days",
        "late_interest_x1000", "exempt_categories", "part_month", "source_sha256", "imported_by"
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300))
    regulation: Mapped[str] = mapped_column(String(500))
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    block_seconds: Mapped[int] = mapped_column(Integer)
    rounding: Mapped[int] = mapped_column(Integer)
    min_plays_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    due_days: Mapped[int] = mapped_column(Integer)
    late_interest_x1000: Mapped[int] = mapped_column(Integer)  # percent x 1000: 2% is 2000
    exempt_categories: Mapped[str] = mapped_column(String(500), default="")  # comma separated
    part_month: Mapped[str | None] = mapped_column(String(8), nullable=True)  # whole | days: part calendar months
    source_name: Mapped[str] = mapped_column(String(500), default="")
    source_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_text: Mapped[str] = mapped_column(Text)  # the file exactly as imported, for the auditor
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[str] = mapped_column(String(200))

    rates: Mapped[list[TariffRate]] = relationship(
        cascade="all, delete-orphan", order_by="TariffRate.position", back_populates="version"
    )
    bands: Mapped[list[TariffBand]] = relationship(
        cascade="all, delete-orphan", order_by="TariffBand.position", back_populates="version"
    )

    __table_args__ = (
        CheckConstraint("block_seconds > 0", name="block_positive"),
        CheckConstraint("rounding > 0", name="rounding_positive"),
        CheckConstraint("due_days >= 0", name="due_days_nonnegative"),
    )

    @property
    def exempt(self) -> list[str]:
        return [c for c in self.exempt_categories.split(",") if c]

    @property
    def late_interest_percent(self) -> Decimal:
        return Decimal(self.late_interest_x1000) / 1000


class TariffRate(Base):
    """One priced row: what a category costs in a zone, by unit, and what the price multiplies by (every default of
    the file resolved at import, so the row alone says what it means)."""

    __tablename__ = "tariff_rate"
    __audit_name__ = N_("tariff rate")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "category", "zone", "unit", "price", "account", "block_seconds", "block_basis", "package_plays",
        "minimum_charge"
    )  # fmt: skip

    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_version.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(64))
    zone: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(8))
    price: Mapped[int] = mapped_column(BigInteger)
    account: Mapped[str] = mapped_column(String(64))
    block_seconds: Mapped[int] = mapped_column(Integer)  # the row's block (the file's unless the row names one)
    block_basis: Mapped[str] = mapped_column(String(8))  # spot | airtime | none (see BLOCK_BASES)
    package_plays: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a package of N plays a day
    minimum_charge: Mapped[int] = mapped_column(BigInteger, default=0)  # a line is never below it
    version: Mapped[TariffVersion] = relationship(back_populates="rates")

    __table_args__ = (
        CheckConstraint("unit IN ('play', 'day', 'month', 'contract', 'period30')", name="unit_known"),
        CheckConstraint("price >= 0", name="price_nonnegative"),
        CheckConstraint("block_seconds > 0", name="block_positive"),
        CheckConstraint("block_basis IN ('spot', 'airtime', 'none', 'chars')", name="block_basis_known"),
        CheckConstraint("package_plays IS NULL OR package_plays > 0", name="package_positive"),
        CheckConstraint("minimum_charge >= 0", name="minimum_nonnegative"),
        UniqueConstraint("version_id", "category", "zone", name="uq_tariff_rate_category_zone"),
    )


class TariffBand(Base):
    __tablename__ = "tariff_band"
    __audit_name__ = N_("tariff time band")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = ("name", "start", "end", "factor_x10000")

    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_version.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    start: Mapped[str] = mapped_column(String(5))  # HH:MM
    end: Mapped[str] = mapped_column(String(5))  # HH:MM, "24:00" allowed; end <= start crosses midnight
    factor_x10000: Mapped[int] = mapped_column(Integer)  # 1.5 is 15000
    version: Mapped[TariffVersion] = relationship(back_populates="bands")

    @property
    def factor(self) -> Decimal:
        return Decimal(self.factor_x10000) / 10000
