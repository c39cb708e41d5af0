"""iCalendar read back with the icalendar library and compared with the book: the right
instants on both DST days, stable UIDs, and a re-import that updates instead of duplicating."""

from __future__ import annotations

from datetime import UTC, timedelta

import icalendar

from frontdesk.db import models as m
from frontdesk.domain.status import Status
from frontdesk.export import ics, writer
from frontdesk.services import schedule
from frontdesk.services.booking import Bookings, Change
from tests.export.conftest import FALL_BACK, SPRING_FORWARD
from tests.helpers import NOW


def _events(path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(cal.walk("VEVENT"))  # one VEVENT per appointment
    return events


def _instant(prop):
    """A DTSTART / DTEND as the UTC instant a calendar app puts on its grid."""
    return prop.dt.astimezone(UTC)


def _export(book, tmp_path, first, days=1, name="book.ics", **kw):
    path = tmp_path / name
    writer.write(book.sheet(first, days, **kw), "ics", path)
    return path


def test_every_event_is_at_the_instant_the_book_has_on_both_dst_days(dst_book, tmp_path):
    for first in (FALL_BACK, SPRING_FORWARD):
        sheet = dst_book.sheet(first)
        events = _events(_export(dst_book, tmp_path, first))
        assert len(events) == len(sheet.visits) >= 3
        with dst_book.db.read() as session:
            for e in events.values():
                appt_id = int(str(e["UID"]).split("-")[1])
                a = schedule.appointment(session, appt_id)
                assert _instant(e["DTSTART"]) == a.start
                assert _instant(e["DTEND"]) == a.end
                assert str(e["SUMMARY"]) == f"{a.service} — {a.client}"
                assert str(e["LOCATION"]) == a.room
                assert str(e["STATUS"]) == "TENTATIVE"  # booked, not yet confirmed


def test_the_second_half_past_one_is_written_in_utc_the_first_with_its_zone(dst_book,
                                                                              tmp_path):
    events = _events(_export(dst_book, tmp_path, FALL_BACK))
    by_id = {int(str(u).split("-")[1]): e for u, e in events.items()}
    first, second = by_id[dst_book.ids["night_edt"]], by_id[dst_book.ids["night_est"]]
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert first["DTSTART"].dt.strftime("%H:%M") == "01:30"
    # 01:30 EST cannot be said with a TZID: the file says 06:30Z.
    assert second["DTSTART"].to_ical() == b"20261101T063000Z"
    assert "TZID" not in second["DTSTART"].params
    assert _instant(second["DTSTART"]) - _instant(first["DTSTART"]) == timedelta(hours=1)
    night = by_id[dst_book.ids["night_edt"]]
    assert _instant(night["DTEND"]) - _instant(night["DTSTART"]) == timedelta(minutes=30)


def test_a_visit_across_the_spring_gap_lasts_its_real_ninety_minutes(dst_book, tmp_path):
    events = _events(_export(dst_book, tmp_path, SPRING_FORWARD))
    by_id = {int(str(u).split("-")[1]): e for u, e in events.items()}
    night = by_id[dst_book.ids["spring_night"]]
    assert (night["DTSTART"].dt.strftime("%H:%M"), night["DTEND"].dt.strftime("%H:%M")) == (
        "01:15", "03:45")
    assert _instant(night["DTEND"]) - _instant(night["DTSTART"]) == timedelta(minutes=90)


def test_the_file_carries_the_vtimezone_its_tzids_name(dst_book, tmp_path):
    cal = icalendar.Calendar.from_ical(_export(dst_book, tmp_path, FALL_BACK, 2).read_bytes())
    zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    tzids = {e["DTSTART"].params.get("TZID") for e in cal.walk("VEVENT")} - {None}
    assert tzids == zones == {"America/New_York"}
    (zone,) = cal.walk("VTIMEZONE")
    offsets = {c["TZOFFSETTO"].to_ical() for c in zone.subcomponents}
    assert offsets == {"-0400", "-0500"}  # both sides of the fall-back


def _reimport(phone: dict[str, tuple[int, object]], path) -> None:
    """A calendar app importing a file: a known UID with a higher SEQUENCE (or the same
    SEQUENCE and a later LAST-MODIFIED) replaces the event it has; a new UID is added."""
    for uid, e in _events(path).items():
        seq, modified = int(e.get("SEQUENCE", 0)), e["LAST-MODIFIED"].dt
        if uid not in phone or (seq, modified) > phone[uid][:2]:
            phone[uid] = (seq, modified, e)


def test_importing_again_after_changes_updates_instead_of_duplicating(dst_book, db, tmp_path):
    ana = dst_book.clinic["Ana"]
    phone: dict[str, tuple] = {}
    first = _export(dst_book, tmp_path, FALL_BACK, therapist_id=ana, name="ana.ics")
    _reimport(phone, first)
    assert len(phone) == 5
    later = lambda: NOW + timedelta(hours=3)  # noqa: E731
    bookings = Bookings(db, "tester", later)
    moved = bookings.change(dst_book.ids["fall_jose"], Change(
        start=dst_book.sheet(FALL_BACK).visits[2].appt.start + timedelta(minutes=30)))
    bookings.cancel(dst_book.ids["fall_zoe"], "flu")
    bookings.set_status(dst_book.ids["fall_li"], Status.CONFIRMED)
    second = _export(dst_book, tmp_path, FALL_BACK, therapist_id=ana, name="ana2.ics")
    _reimport(phone, second)
    assert len(phone) == 5  # updated in place: nothing doubled
    events = {int(u.split("-")[1]): e for u, (_s, _m, e) in phone.items()}
    jose = events[dst_book.ids["fall_jose"]]
    assert _instant(jose["DTSTART"]) == moved.start
    assert int(jose["SEQUENCE"]) == 1
    assert jose["LAST-MODIFIED"].dt == later()
    assert str(events[dst_book.ids["fall_zoe"]]["STATUS"]) == "CANCELLED"
    assert str(events[dst_book.ids["fall_li"]]["STATUS"]) == "CONFIRMED"
    assert set(_events(first)) == set(_events(second))  # the same UIDs


def test_an_unchanged_book_exports_the_same_bytes(dst_book, tmp_path):
    a = _export(dst_book, tmp_path, FALL_BACK, 2, name="a.ics").read_bytes()
    b = _export(dst_book, tmp_path, FALL_BACK, 2, name="b.ics").read_bytes()
    assert a == b


def test_private_events_name_the_service_only(dst_book, tmp_path):
    events = _events(_export(dst_book, tmp_path, FALL_BACK, private=True))
    text = _export(dst_book, tmp_path, FALL_BACK, private=True).read_text(encoding="utf-8")
    for e in events.values():
        assert str(e["SUMMARY"]) in {"Deep Tissue 60", "Swedish 60", "Hot Stone 90",
                                     "Trigger Point 30"}
    for secret in ("José", "Zoë", "李小龍", "555", "warfarin", "shoulder", "pregnancy"):
        assert secret not in text, secret


def test_uids_differ_between_two_clinics_books(dst_book, tmp_path, db):
    from frontdesk.db import models as m

    before = set(_events(_export(dst_book, tmp_path, FALL_BACK)))
    with db.write() as s:
        s.get(m.Clinic, 1).calendar_id = "another-clinic"
    after = set(_events(_export(dst_book, tmp_path, FALL_BACK)))
    assert before.isdisjoint(after)


def _whole_calendar(sheet) -> bytes:
    """The calendar as the library writes it in one piece: every event added to one
    Calendar, the time zones it names added by the library, then serialised."""
    cal = ics.header(sheet)
    for v in sheet.visits:
        cal.add_component(ics.event(sheet, v))
    if sheet.days:
        cal.add_missing_timezones(sheet.days[0].day - timedelta(days=1),
                                  sheet.days[-1].day + timedelta(days=2))
    return cal.to_ical(sorted=False)


def test_remembered_events_give_the_bytes_of_the_whole_calendar(dst_book, db):
    """Events are serialised one by one and remembered; the file is the library's own."""
    cases = [dict(first=FALL_BACK), dict(first=SPRING_FORWARD), dict(first=FALL_BACK, days=3),
             dict(first=FALL_BACK, private=True), dict(first=FALL_BACK + timedelta(days=3))]
    for kw in cases:
        sheet = dst_book.sheet(kw.pop("first"), **kw)
        assert ics.to_bytes(sheet) == _whole_calendar(sheet)
        assert ics.to_bytes(sheet) == _whole_calendar(sheet)  # now from what was kept
    # A change of the client's name (not of the appointment) is a new text, not a stale one.
    before = ics.to_bytes(dst_book.sheet(FALL_BACK))
    with db.write() as s:
        s.get(m.Client, dst_book.clinic["李小龍"]).name = "Lee Siu Lung"
    after = dst_book.sheet(FALL_BACK)
    assert ics.to_bytes(after) == _whole_calendar(after) != before
    assert b"Lee Siu Lung" in ics.to_bytes(after)


def test_lines_short_enough_are_written_as_the_library_writes_them():
    """The writer skips the library's folding for lines of at most 74 octets; around that
    bound, in ASCII, two- and three-byte letters and escapes, the bytes are the library's."""
    from icalendar.parser import Contentline

    for fill in ("a", "é", "龍", "\\\\", "a\\\\"):
        for n in range(60, 90):
            line = Contentline(("SUMMARY:" + fill * n)[:n])
            assert ics._line(line) == line.to_ical(), (fill, n)
