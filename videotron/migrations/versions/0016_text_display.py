"""text_display: proof of display of running texts (the ticker band), per screen, day and text

Revision ID: 0016_text_display
Revises: 0015_join_audit
Create Date: 2026-11-30 08:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from videotron.core.db import UTCDateTime

revision = "0016_text_display"
down_revision = "0015_join_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "text_display",
        sa.Column("id", sa.String(length=200), primary_key=True),
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.Column("installation", sa.String(length=32), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("text_id", sa.String(length=64), nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=True),
        sa.Column("shown_ms", sa.BigInteger(), nullable=False),
        sa.Column("loops", sa.Integer(), nullable=False),
        sa.Column("first_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_at", UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_text_display_booking_id", "text_display", ["booking_id"])
    op.create_index("ix_text_display_screen_day", "text_display", ["screen_id", "day", "text_id"])


def downgrade() -> None:
    op.drop_index("ix_text_display_screen_day", table_name="text_display")
    op.drop_index("ix_text_display_booking_id", table_name="text_display")
    op.drop_table("text_display")
