"""A client's own file (``frontdesk client export``): everything the book holds about Zoë
(tests/client_story.py), written as JSON and read back with json, and as a PDF read back
with pdftotext; on the suite's engine."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from frontdesk.domain.errors import BadInput
from frontdesk.export import client_file as writer
from frontdesk.services import client_file
from tests.client_story import EMAIL, LATER, zoe_story


@pytest.fixture
def story(db, clinic):
    return zoe_story(db, clinic)


@pytest.fixture
def zoe_file(db, story):
    with db.read() as session:
        return client_file.gather(session, story.zoe, LATER)


def test_the_json_file_holds_her_card_visits_waitlist_and_audit_trail(tmp_path, story,
                                                                      zoe_file):
    target = tmp_path / "zoe.json"
    writer.write(zoe_file, "json", target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["id"], data["name"], data["email"]) == (story.zoe, "Zoë Brontë", EMAIL)
    assert data["alert"] == "Allergic to almond oil"
    assert data["notes"].startswith("Prefers silence") and "old card" in data["notes"]
    assert [p["e164"] for p in data["phones"]] == ["+19175550102"]
    assert data["flags"] == [{"flag": "pregnancy", "note": "due in May"}]
    assert data["merged_cards"] == [story.old_card]
    visits = {v["id"]: v for v in data["visits"]}
    assert set(visits) == {story.visits[d] for d in ("05", "06", "20")}
    first = visits[story.visits["05"]]
    assert (first["service"], first["therapist"], first["room"], first["status"],
            first["notes"], first["start"]) == ("Swedish 60", "Ana", "Cedar", "completed",
                                                 "Left shoulder pain", "2026-10-05T10:00-04:00")
    assert visits[story.visits["06"]]["cancel_reason"] == "her mother was ill"
    assert data["counts"]["total"] == 3 and data["counts"]["visits"] == 1
    assert [(w["service"], w["therapist"], w["weekdays"], w["earliest"], w["note"])
            for w in data["waitlist"]] == [("Swedish 60", "Ana", "Monday", "09:00:00",
                                            "mornings, after the school run")]
    trail = {(e["entity"], e["entity_id"], e["action"]) for e in data["audit"]}
    assert {("clients", story.zoe, "create"), ("clients", story.zoe, "update"),
            ("clients", story.zoe, "merge"), ("clients", story.old_card, "merged"),
            ("appointments", story.visits["05"], "book"),
            ("appointments", story.visits["21"], "withdraw"),  # undone, kept in the trail
            ("waitlist", story.wish, "create")} <= trail
    assert any(e["entity_id"] == story.visits["06"] and e["after"]["cancel_reason"]
               == "her mother was ill" for e in data["audit"] if e["entity"] == "appointments")
    assert not any(e["entity_id"] == story.visits["jose"] for e in data["audit"]
                   if e["entity"] == "appointments")  # José's visit is his
    assert data == json.loads(json.dumps(zoe_file.as_json(), ensure_ascii=False))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_pdf_file_reads_back_with_her_details_and_history(tmp_path, story, zoe_file):
    target = tmp_path / "zoe.pdf"
    pages = writer.write(zoe_file, "pdf", target)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert pages >= 1 and text.count("\f") >= pages - 1
    for expected in ("Zoë Brontë", EMAIL, "+1 917-555-0102", "Allergic to almond oil",
                     "pregnancy", "due in May", "Left shoulder pain", "her mother was ill",
                     "mornings, after the school run", "Swedish 60", "Cedar", "withdraw",
                     f"card #{story.zoe}", "Record of changes"):
        assert expected in text, expected
    assert "<b>" not in text


def test_her_web_bookings_are_in_her_file_and_not_joses(tmp_path, db, story):
    from tests.client_story import web_bookings

    web_bookings(db, tmp_path)
    with db.read() as session:
        found = client_file.gather(session, story.zoe, LATER)
    target = tmp_path / "zoe.json"
    writer.write(found, "json", target)
    web = json.loads(target.read_text(encoding="utf-8"))["web_bookings"]
    assert [(w["web_id"], w["customer"], w["phone"], w["email"], w["state"]) for w in web] == [
        ("902", "Zoe B.", "", "Zoe@Bronte.Example", "refused"),  # by her e-mail
        ("901", "Zoë Brontë", "(917) 555-0102", "", "taken")]  # by her phone and visit
    assert web[0]["start"] == "2026-10-20T10:00-04:00" and "already booked" in web[0]["reason"]
    from frontdesk.export import pdf_client

    page = pdf_client.html(found)
    assert "Bookings from the website" in page and "Zoe@Bronte.Example" in page
    assert "212 555 0101" not in page  # José's


def test_a_note_that_looks_like_markup_prints_as_typed(tmp_path, db, story):
    from frontdesk.services.client_record import update_client

    update_client(db, story.zoe, name="Zoë Brontë", phone="+1 917-555-0102", email=EMAIL,
                  notes="likes <b>firm</b> & slow", alert="", flags=[], actor="desk")
    with db.read() as session:
        found = client_file.gather(session, story.zoe, LATER)
    from frontdesk.export import pdf_client

    assert "likes &lt;b&gt;firm&lt;/b&gt; &amp; slow" in pdf_client.html(found)


def test_the_format_comes_from_the_suffix_or_is_asked_for(tmp_path):
    assert writer.format_for("zoe.PDF") == "pdf" and writer.format_for("x", "json") == "json"
    with pytest.raises(BadInput):
        writer.format_for(tmp_path / "zoe.txt")
    with pytest.raises(BadInput):
        writer.check_target("pdf", "-")
