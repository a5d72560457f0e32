"""joins logins and lockout (0013_logins) with the treasurer's cash work (0011_join_cash); no schema change of
its own

Revision ID: 0013_join_logins
Revises: 0011_join_cash, 0013_logins
Create Date: 2026-11-30 05:45:00
"""

from __future__ import annotations

revision = "0013_join_logins"
down_revision = ("0011_join_cash", "0013_logins")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
