"""Importing LatePoint's bookings export (services/latepoint.py), on the suite's engine.

The test clinic (tests/helpers.py) at 2026-10-01 08:00 New York; the exports are made up
(tests/latepoint_files.py) and dated that day unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import Source, Status
from frontdesk.services import latepoint, latepoint_waiting
from frontdesk.services.latepoint_file import NotAnExport, read_export
from tests.helpers import NOW, local, request
from tests.latepoint_files import web_row, write_export

EXPORTED = date(2026, 10, 1)


@pytest.fixture
def run(clinic, db):
    def do(path, exported=EXPORTED, **kw):
        return latepoint.run(db, read_export(path, exported), actor="tester",
                             now=lambda: NOW, **kw)
    return do


def visits(db) -> list[m.Appointment]:
    with db.read() as s:
        return list(s.scalars(select(m.Appointment).order_by(m.Appointment.starts_at)))


def test_a_clean_file_is_booked_through_the_engine(tmp_path, run, db, clinic):
    path = write_export(tmp_path / "e.csv", [
        web_row("101", "Today, 02:30pm"),
        web_row("102", "October 2, 10:00am", "Deep Tissue 60", customer="Søren Kierkegård",
                phone="+45 32 12 34 56", email="soren@example.dk", agent="Ben"),
        web_row("103", "Oct 3, 2026, 09:30", "Hot Stone 90", minutes="90",
                customer="Ingrid Bergström", phone="", email="Ingrid@Example.se", agent=""),
        web_row("104", "Oct 4, 2026, 11:00", customer="I. Bergström", phone="",
                email="ingrid@example.se"),
    ])
    report = run(path)
    assert [r.outcome for r in report.results] == ["booked"] * 4
    booked = visits(db)
    assert [b.starts_at for b in booked] == [local("2026-10-01 14:30"),
                                             local("2026-10-02 10:00"),
                                             local("2026-10-03 09:30"),
                                             local("2026-10-04 11:00")]
    assert all(b.source == Source.WEB.value and "LatePoint #" in b.notes for b in booked)
    # Matched by phone in E.164 (the desk has +1 212-555-0101), by name alone never.
    assert booked[0].client_id == clinic["José Núñez"]
    with db.read() as s:
        soren = s.get(m.Client, booked[1].client_id)
        assert soren.name == "Søren Kierkegård" and soren.phones[0].e164 == "+4532123456"
    assert booked[1].therapist_id == clinic["Ben"]
    # No agent: the engine chose the therapist; the room is always the engine's.
    assert booked[2].room_id == clinic["Willow"]  # the only hot-stone room
    assert booked[3].client_id == booked[2].client_id  # the same e-mail, any case


def test_a_clash_with_a_desk_booking_is_refused_kept_and_never_doubled(
        tmp_path, run, db, clinic, book):
    desk = book("2026-10-02 10:00", therapist="Ana", client="Zoë Brontë")
    path = write_export(tmp_path / "e.csv", [
        web_row("201", "October 2, 10:30am", agent="Ana"),
        web_row("202", "October 2, 03:00pm", agent="Ana"),
    ])
    report = run(path)
    assert [r.outcome for r in report.results] == ["refused", "booked"]
    assert "Ana" in report.results[0].message
    with db.read() as s:
        kept = latepoint_waiting.waiting(s)
    assert [(w.web_id, w.row) for w in kept] == [("201", 2)]
    assert kept[0].reason == report.results[0].message
    again = run(path)
    assert [r.outcome for r in again.results] == ["refused", "unchanged"]
    assert len(visits(db)) == 2
    assert {v.id for v in visits(db)} >= {desk.id}
    # Resolved at the desk: left alone by the next import, out of the list.
    latepoint_waiting.resolve(db, kept[0].id)
    assert [r.outcome for r in run(path).results] == ["unchanged", "unchanged"]
    with db.read() as s:
        assert latepoint_waiting.waiting(s) == []


def test_reimport_adds_nothing_twice_and_applies_the_newer_files_changes(tmp_path, run, db,
                                                                            clinic, bookings):
    first = write_export(tmp_path / "first.csv", [
        web_row("301", "October 2, 10:00am"),
        web_row("302", "October 2, 02:00pm", customer="Ada Lovelace", phone="917 555 0199"),
        web_row("303", "October 3, 09:00am", customer="Zoë Brontë", phone="+1 917 555 0102"),
    ])
    run(first)
    assert [r.outcome for r in run(first).results] == ["unchanged"] * 3
    assert len(visits(db)) == 3
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Client)) == 4  # Ada, once
    # The desk moves 303 itself; the website then moves 301 and cancels 302.
    desk_moved = visits(db)[2]
    bookings.move(desk_moved.id, local("2026-10-03 13:00"))
    newer = write_export(tmp_path / "newer.csv", [
        web_row("301", "October 2, 11:00am"),
        web_row("302", "October 2, 02:00pm", customer="Ada Lovelace", phone="917 555 0199",
                status="Cancelled"),
        web_row("303", "October 3, 09:00am", customer="Zoë Brontë", phone="+1 917 555 0102"),
        web_row("304", "Oct 4, 2026, 09:00am", customer="Ada Lovelace", phone="917 555 0199"),
    ])
    report = run(newer)
    assert [r.outcome for r in report.results] == ["moved", "cancelled", "unchanged", "booked"]
    by_id = {v.id: v for v in visits(db)}
    assert by_id[report.results[0].appointment_id].starts_at == local("2026-10-02 11:00")
    assert by_id[report.results[1].appointment_id].status == Status.CANCELLED.value
    assert by_id[desk_moved.id].starts_at == local("2026-10-03 13:00")  # the desk's move
    assert len(by_id) == 4
    assert [r.outcome for r in run(newer).results] == ["unchanged"] * 4


def test_a_file_that_is_not_an_export_or_has_an_unreadable_date_changes_nothing(
        tmp_path, clinic, db):
    other = write_export(tmp_path / "clients.csv", [["Ana", "555"]], header=("Name", "Phone"))
    with pytest.raises(NotAnExport, match="not a LatePoint bookings export"):
        read_export(other, EXPORTED)
    bad = write_export(tmp_path / "bad.csv", [web_row("1", "Today, 10:00am"),
                                              web_row("2", "next Tuesday 10ish")])
    with pytest.raises(BadInput, match=r"row 3: cannot read the date 'next Tuesday 10ish'"):
        read_export(bad, EXPORTED)
    assert visits(db) == []


def test_a_byte_order_mark_and_crlf_line_ends(tmp_path, run, db):
    path = write_export(tmp_path / "win.csv", [web_row("401", "Today, 02:30pm"),
                                               web_row("402", "Today, 04:00pm",
                                                       customer="李小龍", phone="212 555 0177")],
                        bom=True, crlf=True)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf" and b"\r\n" in path.read_bytes()
    rows = read_export(path, EXPORTED)
    assert [r.web_id for r in rows] == ["401", "402"] and rows[1].customer == "李小龍"
    report = run(path)
    assert report.results[0].outcome == "booked"
    # 李小龍's card has no phone: a new card of that name is the duplicate check's question.
    assert report.results[1].outcome == "refused" and "李小龍" in report.results[1].message


def test_unknown_names_need_a_mapping_which_is_remembered(tmp_path, run, db, clinic):
    path = write_export(tmp_path / "e.csv", [
        web_row("501", "Today, 02:30pm", "Schwedische Massage (60 Min.)", agent="Ána"),
        web_row("502", "Today, 04:00pm", "Schwedische Massage (60 Min.)", agent="Benjamín"),
    ])
    with pytest.raises(BadInput) as caught:
        run(path)
    assert "Schwedische Massage (60 Min.)" in str(caught.value) and "Benjamín" in str(caught.value)
    assert "Ána" not in str(caught.value)  # accents aside, our Ana
    assert visits(db) == []
    assert latepoint.remember(db, "service", "Schwedische Massage (60 Min.)", "swed") == \
        "Swedish 60"
    latepoint.remember(db, "therapist", "Benjamín", "Ben")
    report = run(path)
    assert [r.outcome for r in report.results] == ["booked", "booked"]
    assert [v.therapist_id for v in visits(db)] == [clinic["Ana"], clinic["Ben"]]


def test_past_and_cancelled_rows_are_not_booked(tmp_path, run, db):
    path = write_export(tmp_path / "e.csv", [
        web_row("601", "September 20, 10:00am", status="Completed"),
        web_row("602", "October 5, 10:00am", status="Cancelled"),
        web_row("603", "October 5, 11:00am", status="Pending Approval"),
    ])
    report = run(path)
    assert [r.outcome for r in report.results] == ["skipped", "skipped", "booked"]
    assert "pending approval" in visits(db)[0].notes


def _counts(db) -> dict[str, int]:
    with db.read() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t))
                for t in (m.Appointment, m.WebBooking, m.Client, m.AuditEntry)}


def test_the_file_is_one_transaction_unseen_by_other_desks_until_its_end(tmp_path, run, db,
                                                                          book):
    book("2026-10-02 10:00", therapist="Ana", client="Zoë Brontë")
    before = _counts(db)
    path = write_export(tmp_path / "e.csv", [web_row("711", "October 2, 10:30am", agent="Ana"),
                                             web_row("712", "October 3, 10:00am")])
    seen: list[dict[str, int]] = []
    report = run(path, progress=lambda done, total: seen.append(_counts(db)) or True)
    assert [r.outcome for r in report.results] == ["refused", "booked"]
    assert seen == [before, before]  # nothing of the import committed before its end
    after = _counts(db)
    assert (after["appointments"], after["web_bookings"]) == (before["appointments"] + 1, 2)


def test_a_stop_or_ctrl_c_or_a_lost_server_leaves_the_book_as_it_was(tmp_path, run, db,
                                                                    book, monkeypatch):
    from frontdesk.domain.errors import Unreachable

    book("2026-10-02 10:00", therapist="Ana", client="Zoë Brontë")
    path = write_export(tmp_path / "e.csv", [
        web_row("700", "October 2, 10:30am", agent="Ana"),  # refused: kept only with the rest
        *[web_row(str(700 + i), f"October {2 + i}, 01:00pm", customer=f"Web Client {i}",
                  phone=f"212 555 01{50 + i}") for i in range(1, 5)]])
    before = _counts(db)
    report = run(path, progress=lambda done, total: done < 3)
    assert report.stopped and report.results == [] and report.reached == 3
    assert "stopped after 3 of 5 rows: nothing was imported" in report.summary()
    assert _counts(db) == before
    # Ctrl+C, or the server lost, after a row's visit is written but before its ID is.
    real = latepoint._write_link
    for stop in (KeyboardInterrupt, Unreachable):
        def stopping(session, link, row, *args, stop=stop, **kw):
            if row.web_id == "703":
                raise stop
            return real(session, link, row, *args, **kw)

        monkeypatch.setattr(latepoint, "_write_link", stopping)
        with pytest.raises(stop):
            run(path)
        assert _counts(db) == before
    monkeypatch.setattr(latepoint, "_write_link", real)
    assert [r.outcome for r in run(path).results] == ["refused"] + ["booked"] * 4
    assert _counts(db)["appointments"] == before["appointments"] + 4


def test_a_refused_row_rolls_back_only_itself_and_its_new_client(tmp_path, run, db, book):
    """A new client made for a row the engine then refuses goes with the row: the next row
    for the same person makes the card again (no belief in the rolled-back one)."""
    book("2026-10-02 10:00", therapist="Ana", client="Zoë Brontë")
    before = _counts(db)
    ada = dict(customer="Ada Lovelace", phone="917 555 0199", email="ada@example.org")
    path = write_export(tmp_path / "e.csv", [
        web_row("721", "October 2, 10:30am", agent="Ana", **ada),
        web_row("722", "October 2, 01:00pm", agent="Ana", **ada),
        web_row("723", "October 2, 01:30pm", agent="Ana", **ada),  # refused: Ada is busy
        web_row("724", "October 3, 01:00pm", agent="Ana", **ada),
    ])
    report = run(path)
    assert [r.outcome for r in report.results] == ["refused", "booked", "refused", "booked"]
    after = _counts(db)
    assert after["clients"] == before["clients"] + 1
    with db.read() as s:
        (card,) = s.scalars(select(m.Client).where(m.Client.name == "Ada Lovelace"))
        booked = [s.get(m.Appointment, r.appointment_id) for r in report.results
                  if r.outcome == "booked"]
        assert [v.client_id for v in booked] == [card.id, card.id]
        assert sorted(w.web_id for w in latepoint_waiting.waiting(s)) == ["721", "723"]


def test_a_clash_the_rules_miss_is_the_guards_refusal_kept_and_the_rest_goes_on(
        tmp_path, run, db, clinic, book, monkeypatch):
    """The database's double-booking guard under a row (the rules blinded here, as a race
    or a row written around the program would): that row alone is rolled back and kept with
    the engine's own words for the clash; the audit trail stays one sealed chain."""
    from frontdesk.domain import audit_chain
    from frontdesk.services import audit_seal, world

    desk = book("2026-10-02 10:00", therapist="Ana", room="Cedar", client="Zoë Brontë")
    monkeypatch.setattr(world.SessionWorld, "booked", lambda self, *a: [])
    path = write_export(tmp_path / "e.csv", [web_row("731", "October 2, 10:00am", agent="Ana"),
                                             web_row("732", "October 3, 10:00am", agent="Ana")])
    report = run(path)
    assert [r.outcome for r in report.results] == ["refused", "booked"]
    assert "busy" in report.results[0].message or "taken" in report.results[0].message
    with db.read() as s:
        assert [w.web_id for w in latepoint_waiting.waiting(s)] == ["731"]
        assert s.scalar(select(func.count()).select_from(m.Appointment)) == 2
        assert s.get(m.Appointment, desk.id).status == Status.BOOKED.value
        assert list(audit_chain.verify(audit_seal.links(s))) == []


def test_a_web_booking_for_a_client_the_desk_already_booked_then_is_refused(
        tmp_path, run, db, clinic, bookings):
    bookings.book(request(clinic, "2026-10-02 10:00", therapist="Ben", room="Willow"))
    path = write_export(tmp_path / "e.csv", [web_row("801", "October 2, 10:00am")])
    assert run(path).results[0].outcome == "refused"
    assert len(visits(db)) == 1
