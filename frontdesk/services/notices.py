"""Hearing that the book changed: PostgreSQL's notices, on a connection of their own.

Each change's transaction sends ``NOTIFY frontdesk_changes`` (migration 0008's trigger on the
audit trail), delivered when it commits. A desk listens on one connection kept for that and,
when a notice comes, reads the audit trail since the last row it saw — only what changed.
Notices are a hint, not the record: several changes may come as one notice, and one lost
with a dropped connection is made good by the desk's slow safety read of the trail.

SQLite has no such channel; :func:`listener` gives None there and desks read the trail on a
timer, as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

CHANNEL = "frontdesk_changes"


class Listener:
    """A LISTEN connection to the server at ``url`` (opened on first use, again after a
    failure). Not thread-safe: one thread waits on it."""

    def __init__(self, url: str):
        parsed = make_url(url)
        # psycopg's own connection string: the same server, user and password.
        self._conninfo = parsed.set(drivername="postgresql").render_as_string(
            hide_password=False)
        self._conn: Any = None  # psycopg.Connection, imported only where used

    def wait(self, timeout_s: float) -> bool:
        """Whether the book changed within ``timeout_s`` (all notices waiting are taken at
        once); psycopg's OperationalError when the server cannot be reached (the connection
        is dropped and made again on the next call)."""
        import psycopg

        if self._conn is None:
            self._conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
            self._conn.execute(f"LISTEN {CHANNEL}")
        try:
            heard = False
            for _notice in self._conn.notifies(timeout=timeout_s, stop_after=1):
                heard = True
            if heard:  # take the rest of a burst with it: one read serves them all
                for _notice in self._conn.notifies(timeout=0.0):
                    pass
            return heard
        except psycopg.Error:
            self.close()
            raise

    def __del__(self) -> None:
        self.close()  # a listener dropped unclosed still lets go of its server connection

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


def listener(url: str) -> Listener | None:
    """A listener for a PostgreSQL book; None for SQLite (no notices: read on a timer)."""
    return Listener(url) if make_url(url).get_backend_name() == "postgresql" else None
