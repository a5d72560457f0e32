"""booking lifecycle: draft/assessed/completed/cancelled bookings with the facts the airing gate reads, SKRD
tambahan (assessment.kind, amends_id), credit notes (SKRDLB) and their offsets and refunds, amendments, and the
monthly delivery settlement

Existing bookings: "active" ones with an SKRD that is not void become "assessed" (paid_on/due_on from their
payments), the others "draft"; "cancelled" stays. Downgrading maps every live status back to "active".

Revision ID: 0009_booking_lifecycle
Revises: 0008
Create Date: 2026-11-30 03:16:17
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import videotron.core.db

revision = "0009_booking_lifecycle"
down_revision = "0008"
branch_labels = None
depends_on = None

LIVE = "a.booking_id = booking.id AND a.status != 'void'"
COVERED = ["booking_id", "outcome", "reason"]


def upgrade() -> None:
    op.create_table(
        "credit",
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("issued_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("advertiser_id", sa.String(length=64), nullable=False),
        sa.Column("payer_name", sa.String(length=300), nullable=False),
        sa.Column("payer_address", sa.String(length=500), nullable=False),
        sa.Column("payer_npwrd", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=False),
        sa.Column("offset_at_issue", sa.BigInteger(), nullable=False),
        sa.Column("issuer_json", sa.Text(), nullable=False),
        sa.Column("verification", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("cause IN ('amendment', 'cancellation', 'delivery')", name=op.f("ck_credit_cause_known")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_credit_amount_positive")),
        sa.CheckConstraint("used >= 0 AND used <= amount", name=op.f("ck_credit_used_within_amount")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], name=op.f("fk_credit_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["booking_id"], ["booking.id"], name=op.f("fk_credit_booking_id_booking")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit")),
        sa.UniqueConstraint("number", name=op.f("uq_credit_number")),
        sa.UniqueConstraint("series", "year", "seq", name="uq_credit_series_year_seq"),
    )
    with op.batch_alter_table("credit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_advertiser_id"), ["advertiser_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_issue_date"), ["issue_date"], unique=False)

    op.create_table(
        "booking_amendment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("made_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.Column("lines_json", sa.Text(), nullable=False),
        sa.Column("assessed_before", sa.BigInteger(), nullable=False),
        sa.Column("price_after", sa.BigInteger(), nullable=False),
        sa.Column("difference", sa.BigInteger(), nullable=False),
        sa.Column("additional_id", sa.Integer(), nullable=True),
        sa.Column("credit_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["additional_id"], ["assessment.id"], name=op.f("fk_booking_amendment_additional_id_assessment")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_booking_amendment_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(["booking_id"], ["booking.id"], name=op.f("fk_booking_amendment_booking_id_booking")),
        sa.ForeignKeyConstraint(["credit_id"], ["credit.id"], name=op.f("fk_booking_amendment_credit_id_credit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_amendment")),
    )
    with op.batch_alter_table("booking_amendment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_amendment_booking_id"), ["booking_id"], unique=False)

    op.create_table(
        "credit_line",
        sa.Column("credit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.Column("screen_name", sa.String(length=200), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["credit_id"], ["credit.id"], name=op.f("fk_credit_line_credit_id_credit")),
        sa.PrimaryKeyConstraint("credit_id", "position", name=op.f("pk_credit_line")),
    )
    op.create_table(
        "credit_use",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("credit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "(kind = 'offset') = (assessment_id IS NOT NULL)", name=op.f("ck_credit_use_offset_names_skrd")
        ),
        sa.CheckConstraint("kind IN ('offset', 'refund')", name=op.f("ck_credit_use_kind_known")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_credit_use_amount_positive")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_credit_use_assessment_id_assessment")
        ),
        sa.ForeignKeyConstraint(["credit_id"], ["credit.id"], name=op.f("fk_credit_use_credit_id_credit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_use")),
    )
    with op.batch_alter_table("credit_use", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_use_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_use_credit_id"), ["credit_id"], unique=False)

    op.create_table(
        "delivery_settlement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.Column("due", sa.Integer(), nullable=False),
        sa.Column("played", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("alert", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("shortfall", sa.Integer(), nullable=False),
        sa.Column("tolerance", sa.Integer(), nullable=False),
        sa.Column("covered", sa.Integer(), nullable=False),
        sa.Column("makegood_plays", sa.Integer(), nullable=False),
        sa.Column("credited_plays", sa.Integer(), nullable=False),
        sa.Column("credit_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("settled_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("settled_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["booking.id"], name=op.f("fk_delivery_settlement_booking_id_booking")),
        sa.ForeignKeyConstraint(["credit_id"], ["credit.id"], name=op.f("fk_delivery_settlement_credit_id_credit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_settlement")),
        sa.UniqueConstraint("month", "booking_id", "screen_id", name="uq_delivery_settlement_line"),
    )
    with op.batch_alter_table("delivery_settlement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_settlement_booking_id"), ["booking_id"], unique=False)

    op.create_table(
        "delivery_settlement_grant",
        sa.Column("make_good_id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("plays", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["make_good_id"], ["make_good.id"], name=op.f("fk_delivery_settlement_grant_make_good_id_make_good")
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["delivery_settlement.id"],
            name=op.f("fk_delivery_settlement_grant_settlement_id_delivery_settlement"),
        ),
        sa.PrimaryKeyConstraint("make_good_id", "settlement_id", name=op.f("pk_delivery_settlement_grant")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="skrd"))
        batch_op.add_column(sa.Column("amends_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("credited", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_assessment_amends_id"), ["amends_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_assessment_amends_id_assessment"), "assessment", ["amends_id"], ["id"]
        )
        batch_op.create_check_constraint("kind_known", "kind IN ('skrd', 'additional')")
        batch_op.create_check_constraint("credited_nonnegative", "credited >= 0")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)
        batch_op.alter_column("credited", server_default=None)

    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("media_ms_min", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("media_ms_max", sa.Integer(), nullable=True))
    op.execute(f"""UPDATE booking SET status = CASE WHEN EXISTS (SELECT 1 FROM assessment a WHERE {LIVE})
                   THEN 'assessed' ELSE 'draft' END WHERE status = 'active'""")
    # Paid in full: the last payment's day (the issue day for an SKRD of Rp0); else the due date still open.
    op.execute(f"""UPDATE booking SET
        paid_on = (SELECT max(coalesce((SELECT max(p.paid_on) FROM payment p WHERE p.assessment_id = a.id),
                                       a.issue_date)) FROM assessment a WHERE {LIVE}),
        due_on = NULL
        WHERE status = 'assessed' AND NOT EXISTS (SELECT 1 FROM assessment a WHERE {LIVE} AND a.status != 'paid')""")
    op.execute(f"""UPDATE booking SET due_on = (SELECT min(a.due_date) FROM assessment a WHERE {LIVE}
                                               AND a.status != 'paid')
                   WHERE status = 'assessed' AND paid_on IS NULL""")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.create_check_constraint("status_known", "status IN ('draft', 'assessed', 'completed', 'cancelled')")
    # The play log's month index covers what a month's counts read (settling 1M rows on SQLite: 2.1 s -> 0.6 s).
    op.drop_index("ix_play_log_screen_planned", table_name="play_log")
    op.create_index("ix_play_log_screen_planned", "play_log", ["screen_id", "planned_start", *COVERED])


def downgrade() -> None:
    op.drop_index("ix_play_log_screen_planned", table_name="play_log")
    op.create_index("ix_play_log_screen_planned", "play_log", ["screen_id", "planned_start"])
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_booking_status_known"), type_="check")
    op.execute("UPDATE booking SET status = 'active' WHERE status != 'cancelled'")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_column("media_ms_max")
        batch_op.drop_column("media_ms_min")
        batch_op.drop_column("due_on")
        batch_op.drop_column("paid_on")

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_assessment_kind_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_assessment_credited_nonnegative"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_assessment_amends_id_assessment"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_assessment_amends_id"))
        batch_op.drop_column("credited")
        batch_op.drop_column("amends_id")
        batch_op.drop_column("kind")

    op.drop_table("delivery_settlement_grant")
    with op.batch_alter_table("delivery_settlement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_settlement_booking_id"))

    op.drop_table("delivery_settlement")
    with op.batch_alter_table("credit_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_use_credit_id"))
        batch_op.drop_index(batch_op.f("ix_credit_use_assessment_id"))

    op.drop_table("credit_use")
    op.drop_table("credit_line")
    with op.batch_alter_table("booking_amendment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_amendment_booking_id"))

    op.drop_table("booking_amendment")
    with op.batch_alter_table("credit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_issue_date"))
        batch_op.drop_index(batch_op.f("ix_credit_booking_id"))
        batch_op.drop_index(batch_op.f("ix_credit_advertiser_id"))

    op.drop_table("credit")
