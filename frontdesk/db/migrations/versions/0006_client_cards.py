"""client cards: deactivated and merged cards, e-mail look-up

Adds ``clients.active`` (a deactivated card leaves searches and type-aheads but keeps its
history and is still found by its number), ``clients.merged_into_id`` (a card merged into
another: its number finds the kept one) and ``clients.email_key`` (the address folded to
lower case, indexed), so the duplicate check finds the same address in any case with an
index look-up on SQLite and PostgreSQL alike.

Edits need no version column: ``update_client`` already refuses a stale edit by comparing
the card the desk read with the card as it is now.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('clients') as batch_op:
        batch_op.add_column(sa.Column('email_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_clients_merged_into_id_clients'), 'clients',
                                    ['merged_into_id'], ['id'], ondelete='SET NULL')
    op.create_index(op.f('ix_clients_email_key'), 'clients', ['email_key'])
    clients = sa.table('clients', sa.column('id', sa.Integer), sa.column('email', sa.String),
                       sa.column('email_key', sa.String))
    bind = op.get_bind()
    # Folded in Python (a frozen copy of domain.names.email_key): SQL's lower() leaves
    # non-ASCII letters alone on SQLite.
    keys = [{"cid": cid, "key": unicodedata.normalize("NFC", email.strip()).lower()[:200]}
            for cid, email in bind.execute(
                sa.select(clients.c.id, clients.c.email).where(clients.c.email.isnot(None)))
            if email.strip()]
    if keys:
        bind.execute(clients.update().where(clients.c.id == sa.bindparam("cid"))
                     .values(email_key=sa.bindparam("key")), keys)


def downgrade() -> None:
    op.drop_index(op.f('ix_clients_email_key'), table_name='clients')
    with op.batch_alter_table('clients') as batch_op:
        batch_op.drop_constraint(op.f('fk_clients_merged_into_id_clients'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('active')
        batch_op.drop_column('email_key')
