"""The tests' own PostgreSQL interface (tests/pg.py, scripts/pg_server.sh) does what the
README promises: a database per test, the whole suite switched by one variable."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from tests import pg

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg_server.sh"


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_the_db_fixture_runs_on_the_engine_the_run_chose(db):
    assert db.engine.dialect.name == ("postgresql" if pg.ON_POSTGRES else "sqlite")


def test_pg_url_is_a_new_empty_database_each_time(pg_url, pg_server):
    other = pg_server.create()
    try:
        assert other != pg_url
        assert tables(pg_url) == set() == tables(other)
    finally:
        pg_server.drop(other)
    with pytest.raises(Exception, match=other.rsplit("/", 1)[-1]):
        tables(other)


@pytest.mark.pg
def test_db_url_on_postgres_holds_the_schema_only(pg_server, pg_template):
    url = pg_server.create(template=pg_template)
    try:
        assert {"appointments", "clients", "alembic_version"} <= tables(url)
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM appointments").scalar() == 0
        engine.dispose()
    finally:
        pg_server.drop(url)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(os.name == "nt" or shutil.which("bash") is None, reason="a bash script")
def test_the_server_script_starts_on_loopback_and_stops_leaving_nothing(tmp_path):
    if not (Path("/usr/lib/postgresql/15/bin/pg_ctl").exists() or shutil.which("pg_ctl")
            or os.environ.get("PG_BINDIR")):
        pytest.skip("no PostgreSQL 15 binaries on this machine")
    port = str(_free_port())
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    start = subprocess.run(["bash", str(SCRIPT), "start", port], env=env, capture_output=True,
                           text=True, timeout=120)
    try:
        assert start.returncode == 0, start.stderr
        url = start.stdout.strip()
        assert url == f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        assert tables(url) == set()
        folder = Path((tmp_path / f"frontdesk-pg-{port}.dir").read_text().strip())
        assert (folder / "data" / "PG_VERSION").read_text().strip() == "15"
    finally:
        stop = subprocess.run(["bash", str(SCRIPT), "stop", port], env=env,
                              capture_output=True, text=True, timeout=120)
    assert stop.returncode == 0, stop.stderr
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()
