"""PostgreSQL cannot store a NUL in text: such a value is refused as bad input (exit 2 on
the command line), before it is sent, and nothing is written."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import BadInput
from frontdesk.services.booking import Bookings
from tests.helpers import NOW, ClinicBuilder, request

pytestmark = pytest.mark.pg


def test_a_nul_in_a_visits_notes_is_refused_and_nothing_is_written(pg_url):
    db = open_database(pg_url)
    try:
        clinic = ClinicBuilder(db).standard()
        bookings = Bookings(db, actor="desk", now=lambda: NOW)
        asked = dataclasses.replace(request(clinic, "2026-10-05 10:00"),
                                    notes="first\x00visit")
        with pytest.raises(BadInput, match="NUL"):
            bookings.book(asked)
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(m.Appointment)) == 0
    finally:
        db.close()
