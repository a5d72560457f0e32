"""running text: screen layouts, operator messages and sold running-text bookings, their SKRDs and the per-character
tariff basis

An SKRD assesses a spot booking (`booking_id`) or a running-text booking (`text_booking_id`), exactly one of them.
A tariff row may price per character of the text (`block_basis` "chars").

Revision ID: 0017_running_text
Revises: 0016_text_display
Create Date: 2026-11-30 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from videotron.core.db import UTCDateTime

revision = "0017_running_text"
down_revision = "0016_text_display"
branch_labels = None
depends_on = None

OLD_BASES = "block_basis IN ('spot', 'airtime', 'none')"
NEW_BASES = "block_basis IN ('spot', 'airtime', 'none', 'chars')"
ONE_OBJECT = "(booking_id IS NULL) <> (text_booking_id IS NULL)"


def upgrade() -> None:
    op.create_table(
        "screen_layout",
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.Column("daypart_id", sa.String(length=200), nullable=True),
        sa.Column("layout_json", sa.Text(), nullable=False),
        sa.Column("sold_texts", sa.Integer(), nullable=False),
        sa.CheckConstraint("sold_texts >= 0", name=op.f("ck_screen_layout_sold_texts_nonnegative")),
        sa.ForeignKeyConstraint(["screen_id"], ["screen.id"], name=op.f("fk_screen_layout_screen_id_screen")),
        sa.ForeignKeyConstraint(["daypart_id"], ["daypart.id"], name=op.f("fk_screen_layout_daypart_id_daypart")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screen_layout")),
    )
    op.create_index(op.f("ix_screen_layout_screen_id"), "screen_layout", ["screen_id"])
    op.create_table(
        "running_text",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=True),
        sa.Column("advertiser_id", sa.String(length=64), nullable=True),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_running_text_dates_ordered")),
        sa.CheckConstraint("kind IN ('psa', 'ad')", name=op.f("ck_running_text_kind_known")),
        sa.CheckConstraint(
            "status IN ('active', 'draft', 'assessed', 'completed', 'cancelled')",
            name=op.f("ck_running_text_status_known"),
        ),
        sa.CheckConstraint(
            "kind = 'psa' OR (advertiser_id IS NOT NULL AND category IS NOT NULL)",
            name=op.f("ck_running_text_sold_payer"),
        ),
        sa.ForeignKeyConstraint(
            ["advertiser_id"], ["advertiser.id"], name=op.f("fk_running_text_advertiser_id_advertiser")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_running_text")),
    )
    op.create_index(op.f("ix_running_text_advertiser_id"), "running_text", ["advertiser_id"])
    op.create_table(
        "running_text_screen",
        sa.Column("running_text_id", sa.String(length=64), nullable=False),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["running_text_id"],
            ["running_text.id"],
            ondelete="CASCADE",
            name=op.f("fk_running_text_screen_running_text_id_running_text"),
        ),
        sa.ForeignKeyConstraint(["screen_id"], ["screen.id"], name=op.f("fk_running_text_screen_screen_id_screen")),
        sa.PrimaryKeyConstraint("running_text_id", "screen_id", name=op.f("pk_running_text_screen")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_booking_id", sa.String(length=64), nullable=True))
        batch_op.alter_column("booking_id", existing_type=sa.String(length=64), nullable=True)
        batch_op.create_foreign_key(op.f("fk_assessment_text_booking_id_running_text"), "running_text",
                                    ["text_booking_id"], ["id"])  # fmt: skip
        batch_op.create_index(batch_op.f("ix_assessment_text_booking_id"), ["text_booking_id"], unique=False)
        batch_op.create_check_constraint(op.f("ck_assessment_one_object"), ONE_OBJECT)
    with op.batch_alter_table("tariff_rate", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tariff_rate_block_basis_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_tariff_rate_block_basis_known"), NEW_BASES)


def downgrade() -> None:
    bind = op.get_bind()
    texts = bind.execute(sa.text("SELECT count(*) FROM assessment WHERE text_booking_id IS NOT NULL")).scalar()
    chars = bind.execute(sa.text("SELECT count(*) FROM tariff_rate WHERE block_basis = 'chars'")).scalar()
    if texts or chars:
        raise RuntimeError(f"{texts} SKRD(s) of running-text bookings and {chars} per-character tariff row(s) exist; "
                           "the schema before 0017 cannot hold them")  # fmt: skip
    with op.batch_alter_table("tariff_rate", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tariff_rate_block_basis_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_tariff_rate_block_basis_known"), OLD_BASES)
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_assessment_one_object"), type_="check")
        batch_op.drop_index(batch_op.f("ix_assessment_text_booking_id"))
        batch_op.drop_constraint(op.f("fk_assessment_text_booking_id_running_text"), type_="foreignkey")
        batch_op.alter_column("booking_id", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column("text_booking_id")
    op.drop_table("running_text_screen")
    op.drop_index(op.f("ix_running_text_advertiser_id"), table_name="running_text")
    op.drop_table("running_text")
    op.drop_index(op.f("ix_screen_layout_screen_id"), table_name="screen_layout")
    op.drop_table("screen_layout")
