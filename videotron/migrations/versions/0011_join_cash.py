"""joins the treasurer's cash work: QRIS, virtual accounts and bank statements (0011_bank) with closed months,
STRD and reminder letters (0011_periods); no schema change of its own

Revision ID: 0011_join_cash
Revises: 0011_bank, 0011_periods
Create Date: 2026-11-30 05:45:00
"""

from __future__ import annotations

revision = "0011_join_cash"
down_revision = ("0011_bank", "0011_periods")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
