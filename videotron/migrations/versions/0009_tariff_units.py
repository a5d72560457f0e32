"""tariff units that fit real regulations: calendar months, contracts, packages, a minimum charge and a block size per
rate row; the terms of each SKRD line kept whole

Existing rows keep exactly the meaning they were imported with: their block is their version's, their price is per
block of the spot, and a `month` row (started 30-day periods) becomes `period30`, its old meaning under a name of
its own. A tariff file imported from now on says `month` for calendar months (with its `part_month` rule).

Revision ID: 0009_tariff_units
Revises: 0008
Create Date: 2026-11-25 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_tariff_units"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_UNITS = "unit IN ('play', 'day', 'month')"
NEW_UNITS = "unit IN ('play', 'day', 'month', 'contract', 'period30')"


def upgrade() -> None:
    with op.batch_alter_table("tariff_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("part_month", sa.String(length=8), nullable=True))
    with op.batch_alter_table("assessment_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calculation", sa.Text(), nullable=True))
    with op.batch_alter_table("tariff_rate", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tariff_rate_unit_known"), type_="check")
        batch_op.add_column(sa.Column("block_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("block_basis", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("package_plays", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("minimum_charge", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE tariff_rate SET block_basis = 'spot', minimum_charge = 0, block_seconds = "
        "(SELECT v.block_seconds FROM tariff_version v WHERE v.id = tariff_rate.version_id)"
    )
    op.execute("UPDATE tariff_rate SET unit = 'period30' WHERE unit = 'month'")
    with op.batch_alter_table("tariff_rate", schema=None) as batch_op:
        batch_op.alter_column("block_seconds", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("block_basis", existing_type=sa.String(length=8), nullable=False)
        batch_op.alter_column("minimum_charge", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_check_constraint(op.f("ck_tariff_rate_unit_known"), NEW_UNITS)
        batch_op.create_check_constraint(op.f("ck_tariff_rate_block_positive"), "block_seconds > 0")
        batch_op.create_check_constraint(
            op.f("ck_tariff_rate_block_basis_known"), "block_basis IN ('spot', 'airtime', 'none')"
        )
        batch_op.create_check_constraint(
            op.f("ck_tariff_rate_package_positive"), "package_plays IS NULL OR package_plays > 0"
        )
        batch_op.create_check_constraint(op.f("ck_tariff_rate_minimum_nonnegative"), "minimum_charge >= 0")


def downgrade() -> None:
    # Only rows the old schema can say are taken back; a calendar month, a contract, a package, a minimum charge or a
    # block of the row's own would silently change what a payer is charged, so the downgrade refuses them.
    new = op.get_bind().execute(
        sa.text(
            "SELECT count(*) FROM tariff_rate r JOIN tariff_version v ON v.id = r.version_id WHERE r.unit IN "
            "('month', 'contract') OR r.block_basis <> 'spot' OR r.package_plays IS NOT NULL OR r.minimum_charge <> 0 "
            "OR r.block_seconds <> v.block_seconds"
        )
    ).scalar()
    if new:
        raise RuntimeError(f"{new} tariff rate row(s) use units or terms the schema before 0009 cannot express")
    with op.batch_alter_table("tariff_rate", schema=None) as batch_op:
        for name in ("unit_known", "block_positive", "block_basis_known", "package_positive", "minimum_nonnegative"):
            batch_op.drop_constraint(op.f(f"ck_tariff_rate_{name}"), type_="check")
    op.execute("UPDATE tariff_rate SET unit = 'month' WHERE unit = 'period30'")
    with op.batch_alter_table("tariff_rate", schema=None) as batch_op:
        batch_op.drop_column("minimum_charge")
        batch_op.drop_column("package_plays")
        batch_op.drop_column("block_basis")
        batch_op.drop_column("block_seconds")
        batch_op.create_check_constraint(op.f("ck_tariff_rate_unit_known"), OLD_UNITS)
    with op.batch_alter_table("assessment_line", schema=None) as batch_op:
        batch_op.drop_column("calculation")
    # tariff_version is referenced by other tables: SQLite drops the column in place (3.35+) rather than copying the
    # table, which its foreign keys would refuse.
    with op.batch_alter_table("tariff_version", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("part_month")
