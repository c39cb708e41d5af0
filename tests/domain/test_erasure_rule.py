"""The rule of what erasing keeps (frontdesk.domain.erasure), as plain Python."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from frontdesk.domain import erasure
from frontdesk.domain.status import Status

NOW = datetime(2026, 10, 10, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_visits_to_come_are_cancelled_under_way_refuse_and_the_rest_are_kept():
    assert erasure.fate(Status.BOOKED, NOW + HOUR, NOW + 2 * HOUR, NOW) == "cancel"
    assert erasure.fate(Status.CONFIRMED, NOW + HOUR, NOW + 2 * HOUR, NOW) == "cancel"
    assert erasure.fate(Status.ARRIVED, NOW - HOUR / 4, NOW + HOUR, NOW) == "refuse"
    assert erasure.fate(Status.IN_SESSION, NOW - HOUR / 2, NOW + HOUR / 2, NOW) == "refuse"
    assert erasure.fate(Status.ARRIVED, NOW - 3 * HOUR, NOW - 2 * HOUR, NOW) == "keep"
    assert erasure.fate(Status.BOOKED, NOW - 3 * HOUR, NOW - 2 * HOUR, NOW) == "keep"
    assert erasure.fate(Status.CANCELLED, NOW + HOUR, NOW + 2 * HOUR, NOW) == "keep"
    assert erasure.fate(Status.COMPLETED, NOW - 3 * HOUR, NOW - 2 * HOUR, NOW) == "keep"


def test_a_visit_keeps_no_notes_and_marks_its_other_texts():
    assert erasure.visit_texts({"notes": "left knee", "cancel_reason": "ill",
                                "override_reason": "", "cautions_acknowledged": "pregnancy"}
                               ) == {"notes": "", "cancel_reason": erasure.MARK,
                                     "override_reason": "", "cautions_acknowledged":
                                     erasure.MARK}


def test_an_audit_snapshot_keeps_what_happened_not_to_whom():
    card = {"id": 7, "name": "Zoë", "email": None, "notes": "", "phones": ["+1917", "+1212"],
            "flags": [["pregnancy", "May"]], "active": True}
    assert erasure.redact("clients", card) == {
        "id": 7, "name": erasure.MARK, "email": None, "notes": "",
        "phones": [erasure.MARK, erasure.MARK], "flags": [erasure.MARK], "active": True}
    visit = {"id": 3, "status": "completed", "notes": "knee", "client_id": 7}
    assert erasure.redact("appointments", visit) == {**visit, "notes": erasure.MARK}
    assert erasure.redact("rooms", {"name": "Cedar"}) == {"name": "Cedar"}
    assert erasure.redact("clients", None) is None


def test_only_the_whole_name_is_replaced_in_another_visits_text():
    text = "Ana is already booked for Swedish 60 for Al; Alicia waits"
    assert erasure.unnamed(text, "Al", 9) == \
        "Ana is already booked for Swedish 60 for Erased client #9; Alicia waits"
    assert erasure.unnamed(text, "", 9) == text
