"""The large demo on each engine, and scratch copies of it for the benchmarks that write.

SQLite: the cached file (run.large_demo). PostgreSQL: a database ``frontdesk_bench_v<N>`` on
the server given with ``--pg URL`` (a server where the benchmark may create databases),
built once with the same demo code as the file — the same 1,000,000 appointments, through
the program's own bulk inserts (about two and a half minutes on loopback) — and kept on
the server for the next run. It is built under another name and renamed when complete, so
a build cut short is never measured.

Benchmarks that book (desks.py) write into a scratch copy made for the run and dropped
after it, never into the cached book: a file copy on SQLite, ``CREATE DATABASE ...
TEMPLATE`` on PostgreSQL.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from floors import conninfo
from sqlalchemy.engine import make_url

from frontdesk.db.migrate import sqlite_path


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def _on(server: str, database: str) -> str:
    """``server`` (a SQLAlchemy URL) pointed at ``database``."""
    return make_url(server).set(database=database).render_as_string(hide_password=False)


def _admin(server: str):
    import psycopg

    return psycopg.connect(conninfo(server), autocommit=True)


def _exists(server: str, name: str) -> bool:
    with _admin(server) as con:
        return con.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                           (name,)).fetchone() is not None


def pg_book(server: str, version: int, make: Callable[[str], None],
            log) -> tuple[str, float | None]:
    """The large demo on the PostgreSQL ``server``: its URL, and the seconds the build took
    (None when it was there already)."""
    name = f"frontdesk_bench_v{version}"
    if _exists(server, name):
        return _on(server, name), None
    partial = f"{name}_partial"
    with _admin(server) as con:
        # WITH (FORCE): a killed build's server session may still be writing into it.
        con.execute(f"DROP DATABASE IF EXISTS {partial} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {partial}")
    log(f"building the large demo on PostgreSQL as {name} (once; kept on the server) ...")
    t0 = time.perf_counter()
    make(_on(server, partial))
    vacuum(_on(server, partial))
    took = time.perf_counter() - t0
    with _admin(server) as con:
        con.execute(f"ALTER DATABASE {partial} RENAME TO {name}")
    return _on(server, name), took


def vacuum(url: str) -> None:
    """VACUUM ANALYZE, as autovacuum would after a load: the planner sees the book."""
    import psycopg

    with psycopg.connect(conninfo(url), autocommit=True) as con:
        con.execute("VACUUM (ANALYZE)")


@contextmanager
def scratch(url: str, log) -> Iterator[str]:
    """A copy of the book at ``url`` to write into, removed afterwards."""
    if is_postgres(url):
        source = make_url(url).database
        name = f"{source}_scratch"
        with _admin(url) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name}")
            con.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
        try:
            yield _on(url, name)
        finally:
            with _admin(url) as con:
                con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return
    path = sqlite_path(url)
    assert path is not None
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-bench-scratch-"))
    try:
        copy = folder / path.name
        log(f"copying {path.name} to write into ...")
        src, dst = sqlite3.connect(path), sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        yield f"sqlite:///{copy}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
