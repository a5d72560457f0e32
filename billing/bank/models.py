"""Bank statements as imported, line by line, and what became of each line.

A line's identity is its account, booking date, amount, the bank's reference and — only for a line without a bank
reference — its place among identical lines of the same file (`occurrence`): unique together, so importing the
same statement (or an overlapping one) again adds nothing. Amounts are kept exactly as the bank printed them, in
sen (1/100 rupiah, signed: a debit is negative); only whole rupiah are ever paid in.

A line's `status` says where it stands: `matched` (one payment through the payment service, with its receipt, or
several when one transfer paid several SKRDs: `BankLinePayment`),
`unmatched` (no SKRD found), `ambiguous` (several fit: never guessed), `refused` (an SKRD fits but the payment may
not be booked: void, overpaid, dated in the future...), `debit` (money out: listed, never paid in) or `set_aside`
(the treasurer says it is not retribution, with a note). The reason of the last three is kept as a problem (code,
English text, parameters) and worded in the reader's language.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from billing.models import Assessment, Payment
from videotron.core.db import Base, UTCDateTime
from videotron.core.i18n import N_

LINE_STATUSES = ("matched", "unmatched", "ambiguous", "refused", "debit", "set_aside")
OPEN_STATUSES = ("unmatched", "ambiguous", "refused")  # credits still to be matched (or set aside) by hand
MATCH_RULES = ("va", "reference", "amount_payer", "hand", "recorded")  # how a matched line found its SKRD
FORMATS = ("csv", "mt940")


class BankStatement(Base):
    """One import of a statement file: what it was, for which account, and who imported it when."""

    __tablename__ = "bank_statement"
    __audit_name__ = N_("bank statement")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "account", "format", "source_sha256", "reference", "first_day", "last_day", "opening_sen", "closing_sen",
        "imported_by"
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(8))
    source_name: Mapped[str] = mapped_column(String(500))
    source_sha256: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(64), default="")  # MT940 :20:, the statement's own reference
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    opening_sen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # :60F:, when the file has it
    closing_sen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # :62F:
    new_lines: Mapped[int] = mapped_column(Integer)
    known_lines: Mapped[int] = mapped_column(Integer)  # already imported from an earlier (overlapping) statement
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[str] = mapped_column(String(200))

    lines: Mapped[list[BankLine]] = relationship(order_by="BankLine.id", back_populates="statement")

    __table_args__ = (CheckConstraint("format IN ('csv', 'mt940')", name="format_known"),)


class BankLine(Base):
    """One statement line (a credit or a debit) and its reconciliation."""

    __tablename__ = "bank_line"
    __audit_name__ = N_("bank statement line")  # how `audit verify` names its rows
    # bound to the audit chain (`videotron.core.audit_rows`): the columns that matter
    __audit_columns__: ClassVar[tuple[str, ...]] = (
        "statement_id", "account", "booked_on", "value_date", "amount_sen", "bank_reference", "occurrence", "payer",
        "virtual_account", "status", "assessment_id", "matched_by", "method", "note", "settled_by"
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statement.id"), index=True)
    account: Mapped[str] = mapped_column(String(64))
    booked_on: Mapped[date] = mapped_column(Date, index=True)
    value_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    amount_sen: Mapped[int] = mapped_column(BigInteger)
    bank_reference: Mapped[str] = mapped_column(String(100))  # "" when the bank gives none
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer)  # its line in the file
    narrative: Mapped[str] = mapped_column(Text)
    payer: Mapped[str] = mapped_column(String(300), default="")
    virtual_account: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason_params: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    candidates: Mapped[str] = mapped_column(Text, default="")  # SKRD numbers that fit, comma separated
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), nullable=True, index=True)
    matched_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    method: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")  # the treasurer's: why set aside, or what became of an excess
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    settled_by: Mapped[str | None] = mapped_column(String(200), nullable=True)

    statement: Mapped[BankStatement] = relationship(back_populates="lines")
    assessment: Mapped[Assessment | None] = relationship()  # the SKRD found (matched, refused), if one
    links: Mapped[list[BankLinePayment]] = relationship(order_by="BankLinePayment.payment_id", back_populates="line")

    __table_args__ = (
        UniqueConstraint("account", "booked_on", "amount_sen", "bank_reference", "occurrence", name="uq_bank_line"),
        CheckConstraint(
            "status IN ('matched', 'unmatched', 'ambiguous', 'refused', 'debit', 'set_aside')", name="status_known"
        ),
        CheckConstraint("amount_sen <> 0", name="amount_not_zero"),
        CheckConstraint("(status = 'debit') = (amount_sen < 0)", name="debit_is_negative"),
    )

    @property
    def is_credit(self) -> bool:
        return self.amount_sen > 0

    @property
    def rupiah(self) -> int | None:
        """The amount in whole rupiah, or None when it has sen (never a retribution payment)."""
        return self.amount_sen // 100 if self.amount_sen % 100 == 0 else None

    @property
    def description(self) -> str:
        """The narrative and the sender, as a person reads the line (the sender once)."""
        if self.payer and self.payer.upper() not in self.narrative.upper():
            return f"{self.narrative} {self.payer}".strip()
        return self.narrative

    @property
    def payments(self) -> list[Payment]:
        return [link.payment for link in self.links]


class BankLinePayment(Base):
    """A payment booked from a statement line (a payment comes from one line at most; a line may pay several SKRDs)."""

    __tablename__ = "bank_line_payment"
    __audit_name__ = N_("payment from a bank line")  # how `audit verify` names its rows
    __audit_columns__: ClassVar[tuple[str, ...]] = ("line_id",)  # bound to the audit chain

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("bank_line.id"), index=True)
    line: Mapped[BankLine] = relationship(back_populates="links")
    payment: Mapped[Payment] = relationship()
