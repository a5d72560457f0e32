"""Database models for the treasurer's cash: closed months and reminder letters (Surat Teguran).

A closed month keeps the figures it was closed with (saldo awal, received, deposited, saldo akhir and the receipts
carried forward), so its report can be compared with them at any time; nothing dated inside it is accepted after.
A reminder letter is numbered in its own series, one per SKRD and step: the unique constraint makes "never issued
twice for the same step" a fact of the database, whatever two desks do at once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from billing.models import Assessment, Numbered
from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_


class ClosedMonth(Base):
    """A month the treasurer closed (`billing.periods`): its cash figures as they stood, and who closed it when."""

    __tablename__ = "closed_month"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_by: Mapped[str] = mapped_column(String(200))
    carried_in: Mapped[int] = mapped_column(BigInteger)  # saldo awal: received before the month, not yet deposited
    received: Mapped[int] = mapped_column(BigInteger)  # receipts dated in the month
    deposited: Mapped[int] = mapped_column(BigInteger)  # deposits (STS) dated in the month
    carried_out: Mapped[int] = mapped_column(BigInteger)  # saldo akhir: carried into the next month
    carried_receipts: Mapped[str] = mapped_column(Text)  # JSON list of the receipt numbers carried forward
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month_valid"),
        CheckConstraint("carried_out = carried_in + received - deposited", name="balance_adds_up"),
        CheckConstraint("carried_out >= 0", name="carried_out_nonnegative"),
    )


class Reminder(Numbered, Base):
    """A Surat Teguran (step 1, 2 or 3) for an SKRD past due: what was owed on its day, and the pay-by date."""

    __tablename__ = "reminder"
    __audit_name__ = N_("reminder letter (Surat Teguran)")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "number", "series", "year", "seq", "assessment_id", "step", "issue_date", "issued_by", "months_late",
        "principal_owed", "sanksi_owed", "pay_by", "issuer_json", "verification"
    )  # fmt: skip

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    issue_date: Mapped[date] = mapped_column(Date, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(200))
    months_late: Mapped[int] = mapped_column(Integer)
    principal_owed: Mapped[int] = mapped_column(BigInteger)  # principal still unpaid on the letter's day
    sanksi_owed: Mapped[int] = mapped_column(BigInteger)  # interest charged by STRD and still unpaid
    pay_by: Mapped[date] = mapped_column(Date)
    issuer_json: Mapped[str] = mapped_column(Text)  # office, signer and payment account as they were that day
    verification: Mapped[str] = mapped_column(String(32))
    assessment: Mapped[Assessment] = relationship()

    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_reminder_series_year_seq"),
        UniqueConstraint("assessment_id", "step", name="uq_reminder_assessment_step"),
        CheckConstraint("step BETWEEN 1 AND 3", name="step_valid"),
        CheckConstraint("principal_owed >= 0 AND sanksi_owed >= 0", name="owed_nonnegative"),
    )

    @property
    def owed(self) -> int:
        return self.principal_owed + self.sanksi_owed
