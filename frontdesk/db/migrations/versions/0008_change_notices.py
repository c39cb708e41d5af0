"""change notices: the server tells every desk that the book changed

Every change writes an audit row in its own transaction. On PostgreSQL a statement-level
trigger on ``audit_log`` sends ``NOTIFY frontdesk_changes`` in that same transaction, so the
notice leaves only when the change is committed (and never for one rolled back); desks
``LISTEN`` and then read the audit trail since the last row they saw, as before. SQLite has no
such channel: desks on one computer keep reading the trail once a second.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The channel desks listen on (a frozen copy of services.notices.CHANNEL).
CHANNEL = "frontdesk_changes"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE FUNCTION frontdesk_notify_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '');
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE TRIGGER audit_log_notify AFTER INSERT ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION frontdesk_notify_change()""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_notify ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS frontdesk_notify_change()")
