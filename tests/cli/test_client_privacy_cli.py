"""``frontdesk client export`` and ``frontdesk client erase`` on Zoë's story
(tests/client_story.py), on the suite's engine: the file written, the question asked before
an erase (and ``--yes`` for scripts), and what the book shows afterwards."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.domain import erasure as rule
from tests.client_story import EMAIL, zoe_story

#: The erase happens on 2026-10-10 (her 5 and 6 Oct visits past, the 20 Oct one to come).
ERASE_DAY = {"FRONTDESK_NOW": "2026-10-10T12:00:00+00:00"}


@pytest.fixture
def story(standard_db):
    db = open_database(standard_db.url)
    try:
        return zoe_story(db, standard_db)
    finally:
        db.close()


def test_export_writes_her_file_as_json_only_she_and_the_owner_may_read(cli, story,
                                                                         tmp_path):
    target = tmp_path / "zoe.json"
    done = cli("client", "export", "Zoë Brontë", "-o", target, env=ERASE_DAY)
    assert done.returncode == 0, done
    assert done.stdout.startswith(f"wrote {target}: ") and "3 visits" in done.stdout
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["id"], data["email"]) == (story.zoe, EMAIL)
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    piped = cli("client", "export", f"#{story.zoe}", "-o", "-", env=ERASE_DAY)
    assert json.loads(piped.stdout)["visits"] == data["visits"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_export_writes_a_pdf_by_its_suffix_or_by_format(cli, story, tmp_path):
    target = tmp_path / "zoe-file"
    done = cli("client", "export", f"#{story.zoe}", "-o", target, "--format", "pdf")
    assert done.returncode == 0, done
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Zoë Brontë" in text and "Left shoulder pain" in text


def test_export_refuses_a_file_it_cannot_tell_the_format_of(cli, story, tmp_path):
    line = cli("client", "export", f"#{story.zoe}", "-o", tmp_path / "zoe.txt") \
        .assert_one_line_error(2)
    assert "--format" in line and not (tmp_path / "zoe.txt").exists()


def test_erase_asks_first_and_a_no_erases_nothing(cli, story, monkeypatch, tmp_path):
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    done = cli("client", "erase", f"#{story.zoe}", env=ERASE_DAY)
    assert done.returncode == 1
    assert "Zoë Brontë" in done.stderr and "cannot be undone" in done.stderr
    assert "1 visit to come cancelled" in done.stderr
    assert done.stderr.rstrip().endswith("nothing was erased")
    assert cli("list", "clients", "--search", "Zoë", "--json").json[0]["id"] == story.zoe


def test_erase_with_yes_erases_and_the_card_is_a_number_after(cli, story, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # never read with --yes
    done = cli("client", "erase", "Zoë Brontë", "--yes", "--json", env=ERASE_DAY)
    assert done.returncode == 0, done
    assert done.json["cancelled"] == [story.visits["20"]]
    assert done.json["cards"] == [story.zoe, story.old_card]
    assert cli("list", "clients", "--search", "Zoë", "--json").json == []
    after = tmp_path / "after.json"
    assert cli("client", "export", f"#{story.zoe}", "-o", after).returncode == 0
    data = json.loads(after.read_text(encoding="utf-8"))
    assert (data["name"], data["email"], data["phones"], data["flags"]) == (
        rule.erased_name(story.zoe), "", [], [])
    assert {v["status"] for v in data["visits"]} == {"completed", "cancelled"}
    assert "Bront" not in after.read_text(encoding="utf-8")


def test_an_answer_typed_yes_erases(cli, story, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    done = cli("client", "erase", f"#{story.zoe}", env=ERASE_DAY)
    assert done.returncode == 0, done
    assert done.stdout.startswith(f"erased #{story.zoe}: now \"Erased client #{story.zoe}\"")
