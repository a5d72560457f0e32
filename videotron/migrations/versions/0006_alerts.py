"""emergency alerts (alert, alert_screen) and make-good grants (make_good)

Revision ID: 0006
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import videotron.core.db

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("media_id", sa.String(length=64), nullable=True),
        sa.Column("all_screens", sa.Boolean(), nullable=False),
        sa.Column("issued_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("starts_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", videotron.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("stopped_by", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_ref", sa.String(length=300), nullable=False),
        sa.Column("severity", sa.String(length=32), nullable=False),
        sa.Column("area", sa.String(length=500), nullable=False),
        sa.CheckConstraint("source IN ('manual', 'cap', 'bmkg')", name=op.f("ck_alert_source_known")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_alert_ends_after_start")),
        sa.ForeignKeyConstraint(["media_id"], ["media.id"], name=op.f("fk_alert_media_id_media")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index("ix_alert_source_ref", ["source", "source_ref"], unique=False)
    op.create_table(
        "alert_screen",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alert.id"], name=op.f("fk_alert_screen_alert_id_alert"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["screen_id"], ["screen.id"], name=op.f("fk_alert_screen_screen_id_screen")),
        sa.PrimaryKeyConstraint("alert_id", "screen_id", name=op.f("pk_alert_screen")),
    )
    op.create_table(
        "make_good",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("plays", sa.Integer(), nullable=False),
        sa.Column("created_at", videotron.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.CheckConstraint("plays > 0", name=op.f("ck_make_good_plays_positive")),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["booking.id"], name=op.f("fk_make_good_booking_id_booking"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["screen_id"], ["screen.id"], name=op.f("fk_make_good_screen_id_screen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_make_good")),
    )
    with op.batch_alter_table("make_good", schema=None) as batch_op:
        batch_op.create_index("ix_make_good_screen_day", ["screen_id", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("make_good", schema=None) as batch_op:
        batch_op.drop_index("ix_make_good_screen_day")
    op.drop_table("make_good")
    op.drop_table("alert_screen")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_source_ref")
    op.drop_table("alert")
