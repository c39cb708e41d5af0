"""Shared fixtures: every test gets its own data folder and a real SQLite file.

``QT_QPA_PLATFORM=offscreen`` is set here, before any QApplication can exist, so Qt tests
run without a display.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime

import pytest

from frontdesk.db.migrate import open_database
from frontdesk.services.booking import BookingRequest, Bookings
from tests.helpers import NOW, ClinicBuilder, local

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
    """Book by names: ``book("2026-10-05 10:00", "Deep Tissue 60", therapist="Ben")``."""
    def do(when: str | datetime, service: str = "Swedish 60", *, therapist: str = "Ana",
           room: str = "Cedar", client: str | None = "José Núñez", **kw):
        start = local(when) if isinstance(when, str) else when
        return bookings.book(BookingRequest(
            service_id=clinic[service], start=start, therapist_id=clinic[therapist],
            room_id=clinic[room], client_id=clinic[client] if client else None, **kw))
    return do
