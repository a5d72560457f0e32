"""the treasurer's cash: closed months (with the figures they were closed with), reminder letters (Surat Teguran,
one per SKRD and step), STRDs as documents booked to their own kode rekening (penalty.account, issuer, verification,
issued at/by), and the kode rekening of a payment's sanksi part (payment.sanksi_account)

STRDs and payments from before stay NULL in the new columns: their interest was booked under the SKRD's own kode
rekening then, and the reports keep showing it there.

Revision ID: 0011_periods
Revises: 0010
Create Date: 2026-11-30 04:32:03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import videotron.core.db


revision = '0011_periods'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('closed_month',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('closed_at', videotron.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.String(length=200), nullable=False),
    sa.Column('carried_in', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('deposited', sa.BigInteger(), nullable=False),
    sa.Column('carried_out', sa.BigInteger(), nullable=False),
    sa.Column('carried_receipts', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('carried_out = carried_in + received - deposited', name=op.f('ck_closed_month_balance_adds_up')),
    sa.CheckConstraint('carried_out >= 0', name=op.f('ck_closed_month_carried_out_nonnegative')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_closed_month_month_valid')),
    sa.PrimaryKeyConstraint('year', 'month', name=op.f('pk_closed_month'))
    )
    op.create_table('reminder',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('issued_at', videotron.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.String(length=200), nullable=False),
    sa.Column('months_late', sa.Integer(), nullable=False),
    sa.Column('principal_owed', sa.BigInteger(), nullable=False),
    sa.Column('sanksi_owed', sa.BigInteger(), nullable=False),
    sa.Column('pay_by', sa.Date(), nullable=False),
    sa.Column('issuer_json', sa.Text(), nullable=False),
    sa.Column('verification', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('series', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.CheckConstraint('principal_owed >= 0 AND sanksi_owed >= 0', name=op.f('ck_reminder_owed_nonnegative')),
    sa.CheckConstraint('step BETWEEN 1 AND 3', name=op.f('ck_reminder_step_valid')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_reminder_assessment_id_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('assessment_id', 'step', name='uq_reminder_assessment_step'),
    sa.UniqueConstraint('number', name=op.f('uq_reminder_number')),
    sa.UniqueConstraint('series', 'year', 'seq', name='uq_reminder_series_year_seq')
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_issue_date'), ['issue_date'], unique=False)

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sanksi_account', sa.String(length=64), nullable=True))

    with op.batch_alter_table('penalty', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('issuer_json', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('verification', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('issued_at', videotron.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('issued_by', sa.String(length=200), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('penalty', schema=None) as batch_op:
        batch_op.drop_column('issued_by')
        batch_op.drop_column('issued_at')
        batch_op.drop_column('verification')
        batch_op.drop_column('issuer_json')
        batch_op.drop_column('account')

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_column('sanksi_account')

    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_issue_date'))
        batch_op.drop_index(batch_op.f('ix_reminder_assessment_id'))

    op.drop_table('reminder')
    op.drop_table('closed_month')
