"""non-cash channels: QRIS and virtual accounts on SKRDs, bank statements and their reconciliation

- assessment.virtual_account: the SKRD"s own virtual account (unique), given at issue when the office has a prefix;
  SKRDs issued before keep none.
- payment: the methods qris and va join tunai and transfer; the bank"s reference, the value date and the account
  the money was paid into are kept (empty on older payments).
- bank_statement, bank_line, bank_line_payment: statements as imported, each line with its identity and what
  became of it (the payments it was booked as).

Revision ID: 0011_bank
Revises: 0010
Create Date: 2026-11-30 04:27:20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import videotron.core.db


revision = "0011_bank"
down_revision = "0010"

OLD_METHODS = "method IN ('tunai', 'transfer')"
NEW_METHODS = "method IN ('tunai', 'transfer', 'qris', 'va')"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("bank_statement",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("account", sa.String(length=64), nullable=False),
    sa.Column("format", sa.String(length=8), nullable=False),
    sa.Column("source_name", sa.String(length=500), nullable=False),
    sa.Column("source_sha256", sa.String(length=64), nullable=False),
    sa.Column("reference", sa.String(length=64), nullable=False),
    sa.Column("first_day", sa.Date(), nullable=False),
    sa.Column("last_day", sa.Date(), nullable=False),
    sa.Column("opening_sen", sa.BigInteger(), nullable=True),
    sa.Column("closing_sen", sa.BigInteger(), nullable=True),
    sa.Column("new_lines", sa.Integer(), nullable=False),
    sa.Column("known_lines", sa.Integer(), nullable=False),
    sa.Column("imported_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column("imported_by", sa.String(length=200), nullable=False),
    sa.CheckConstraint("format IN ('csv', 'mt940')", name=op.f("ck_bank_statement_format_known")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement"))
    )
    with op.batch_alter_table("bank_statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_statement_account"), ["account"], unique=False)

    op.create_table("bank_line",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("statement_id", sa.Integer(), nullable=False),
    sa.Column("account", sa.String(length=64), nullable=False),
    sa.Column("booked_on", sa.Date(), nullable=False),
    sa.Column("value_date", sa.Date(), nullable=True),
    sa.Column("amount_sen", sa.BigInteger(), nullable=False),
    sa.Column("bank_reference", sa.String(length=100), nullable=False),
    sa.Column("occurrence", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("narrative", sa.Text(), nullable=False),
    sa.Column("payer", sa.String(length=300), nullable=False),
    sa.Column("virtual_account", sa.String(length=32), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("reason_code", sa.String(length=64), nullable=True),
    sa.Column("reason_text", sa.Text(), nullable=True),
    sa.Column("reason_params", sa.Text(), nullable=True),
    sa.Column("candidates", sa.Text(), nullable=False),
    sa.Column("assessment_id", sa.Integer(), nullable=True),
    sa.Column("matched_by", sa.String(length=16), nullable=True),
    sa.Column("method", sa.String(length=16), nullable=True),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("settled_at", videotron.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column("settled_by", sa.String(length=200), nullable=True),
    sa.CheckConstraint("(status = 'debit') = (amount_sen < 0)", name=op.f("ck_bank_line_debit_is_negative")),
    sa.CheckConstraint("status IN ('matched', 'unmatched', 'ambiguous', 'refused', 'debit', 'set_aside')", name=op.f("ck_bank_line_status_known")),
    sa.CheckConstraint("amount_sen <> 0", name=op.f("ck_bank_line_amount_not_zero")),
    sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], name=op.f("fk_bank_line_assessment_id_assessment")),
    sa.ForeignKeyConstraint(["statement_id"], ["bank_statement.id"], name=op.f("fk_bank_line_statement_id_bank_statement")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_line")),
    sa.UniqueConstraint("account", "booked_on", "amount_sen", "bank_reference", "occurrence", name="uq_bank_line")
    )
    with op.batch_alter_table("bank_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_line_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bank_line_booked_on"), ["booked_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_bank_line_statement_id"), ["statement_id"], unique=False)

    op.create_table("bank_line_payment",
    sa.Column("payment_id", sa.Integer(), nullable=False),
    sa.Column("line_id", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["line_id"], ["bank_line.id"], name=op.f("fk_bank_line_payment_line_id_bank_line")),
    sa.ForeignKeyConstraint(["payment_id"], ["payment.id"], name=op.f("fk_bank_line_payment_payment_id_payment")),
    sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_bank_line_payment"))
    )
    with op.batch_alter_table("bank_line_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_line_payment_line_id"), ["line_id"], unique=False)

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("virtual_account", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_assessment_virtual_account"), ["virtual_account"])

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bank_reference", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("value_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("bank_account", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_payment_bank_reference"), ["bank_reference"], unique=False)
        batch_op.drop_constraint(op.f("ck_payment_method_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_payment_method_known"), NEW_METHODS)


def downgrade() -> None:
    # Payments by QRIS or virtual account read as transfers once the methods are gone (the money came by bank).
    op.execute("UPDATE payment SET method = 'transfer' WHERE method IN ('qris', 'va')")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_payment_method_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_payment_method_known"), OLD_METHODS)
        batch_op.drop_index(batch_op.f("ix_payment_bank_reference"))
        batch_op.drop_column("bank_account")
        batch_op.drop_column("value_date")
        batch_op.drop_column("bank_reference")

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_assessment_virtual_account"), type_="unique")
        batch_op.drop_column("virtual_account")

    with op.batch_alter_table("bank_line_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_line_payment_line_id"))

    op.drop_table("bank_line_payment")
    with op.batch_alter_table("bank_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_line_statement_id"))
        batch_op.drop_index(batch_op.f("ix_bank_line_booked_on"))
        batch_op.drop_index(batch_op.f("ix_bank_line_assessment_id"))

    op.drop_table("bank_line")
    with op.batch_alter_table("bank_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_statement_account"))

    op.drop_table("bank_statement")
