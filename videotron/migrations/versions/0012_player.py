"""play_log carries the player installation that wrote each record: a player whose data folder was wiped starts a
new chain (its own seq from 1) beside the old one instead of colliding with it forever

Revision ID: 0012_player
Revises: 0010
Create Date: 2026-11-30 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_player"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("play_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("installation", sa.String(length=32), nullable=False, server_default=""))
        batch_op.drop_constraint("uq_play_log_screen_seq", type_="unique")
        batch_op.create_unique_constraint("uq_play_log_screen_installation_seq", ["screen_id", "installation", "seq"])


def downgrade() -> None:
    with op.batch_alter_table("play_log", schema=None) as batch_op:
        batch_op.drop_constraint("uq_play_log_screen_installation_seq", type_="unique")
        batch_op.create_unique_constraint("uq_play_log_screen_seq", ["screen_id", "seq"])
        batch_op.drop_column("installation")
