"""Therapists' calendars published into a folder: one file each, rewritten only on change,
never half-written."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from frontdesk.domain.errors import BadInput
from frontdesk.export import ics
from frontdesk.export.files import replacing
from frontdesk.export.publish import file_name, file_names, publish
from frontdesk.services.booking import Bookings
from tests.export.conftest import FALL_BACK
from tests.helpers import NOW

#: A clock near the DST day, so the published span (two weeks back, 90 days on) holds it.
LATER = NOW + timedelta(days=28)


def _uids(path) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(path.read_bytes())
            .walk("VEVENT")}


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "calendars"
    path.mkdir()
    return path


def test_each_therapist_in_use_gets_a_file_with_their_visits(dst_book, db, folder):
    done = publish(db, folder, LATER)
    assert sorted(p.path.name for p in done) == ["ana.ics", "ben.ics"]  # Cleo is inactive
    sheet = dst_book.sheet(FALL_BACK, 200)
    # 2026-11-01 is inside the 90 days ahead of LATER; 2027-03-14 is not.
    ana = {ics.uid(sheet, i) for label, i in dst_book.ids.items()
           if not label.startswith("spring")}
    assert _uids(folder / "ana.ics") == ana
    assert _uids(folder / "ben.ics") == set()
    assert all(p.written for p in done)
    assert sorted(p.name for p in folder.iterdir()) == ["ana.ics", "ben.ics"]  # no leftovers


def test_only_a_changed_calendar_is_rewritten(dst_book, db, folder):
    publish(db, folder, LATER)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    again = publish(db, folder, LATER)
    assert not any(p.written for p in again)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    Bookings(db, "tester", lambda: LATER).cancel(dst_book.ids["fall_zoe"], "flu")
    third = {p.path.name: p.written for p in publish(db, folder, LATER)}
    assert third == {"ana.ics": True, "ben.ics": False}
    events = icalendar.Calendar.from_ical((folder / "ana.ics").read_bytes()).walk("VEVENT")
    assert "CANCELLED" in {str(e["STATUS"]) for e in events}


def test_a_missing_folder_is_bad_input(db, clinic, tmp_path):
    with pytest.raises(BadInput, match="no folder"):
        publish(db, tmp_path / "nowhere", NOW)


def test_file_names_are_plain_and_safe():
    assert file_name("José Núñez", 3) == "jose-nunez.ics"
    assert file_name("Liam O'Connor", 4) == "liam-o-connor.ics"
    assert file_name("李小龍", 7) == "therapist-7.ics"
    assert file_name("../../etc", 5) == "etc.ics"
    assert file_names({1: "Ana", 2: "Aña", 3: "Ben"}) == {1: "ana-1.ics", 2: "ana-2.ics",
                                                          3: "ben.ics"}


def test_after_a_change_only_the_therapists_it_touched_are_published(dst_book, db, folder):
    publish(db, folder, LATER)
    done = publish(db, folder, LATER, therapist_ids={dst_book.clinic["Ben"]})
    assert [(p.path.name, p.written) for p in done] == [("ben.ics", False)]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "ana.ics"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target) as temp:
        temp.write_bytes(b"half a calen")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ana.ics"]
