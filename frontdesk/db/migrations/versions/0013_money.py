"""money: the clinic's currency and default fees, the ledger, gift certificates, day closes

``checkouts`` groups ledger entries written together (a checkout, whose number is the
receipt's; a void or refund of one; a gift certificate sold; a fee charged or waived).
``ledger_entries`` is append-only: signed amounts in the currency's minor unit, by kind and
method (domain/ledger.py says what each means); voids and refunds are new entries naming
what they reverse. A gift certificate's balance is the ledger's. ``day_closes`` records a
business day closed (closing changes no entry). Indexed for a year's reports on a large
book: day and kind, therapist and day, client and day, visit, certificate.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("'charge', 'discount', 'fee', 'waiver', 'tip', 'payment', 'refund', 'credit', "
         "'certificate_sale'")
METHODS = "'cash', 'card', 'check', 'certificate'"
GROUPS = "'checkout', 'void', 'refund', 'sale', 'fee', 'waiver'"


def upgrade() -> None:
    with op.batch_alter_table('clinic') as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=False,
                                      server_default='USD'))
        batch_op.add_column(sa.Column('no_show_fee_cents', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('late_cancel_fee_cents', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_check_constraint(
            op.f('ck_clinic_fees'), 'no_show_fee_cents >= 0 AND late_cancel_fee_cents >= 0')
    op.create_table(
        'checkouts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=True),
        sa.Column('reverses_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.CheckConstraint(f"kind IN ({GROUPS})", name=op.f('ck_checkouts_kind')),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='RESTRICT',
                                name=op.f('fk_checkouts_client_id_clients')),
        sa.ForeignKeyConstraint(['reverses_id'], ['checkouts.id'], ondelete='RESTRICT',
                                name=op.f('fk_checkouts_reverses_id_checkouts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checkouts')),
    )
    op.create_index(op.f('ix_checkouts_day'), 'checkouts', ['day'])
    op.create_index(op.f('ix_checkouts_client_id'), 'checkouts', ['client_id'])
    op.create_index(op.f('ix_checkouts_reverses_id'), 'checkouts', ['reverses_id'])
    op.create_table(
        'gift_certificates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('amount_cents', sa.Integer(), nullable=False),
        sa.Column('sold_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sold_by', sa.String(length=100), nullable=False),
        sa.Column('expires', sa.Date(), nullable=True),
        sa.Column('buyer_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sa.String(length=200), nullable=False),
        sa.CheckConstraint('amount_cents > 0', name=op.f('ck_gift_certificates_amount')),
        sa.ForeignKeyConstraint(['buyer_id'], ['clients.id'], ondelete='RESTRICT',
                                name=op.f('fk_gift_certificates_buyer_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_certificates')),
        sa.UniqueConstraint('code', name=op.f('uq_gift_certificates_code')),
    )
    op.create_table(
        'ledger_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checkout_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('method', sa.String(length=12), nullable=True),
        sa.Column('amount_cents', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=True),
        sa.Column('appointment_id', sa.Integer(), nullable=True),
        sa.Column('therapist_id', sa.Integer(), nullable=True),
        sa.Column('certificate_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('reverses_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f('ck_ledger_entries_kind')),
        sa.CheckConstraint(f"method IS NULL OR method IN ({METHODS})",
                           name=op.f('ck_ledger_entries_method')),
        sa.CheckConstraint("(method IS NOT NULL) = (kind IN ('payment', 'refund'))",
                           name=op.f('ck_ledger_entries_money_moves')),
        sa.CheckConstraint("(certificate_id IS NOT NULL) OR method IS NULL OR "
                           "method <> 'certificate'", name=op.f('ck_ledger_entries_certificate')),
        sa.ForeignKeyConstraint(['checkout_id'], ['checkouts.id'], ondelete='RESTRICT',
                                name=op.f('fk_ledger_entries_checkout_id_checkouts')),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='RESTRICT',
                                name=op.f('fk_ledger_entries_client_id_clients')),
        sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='RESTRICT',
                                name=op.f('fk_ledger_entries_appointment_id_appointments')),
        sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], ondelete='RESTRICT',
                                name=op.f('fk_ledger_entries_therapist_id_therapists')),
        sa.ForeignKeyConstraint(['certificate_id'], ['gift_certificates.id'],
                                ondelete='RESTRICT',
                                name=op.f('fk_ledger_entries_certificate_id_gift_certificates')),
        sa.ForeignKeyConstraint(['reverses_id'], ['ledger_entries.id'], ondelete='RESTRICT',
                                name=op.f('fk_ledger_entries_reverses_id_ledger_entries')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    )
    op.create_index(op.f('ix_ledger_entries_checkout_id'), 'ledger_entries', ['checkout_id'])
    op.create_index(op.f('ix_ledger_entries_day_kind'), 'ledger_entries', ['day', 'kind'])
    op.create_index(op.f('ix_ledger_entries_therapist_id_day'), 'ledger_entries',
                    ['therapist_id', 'day'])
    op.create_index(op.f('ix_ledger_entries_client_id_day'), 'ledger_entries',
                    ['client_id', 'day'])
    op.create_index(op.f('ix_ledger_entries_appointment_id'), 'ledger_entries',
                    ['appointment_id'])
    op.create_index(op.f('ix_ledger_entries_certificate_id'), 'ledger_entries',
                    ['certificate_id'])
    op.create_index(op.f('ix_ledger_entries_reverses_id'), 'ledger_entries', ['reverses_id'])
    op.create_table(
        'day_closes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_by', sa.String(length=100), nullable=False),
        sa.Column('last_entry_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_day_closes')),
    )
    op.create_index(op.f('ix_day_closes_day'), 'day_closes', ['day'])


def downgrade() -> None:
    op.drop_index(op.f('ix_day_closes_day'), table_name='day_closes')
    op.drop_table('day_closes')
    for name in ('reverses_id', 'certificate_id', 'appointment_id', 'client_id_day',
                 'therapist_id_day', 'day_kind', 'checkout_id'):
        op.drop_index(op.f(f'ix_ledger_entries_{name}'), table_name='ledger_entries')
    op.drop_table('ledger_entries')
    op.drop_table('gift_certificates')
    for name in ('reverses_id', 'client_id', 'day'):
        op.drop_index(op.f(f'ix_checkouts_{name}'), table_name='checkouts')
    op.drop_table('checkouts')
    with op.batch_alter_table('clinic') as batch_op:
        batch_op.drop_constraint(op.f('ck_clinic_fees'), type_='check')
        batch_op.drop_column('late_cancel_fee_cents')
        batch_op.drop_column('no_show_fee_cents')
        batch_op.drop_column('currency')
