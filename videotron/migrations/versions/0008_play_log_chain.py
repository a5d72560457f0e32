"""play_log carries day and planned_end (the whole hash chain is checkable centrally); joins the branches

Revision ID: 0008
Revises: 0004, 0005, 0006, 0007
Create Date: 2026-11-24 07:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import videotron.core.db

revision = "0008"
down_revision = ("0004", "0005", "0006", "0007")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("play_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_end", videotron.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("day", sa.String(length=10), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("play_log", schema=None) as batch_op:
        batch_op.drop_column("day")
        batch_op.drop_column("planned_end")
