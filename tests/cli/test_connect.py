"""``frontdesk connect``: where this desk's book is, kept in the data folder and the keyring.

The keyring is a real keyring backend held in memory (the machines tests run on have no
desktop keyring); what is checked is that the password goes there and never into the file.
"""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from frontdesk import connection, paths


class MemoryKeyring(KeyringBackend):
    """A keyring kept in this process: the one the test reads back."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def ring():
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def desk(cli, monkeypatch, tmp_path):
    """The command line with no FRONTDESK_DB: the desk's own choice decides."""
    monkeypatch.delenv("FRONTDESK_DB")
    return cli


def test_a_new_desk_opens_its_own_file(desk, tmp_path):
    result = desk("connect")
    assert result.returncode == 0
    assert result.stdout.strip() == (
        f"this desk opens this computer's file {tmp_path / 'home' / 'data' / 'frontdesk.sqlite3'}")


def test_pointing_at_a_server_keeps_the_password_in_the_keyring_not_the_file(
        desk, ring, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("s3cret:/@x\n"))
    result = desk("connect", "--server", "db.clinic.lan", "--database", "clinic", "--user",
                  "desk1", "--password-stdin", "--no-check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "this desk now opens the server desk1@db.clinic.lan:5432/clinic"
    saved = (paths.data_dir() / connection.FILE).read_text(encoding="utf-8")
    assert "s3cret" not in saved
    assert json.loads(saved) == {"host": "db.clinic.lan", "database": "clinic",
                                 "user": "desk1", "port": 5432}
    assert ring.kept == {("frontdesk", "desk1@db.clinic.lan:5432/clinic"): "s3cret:/@x"}
    url = paths.default_db_url()
    from sqlalchemy.engine import make_url
    assert make_url(url).password == "s3cret:/@x" and make_url(url).host == "db.clinic.lan"
    assert desk("connect").stdout.strip() == (
        "this desk opens the server desk1@db.clinic.lan:5432/clinic")
    monkeypatch.setenv("FRONTDESK_DB", "sqlite:///elsewhere.sqlite3")  # still wins
    assert paths.default_db_url() == "sqlite:///elsewhere.sqlite3"
    monkeypatch.delenv("FRONTDESK_DB")
    assert desk("connect", "--this-computer").returncode == 0
    assert not (paths.data_dir() / connection.FILE).exists()
    assert paths.default_db_url() == paths.local_db_url()


def test_without_a_keyring_the_desk_is_told_where_the_password_goes(desk, monkeypatch):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", __import__("io").StringIO("pw\n"))
        result = desk("connect", "--server", "db", "--database", "clinic", "--user", "desk1",
                      "--password-stdin", "--no-check")
    finally:
        keyring.set_keyring(before)
    assert result.returncode == 0
    assert "no system keyring" in result.stdout and "PGPASSWORD" in result.stdout
    assert "pw" not in (paths.data_dir() / connection.FILE).read_text(encoding="utf-8")


def test_an_unreachable_server_is_said_in_one_line_and_nothing_is_saved(desk):
    result = desk("connect", "--server", "127.0.0.1", "--port", "1", "--database", "clinic",
                  "--user", "desk1")
    line = result.assert_one_line_error(1)
    assert "cannot open database" in line and "127.0.0.1" in line
    assert not (paths.data_dir() / connection.FILE).exists()


@pytest.mark.parametrize("args, field", [
    (("--server", "a b", "--database", "c", "--user", "u"), "host"),
    (("--server", "h", "--user", "u"), "database"),
    (("--server", "h", "--database", "c", "--user", "u", "--port", "70000"), "port"),
    (("--database", "c"), "--server"),
])
def test_bad_settings_are_refused_with_exit_2(desk, args, field):
    assert field in desk("connect", *args).assert_one_line_error(2)


def test_a_damaged_setting_falls_back_to_this_computers_file(desk):
    (paths.data_dir() / connection.FILE).write_text("{not json", encoding="utf-8")
    assert paths.default_db_url() == paths.local_db_url()
