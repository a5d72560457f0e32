"""audit entries carry the content digests of the money and identity rows their transaction wrote
(audit_entry.rows), so the chain covers the rows too

Entries written before stay as they are (empty `rows`, hashed as before). Rows that existed before this migration
have no digest in the chain until an admin seals them once (`videotron audit seal`).

Revision ID: 0014_audit_rows
Revises: 0013_join_logins
Create Date: 2026-11-30 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_audit_rows"
down_revision = "0013_join_logins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("rows", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("rows")
