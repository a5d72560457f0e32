"""joins the player's installations and on-air records (0012_player) with the rest (0013_join_logins); no schema
change of its own

Revision ID: 0014_join_player
Revises: 0013_join_logins, 0012_player
Create Date: 2026-11-30 06:20:00
"""

from __future__ import annotations

revision = "0014_join_player"
down_revision = ("0013_join_logins", "0012_player")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
