"""Trying a clinic server before a desk is pointed at it: reachable, and what is there.

The desk asks before it saves (see :mod:`frontdesk.connection`), so a typo in the server's
name or a wrong password is said at once, in one line, instead of on the next start.
Nothing is changed on the server: the schema is built by the first desk that opens it.
"""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from frontdesk import connection
from frontdesk.db import models as m
from frontdesk.db.migrate import HEAD, open_database, stamped_revisions


def try_server(server: connection.Server, password: str | None = None) -> str:
    """What the desk would open there, in words; DatabaseError (one line) when it cannot.
    Without ``password``, the one in the keyring (or PostgreSQL's own sources) is used."""
    db = open_database(server.url(password or connection.password(server)), migrate=False)
    try:
        with db.engine.connect() as conn:
            revisions = stamped_revisions(conn)
            if not revisions:
                return "an empty database: the first desk to open it sets up the clinic"
            name = (conn.execute(select(m.Clinic.name).order_by(m.Clinic.id).limit(1))
                    .scalar() if inspect(conn).has_table(m.Clinic.__tablename__) else None)
            visits = conn.execute(select(func.count()).select_from(m.Appointment)).scalar()
        later = "" if revisions == [HEAD] else " (it is upgraded when a desk opens it)"
        return f"the book of {name or 'a clinic'}, {visits or 0} appointments{later}"
    finally:
        db.close()
