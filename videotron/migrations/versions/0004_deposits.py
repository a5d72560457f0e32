"""deposits (STS) and the receipts each one covers

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import videotron.core.db

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deposit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("deposit_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_deposit_amount_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposit")),
        sa.UniqueConstraint("number", name=op.f("uq_deposit_number")),
        sa.UniqueConstraint("series", "year", "seq", name="uq_deposit_series_year_seq"),
    )
    with op.batch_alter_table("deposit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deposit_deposit_date"), ["deposit_date"], unique=False)
    op.create_table(
        "deposit_receipt",
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("deposit_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_deposit_receipt_amount_positive")),
        sa.ForeignKeyConstraint(["deposit_id"], ["deposit.id"], name=op.f("fk_deposit_receipt_deposit_id_deposit")),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipt.id"], name=op.f("fk_deposit_receipt_receipt_id_receipt")),
        sa.PrimaryKeyConstraint("receipt_id", name=op.f("pk_deposit_receipt")),
    )
    with op.batch_alter_table("deposit_receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deposit_receipt_deposit_id"), ["deposit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deposit_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deposit_receipt_deposit_id"))
    op.drop_table("deposit_receipt")
    with op.batch_alter_table("deposit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deposit_deposit_date"))
    op.drop_table("deposit")
