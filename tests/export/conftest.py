"""A clinic with two DST days' visits for exports to be read back from.

2026-11-01 (clocks fall back at 02:00, a 25-hour day) and 2027-03-14 (they spring forward, a
23-hour day) in America/New_York, each with visits for José Núñez, Zoë Brontë and 李小龍,
including one at 01:30 *before* and one at 01:30 *after* the fall-back: the same wall-clock
time, an hour apart. Clients carry phones, alerts and contraindication flags; visits carry
notes, so a private export has something to leave out.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from frontdesk.db import models as m
from frontdesk.services.catalog import load_catalog
from frontdesk.services.daysheet import Sheet, gather
from tests.helpers import NOW

FALL_BACK = date(2026, 11, 1)
SPRING_FORWARD = date(2027, 3, 14)


@dataclass
class Book:
    """The database and what the tests booked in it (appointment ids by a short label)."""

    db: object
    clinic: object
    ids: dict[str, int]

    def sheet(self, first: date, days: int = 1, **kw) -> Sheet:
        with self.db.read() as session:
            return gather(session, load_catalog(session), first, days, now=NOW, **kw)


@pytest.fixture
def dst_book(db, clinic, book) -> Book:
    with db.write() as s:
        jose = s.get(m.Client, clinic["José Núñez"])
        jose.alert = "Hard of hearing: call, don't text"
        s.add(m.ClientFlag(client_id=jose.id, flag="anticoagulants", note="warfarin"))
        zoe = s.get(m.Client, clinic["Zoë Brontë"])
        s.add(m.ClientFlag(client_id=zoe.id, flag="pregnancy", note="2nd trimester"))

    utc = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    night = "late-night sports team"
    ids = {label: appt.id for label, appt in {
        # 2026-11-01: 01:30 EDT is 05:30 UTC, 01:30 EST is 06:30 UTC.
        "night_edt": book(utc(2026, 11, 1, 5, 30), "Trigger Point 30", client="Zoë Brontë",
                          override=night),
        "night_est": book(utc(2026, 11, 1, 6, 30), "Trigger Point 30", client="李小龍",
                          override=night),
        "fall_jose": book(utc(2026, 11, 1, 15, 0), "Deep Tissue 60", client="José Núñez",
                          notes="Focus on the left shoulder", acknowledge=True),  # 10:00 EST
        "fall_zoe": book(utc(2026, 11, 1, 17, 30), "Swedish 60", client="Zoë Brontë",
                         notes="Prenatal pillow, please"),                        # 12:30 EST
        "fall_li": book(utc(2026, 11, 1, 19, 0), "Hot Stone 90", client="李小龍",
                        room="Willow"),                                           # 14:00 EST
        # 2027-03-14: 01:15 EST is 06:15 UTC; 90 real minutes later it is 03:45 EDT.
        "spring_night": book(utc(2027, 3, 14, 6, 15), "Hot Stone 90", client="José Núñez",
                             room="Willow", override=night),
        "spring_zoe": book(utc(2027, 3, 14, 14, 0), "Swedish 60",
                           client="Zoë Brontë"),                                  # 10:00 EDT
        "spring_li": book(utc(2027, 3, 14, 16, 30), "Deep Tissue 60", client="李小龍",
                          notes="Café au lait before: 10 minutes late is normal"),  # 12:30 EDT
    }.items()}
    return Book(db, clinic, ids)


def pdf_text(path: Path) -> str:
    """The PDF's text as a real reader sees it: poppler's pdftotext if the machine has it,
    else pypdf (both read the file's own text layer, not our data)."""
    if shutil.which("pdftotext"):
        import subprocess

        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages).replace("\t", " ")
