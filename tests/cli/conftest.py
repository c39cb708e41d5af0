"""Running the command line for real: in a subprocess, or in-process through ``main``.

``run_cli`` starts ``python -m frontdesk`` in a real process (about a second each, so the
tests use it where the process boundary matters: what reaches the real stdout and stderr,
argv handling, exit status, concurrency). ``cli`` calls ``frontdesk.cli.main`` in this process
for the many small exit-code checks. Both point FRONTDESK_DB, FRONTDESK_NOW and
FRONTDESK_HOME at this test's own temporary files.

Databases: ``standard_db`` is the known test clinic of tests/helpers.py written to the file
FRONTDESK_DB names; ``demo_db`` is a session-wide small demo clinic made with
``frontdesk init`` + ``frontdesk demo --start 2026-10-01`` (read it, never change it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pytest

from frontdesk.cli import main
from frontdesk.db.migrate import open_database, sqlite_path
from tests import pg
from tests.helpers import ClinicBuilder

#: The fixed clock of tests/helpers.py (NOW), as FRONTDESK_NOW wants it.
NOW_ISO = "2026-10-01T12:00:00+00:00"
SUBPROCESS_TIMEOUT_S = 120


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)

    def assert_one_line_error(self, code: int) -> str:
        """The command failed with ``code`` and said why in exactly one line; returns it."""
        assert self.returncode == code, (self.returncode, self.stdout, self.stderr)
        assert "Traceback" not in self.stderr + self.stdout
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("frontdesk: "), lines[0]
        assert self.stdout == ""
        return lines[0]


@dataclass
class Prepared:
    url: str
    path: Path | None  # the SQLite file; None on PostgreSQL
    ids: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def base_env(tmp_path: Path, db_url: str | None = None) -> dict[str, str]:
    return {
        "FRONTDESK_DB": db_url or sqlite_url(tmp_path / "clinic.sqlite3"),
        "FRONTDESK_NOW": NOW_ISO,
        "FRONTDESK_HOME": str(tmp_path / "home"),
        "FRONTDESK_USER": "tester",
    }


def spawn_env(overrides: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(overrides)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_subprocess(args, env: dict[str, str], cwd: Path) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "frontdesk", *map(str, args)],
        env=spawn_env(env), cwd=cwd, capture_output=True, text=True, encoding="utf-8",
        timeout=SUBPROCESS_TIMEOUT_S,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli_env(tmp_path, db_url) -> dict[str, str]:
    """FRONTDESK_DB is the test's ``db_url``: an SQLite file, or a PostgreSQL database on the
    suite's PostgreSQL run."""
    return base_env(tmp_path, db_url)


@pytest.fixture
def run_cli(cli_env, tmp_path):
    """``run_cli(*args, env={...})`` runs ``python -m frontdesk *args`` in a new process."""

    def run(*args, env: dict[str, str] | None = None) -> Result:
        return run_subprocess(args, {**cli_env, **(env or {})}, tmp_path)

    return run


@pytest.fixture
def cli(cli_env, monkeypatch, capsys):
    """``cli(*args, env={...})`` runs ``frontdesk.cli.main(args)`` in this process."""
    for key, value in cli_env.items():
        monkeypatch.setenv(key, value)

    def run(*args, env: dict[str, str] | None = None) -> Result:
        env = env or {}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        finally:
            for key in env:
                if key in cli_env:
                    monkeypatch.setenv(key, cli_env[key])
                else:
                    monkeypatch.delenv(key, raising=False)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def standard_db(cli_env) -> Prepared:
    """The known test clinic (tests/helpers.py) in the file FRONTDESK_DB names."""
    url = cli_env["FRONTDESK_DB"]
    db = open_database(url)
    try:
        builder = ClinicBuilder(db).standard()
    finally:
        db.close()
    return Prepared(url, sqlite_path(url), dict(builder.ids))


@dataclass
class Demo(Prepared):
    init: Result | None = None
    demo: Result | None = None


@pytest.fixture(scope="session")
def demo_db(request, tmp_path_factory) -> Demo:
    """A small demo clinic made by real ``frontdesk init`` and ``frontdesk demo`` processes
    (on the suite's engine).

    Shared by the whole session: tests may only read it (or be refused by it).
    """
    tmp = tmp_path_factory.mktemp("demo")
    env = base_env(tmp, request.getfixturevalue("pg_server").create() if pg.ON_POSTGRES
                   else None)
    init = run_subprocess(["init", "--json"], env, tmp)
    demo = run_subprocess(["demo", "--start", "2026-10-01", "--json"], env, tmp)
    url = env["FRONTDESK_DB"]
    return Demo(url, sqlite_path(url), init=init, demo=demo)


def query(url: str, sql: str) -> list[tuple]:
    """Rows of plain SQL on the database at ``url``, either engine, outside the program."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def table_contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two equal results mean nothing changed (on either
    engine; read through SQLAlchemy, not the program)."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url)
    try:
        meta = MetaData()
        with engine.connect() as conn:
            meta.reflect(conn)
            return {name: sorted((tuple(r) for r in conn.execute(select(table))), key=repr)
                    for name, table in sorted(meta.tables.items())}
    finally:
        engine.dispose()


@pytest.fixture
def contents():
    """``contents(prepared_url_or_path)``: the database's rows, to compare before and after."""

    def read(where) -> dict[str, list[tuple]]:
        if isinstance(where, Prepared):
            return table_contents(where.url)
        return table_contents(where if "://" in str(where) else sqlite_url(where))

    return read
