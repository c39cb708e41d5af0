"""Shared fixtures: every test gets its own data folder and a real SQLite file.

``QT_QPA_PLATFORM=offscreen`` is set here, before any QApplication can exist, so Qt tests
run without a display, on one screen of 1366x768 (``screen_1366x768.json``: the smallest
screen the window must fit; the offscreen platform's own default is 800x800).
"""

from __future__ import annotations

import os

# Qt reads the platform's arguments split at ":", which a Windows path would break.
os.environ["QT_QPA_PLATFORM"] = (
    "offscreen:configfile=" + os.path.join(os.path.dirname(__file__), "screen_1366x768.json")
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen" and os.name != "nt"
    else os.environ.get("QT_QPA_PLATFORM", "offscreen"))

from datetime import datetime

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.services.booking import Bookings
from tests.helpers import NOW, ClinicBuilder, request

#: pytester runs a small suite inside a test (tests/test_open_windows.py does).
pytest_plugins = ["pytester", "tests.open_windows"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test touches the user's real data folder, database or clock."""
    monkeypatch.setenv("FRONTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    monkeypatch.delenv("FRONTDESK_NOW", raising=False)
    monkeypatch.setenv("FRONTDESK_USER", "tester")


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'clinic.sqlite3'}"


@pytest.fixture
def db(db_url):
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def clinic(db) -> ClinicBuilder:
    """A small, fully known clinic (see tests/helpers.py) in a fresh database."""
    return ClinicBuilder(db).standard()


@pytest.fixture
def bookings(db, now) -> Bookings:
    return Bookings(db, actor="tester", now=lambda: now)


@pytest.fixture
def book(clinic, bookings):
    """Book by the test clinic's names (see :func:`tests.helpers.request`):
    ``book("2026-10-05 10:00", "Deep Tissue 60", therapist="Ben", client=None)``."""
    def do(when: str | datetime, service: str = "Swedish 60", **kw):
        return bookings.book(request(clinic, when, service, **kw))
    return do
