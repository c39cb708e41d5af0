"""audit chain: every audit entry sealed into one hash chain

Adds ``prev_hash`` and ``hash`` to ``audit_log`` and seals the entries already there, in id
order, by the rule of :mod:`frontdesk.domain.audit_chain` (the rule itself, not a frozen copy:
a seal is only worth anything while writer and checker agree on it). Then both columns are
required, so an entry written around the program's sealing is refused.

An old book's trail is sealed as it stands at the upgrade: what was edited or removed before
it cannot be told afterwards (the book's `.bak` copy taken before the upgrade keeps it as it
was).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.db.types import Instant
from frontdesk.domain import audit_chain

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Entries sealed per UPDATE batch.
BATCH = 5000

_log = sa.table(
    "audit_log", sa.column("id", sa.Integer), sa.column("at", Instant),
    sa.column("actor", sa.String), sa.column("action", sa.String),
    sa.column("entity", sa.String), sa.column("entity_id", sa.Integer),
    sa.column("before", sa.JSON), sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String), sa.column("hash", sa.String))


def upgrade() -> None:
    with op.batch_alter_table('audit_log') as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _seal_all(op.get_bind())
    with op.batch_alter_table('audit_log') as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)


def _seal_all(bind) -> None:
    """Seal every entry in id order; ids are read first so the updates never meet an open
    read of the same table."""
    t = _log.c
    ids = [row[0] for row in bind.execute(sa.select(t.id).order_by(t.id))]
    prev = audit_chain.GENESIS
    update = (_log.update().where(t.id == sa.bindparam("key"))
              .values(prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = bind.execute(sa.select(t.id, t.at, t.actor, t.action, t.entity, t.entity_id,
                                      t.before, t.after)
                            .where(t.id.between(chunk[0], chunk[-1])).order_by(t.id)).all()
        sealed = []
        for row in rows:
            link = audit_chain.Link(row.id, row.at, row.actor, row.action, row.entity,
                                    row.entity_id, row.before, row.after, prev, None)
            prev = audit_chain.seal(link)
            sealed.append({"key": row.id, "p": link.prev_hash, "h": prev})
        bind.execute(update, sealed)


def downgrade() -> None:
    with op.batch_alter_table('audit_log') as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
