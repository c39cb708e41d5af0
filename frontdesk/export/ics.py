"""The day sheet as iCalendar (RFC 5545), written with the icalendar library.

Made to be imported again and again, or subscribed to: each appointment is one VEVENT whose
UID is the clinic's calendar id and the appointment's number, so the same visit keeps its UID
in every export; SEQUENCE (the appointment's version) and LAST-MODIFIED rise with each change,
so a calendar app updates the event it has instead of adding a second one. A cancelled visit
stays in the file as STATUS:CANCELLED, which is how an importing app learns to drop it.

Times are the clinic's wall clock with a TZID and a VTIMEZONE built from the zone database
for the span of the file, so a phone in another zone (or on a DST day) shows the right
instant; the one wall-clock time a TZID cannot say (the second 01:30 of a fall-back night)
is written in UTC. DTSTAMP is the appointment's last change, not the export time: exporting an
unchanged book twice gives the same bytes, which lets a publisher skip rewriting a file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import IO

from icalendar import Calendar, Event, vDDDTypes, vInt, vText

from frontdesk import __version__
from frontdesk.domain.status import Status
from frontdesk.export.base import Progress, tick
from frontdesk.services.daysheet import Sheet, Visit

#: How a visit's status reads in a calendar app (RFC 5545 offers three words).
STATUS = {
    Status.BOOKED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.ARRIVED: "CONFIRMED",
    Status.IN_SESSION: "CONFIRMED",
    Status.COMPLETED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
    Status.LATE_CANCEL: "CANCELLED",
    Status.NO_SHOW: "CANCELLED",
}


def uid(sheet: Sheet, appointment_id: int) -> str:
    """The UID of an appointment's event, the same in every export of this clinic's book."""
    return f"appointment-{appointment_id}-{sheet.calendar_id}@frontdesk"


def when(sheet: Sheet, instant: datetime) -> datetime:
    """The clinic's wall clock, except for the second pass of the hour the clocks fall back:
    RFC 5545 reads an ambiguous local time as its first occurrence, so that one is in UTC."""
    local = sheet.local(instant)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def calendar_name(sheet: Sheet) -> str:
    return f"{sheet.clinic} — {sheet.title}"


def event(sheet: Sheet, visit: Visit) -> Event:
    """One appointment's VEVENT. Values go in as icalendar's own types (``encode=False``):
    letting the library infer each type costs a third of a busy day's export."""
    a = visit.appt
    changed = vDDDTypes(visit.updated_at)
    ev = Event()
    for name, value in (
            ("uid", vText(uid(sheet, a.id))),
            ("dtstamp", changed),
            ("dtstart", vDDDTypes(when(sheet, a.start))),
            ("dtend", vDDDTypes(when(sheet, a.end))),
            ("summary", vText(a.service if sheet.private or not a.client
                              else f"{a.service} — {a.client}")),
            ("location", vText(a.room)),
            ("status", vText(STATUS[a.status])),
            ("sequence", vInt(max(a.version - 1, 0))),
            ("created", vDDDTypes(visit.created_at)),
            ("last-modified", changed),
            ("description", vText(description(sheet, visit)))):
        ev.add(name, value, encode=False)
    if not a.status.occupies_time:  # a cancelled visit no longer makes the time busy
        ev.add("transp", vText("TRANSPARENT"), encode=False)
    return ev


def description(sheet: Sheet, visit: Visit) -> str:
    a = visit.appt
    lines = [f"Therapist: {a.therapist}", f"Room: {a.room}", f"Status: {a.status.label}"]
    if not sheet.private:
        lines.insert(0, f"Client: {a.client or '(no client)'}")
        lines += [f"{label}: {text}" for label, text in (
            ("Phone", ", ".join(visit.phones)), ("Alert", a.client_alert),
            ("Contraindications", "; ".join(visit.cautions)), ("Notes", a.notes)) if text]
    return "\n".join(lines)


def calendar(sheet: Sheet, progress: Progress | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//frontdesk//appointment book {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", calendar_name(sheet))
    cal.add("x-wr-calname", calendar_name(sheet))
    cal.add("x-wr-timezone", sheet.tz.key)
    # Subscribers (phones, calendar apps) look for changes every quarter hour.
    cal.add("refresh-interval", timedelta(minutes=15), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT15M")
    for done, day in enumerate(sheet.days, 1):
        for v in day.visits:
            cal.add_component(event(sheet, v))
        tick(progress, done, len(sheet.days))
    if sheet.days:
        cal.add_missing_timezones(sheet.days[0].day - timedelta(days=1),
                                  sheet.days[-1].day + timedelta(days=2))
    return cal


def to_bytes(sheet: Sheet, progress: Progress | None = None) -> bytes:
    """The file's bytes, properties in the order written (UID first: easier to read)."""
    return calendar(sheet, progress).to_ical(sorted=False)


def write(sheet: Sheet, out: IO[bytes], progress: Progress | None = None) -> int:
    out.write(to_bytes(sheet, progress))
    return len(sheet.visits)
