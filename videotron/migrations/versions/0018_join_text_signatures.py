"""joins running text (0017_running_text) with the signed play records (0017_play_signatures); no schema change of
its own

Revision ID: 0018_join_text_signatures
Revises: 0017_running_text, 0017_play_signatures
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

revision = "0018_join_text_signatures"
down_revision = ("0017_running_text", "0017_play_signatures")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
