"""A PostgreSQL book's backup: PostgreSQL's own ``pg_dump``, where it is installed.

The dump is in ``pg_dump``'s custom format (compressed; ``pg_restore`` restores all of it or
a chosen table). The connection goes to ``pg_dump`` through libpq's environment variables,
so the password never shows in the list of running processes. It is written under a
temporary name, checked by ``pg_restore --list`` (it must read it, and find the
appointments' data in it), then renamed. The file is its owner's only (0600) before
``pg_dump`` writes its first byte into it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from frontdesk import private
from frontdesk.domain.errors import DatabaseError

PARTIAL = ".partial"
DUMP_TIMEOUT_S = 3600


def database_name(url: str) -> str:
    return make_url(url).database or "postgres"


def where(url: str) -> str:
    """The server and database, without user or password: what a backup folder is for."""
    u = make_url(url)
    return f"{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DatabaseError(f"{name} is not installed on this computer (PostgreSQL's client "
                            "tools); install them, or back up on the server (see the "
                            "README's Backups)")
    return found


def _env(url: str) -> dict[str, str]:
    u = make_url(url)
    env = dict(os.environ)
    for key, value in (("PGHOST", u.host), ("PGPORT", u.port), ("PGUSER", u.username),
                       ("PGPASSWORD", u.password), ("PGDATABASE", u.database)):
        if value is not None:
            env[key] = str(value)
    return env


def dump(url: str, target: Path) -> None:
    """``pg_dump`` the database at ``url`` into ``target`` (see the module docstring)."""
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    partial = target.with_name(target.name + PARTIAL)
    env = _env(url)
    try:
        private.create(partial)  # pg_dump writes into it: the owner's only from the start
        done = subprocess.run([pg_dump, "--format=custom", "--no-password",
                               f"--file={partial}"], env=env, capture_output=True, text=True,
                              timeout=DUMP_TIMEOUT_S)
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
            raise DatabaseError(f"pg_dump failed: {said}")
        listed = subprocess.run([pg_restore, "--list", str(partial)], capture_output=True,
                                text=True, timeout=DUMP_TIMEOUT_S)
        if listed.returncode != 0 or "TABLE DATA public appointments" not in listed.stdout:
            raise DatabaseError("pg_dump's file did not read back as a dump of the book")
        with open(partial, "rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
