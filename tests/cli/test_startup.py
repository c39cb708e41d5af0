"""What a command loads before it answers, in a real process.

``--version`` and ``--help`` answer from the grammar alone; a listing on a current database
loads the database layer but neither Alembic (nothing to migrate), the calendar library
(nothing exported) nor Qt. Which modules, not how long: timing stays in benchmarks/.
"""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.cli.conftest import SUBPROCESS_TIMEOUT_S, spawn_env

HEAVY = ("sqlalchemy", "alembic", "icalendar", "PySide6")


def _run_and_list_loaded(args, env, cwd) -> tuple[int, str, list[str]]:
    code = ("import sys\nfrom frontdesk.cli import main\n"
            f"code = main({[str(a) for a in args]!r})\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
            "sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code], env=spawn_env(env), cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8",
                          timeout=SUBPROCESS_TIMEOUT_S)
    *printed, loaded = proc.stdout.splitlines()
    return proc.returncode, "\n".join(printed), ast.literal_eval(loaded)


def test_version_and_help_load_no_database_layer(cli_env, tmp_path):
    code, out, loaded = _run_and_list_loaded(["--version"], cli_env, tmp_path)
    assert (code, out, loaded) == (0, "frontdesk 0.1.0", [])
    code, out, loaded = _run_and_list_loaded(["list", "--help"], cli_env, tmp_path)
    assert code == 0 and "therapists" in out and loaded == []


def test_a_listing_loads_sqlalchemy_only(cli_env, tmp_path, standard_db):
    code, out, loaded = _run_and_list_loaded(["list", "therapists"], cli_env, tmp_path)
    assert code == 0 and "Ana" in out
    assert loaded == ["sqlalchemy"]


def test_a_usage_error_is_one_line_without_the_database_layer(cli_env, tmp_path):
    code, out, loaded = _run_and_list_loaded(["list", "nobody"], cli_env, tmp_path)
    assert code == 2 and out == "" and loaded == []
