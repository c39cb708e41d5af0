"""calendar id: a random identity for the clinic's exported calendars

iCalendar UIDs must stay the same across exports (so a phone updates an event instead of
adding a second one) and differ between two clinics' books (both have an appointment 1).
The clinic's name cannot serve: it may be renamed. Existing clinics get a random id here.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("clinic", sa.Column("calendar_id", sa.String(32), nullable=False,
                                      server_default=""))
    conn = op.get_bind()
    clinic = sa.table("clinic", sa.column("id", sa.Integer), sa.column("calendar_id"))
    for (clinic_id,) in conn.execute(sa.select(clinic.c.id)).all():
        conn.execute(clinic.update().where(clinic.c.id == clinic_id)
                     .values(calendar_id=uuid.uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("clinic") as batch:
        batch.drop_column("calendar_id")
