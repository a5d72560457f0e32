"""joins the two halves of the money loop: tariff units (0009_tariff_units) and the booking lifecycle
(0009_booking_lifecycle); no schema change of its own

Revision ID: 0010
Revises: 0009_tariff_units, 0009_booking_lifecycle
Create Date: 2026-11-30 04:20:00
"""

from __future__ import annotations

revision = "0010"
down_revision = ("0009_tariff_units", "0009_booking_lifecycle")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
