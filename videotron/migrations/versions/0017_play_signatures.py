"""play_signatures: play records signed on the player PC (play_log.sig) and the installations' public keys

The same release binds screens, media, reminder letters and bank statements and lines to the audit chain (no schema
change: their models' `__audit_columns__`); rows written before it have no digest: an admin runs `videotron audit
seal` once after upgrading, as after 0014.

Revision ID: 0017_play_signatures
Revises: 0016_text_display
Create Date: 2026-11-30 08:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from videotron.core.db import UTCDateTime

revision = "0017_play_signatures"
down_revision = "0016_text_display"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("play_log") as batch:
        batch.add_column(sa.Column("sig", sa.String(length=128), nullable=False, server_default=""))
    op.create_table(
        "player_installation",
        sa.Column("screen_id", sa.String(length=64), nullable=False),
        sa.Column("installation", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("first_seen", UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("screen_id", "installation", name=op.f("pk_player_installation")),
    )


def downgrade() -> None:
    op.drop_table("player_installation")
    with op.batch_alter_table("play_log") as batch:
        batch.drop_column("sig")
