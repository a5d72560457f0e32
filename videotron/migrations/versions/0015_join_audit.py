"""joins the audit rows' digests (0014_audit_rows) with the player's installations (0014_join_player); no schema
change of its own

Revision ID: 0015_join_audit
Revises: 0014_join_player, 0014_audit_rows
Create Date: 2026-11-30 06:45:00
"""

from __future__ import annotations

revision = "0015_join_audit"
down_revision = ("0014_join_player", "0014_audit_rows")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
