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

The library serialises each event (folding its lines is most of an export's time); an
event's text depends only on the visit and on the sheet's privacy, calendar id and zone,
so it is remembered under exactly those (a bounded number of events, least recently used
first out) and the calendar is put together from the library's own header, time zones and
those texts: the same bytes as serialising the whole calendar at once (a test compares).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from hashlib import blake2b
from threading import Lock
from typing import IO
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Parameters, Timezone, vDDDTypes, vInt, vText
from icalendar.parser import Contentline

from frontdesk import __version__
from frontdesk.domain.status import Status
from frontdesk.domain.text import client_label
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


#: How many events' text is remembered (about a kilobyte each): a month and a half of a
#: large clinic's whole-clinic days, or half of all its published calendars.
EVENTS_KEPT = 12_000


def uid(sheet: Sheet, appointment_id: int) -> str:
    """The UID of an appointment's event, the same in every export of this clinic's book."""
    return _uid(sheet.calendar_id, appointment_id)


def _uid(calendar_id: str, appointment_id: int) -> str:
    return f"appointment-{appointment_id}-{calendar_id}@frontdesk"


def when(sheet: Sheet, instant: datetime) -> datetime:
    """The clinic's wall clock, except for the second pass of the hour the clocks fall back:
    RFC 5545 reads an ambiguous local time as its first occurrence, so that one is in UTC."""
    return _when(sheet.tz, instant)


def _when(tz: ZoneInfo, instant: datetime) -> datetime:
    local = instant.astimezone(tz)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def calendar_name(sheet: Sheet) -> str:
    return f"{sheet.clinic} — {sheet.title}"


def event(sheet: Sheet, visit: Visit) -> Event:
    """One appointment's VEVENT. Values go in as icalendar's own types (``encode=False``):
    letting the library infer each type costs a third of a busy day's export."""
    return _event(visit, sheet.private, sheet.calendar_id, sheet.tz)


def _event(visit: Visit, private: bool, calendar_id: str, tz: ZoneInfo) -> Event:
    ev = Event()
    for name, value in _properties(visit, private, calendar_id, tz):
        ev.add(name, value, encode=False)
    return ev


def _properties(visit: Visit, private: bool, calendar_id: str, tz: ZoneInfo) -> list[tuple]:
    """An appointment's VEVENT properties, in the order written, as the library's types."""
    a = visit.appt
    changed = vDDDTypes(visit.updated_at)
    props = [
        ("UID", vText(_uid(calendar_id, a.id))),
        ("DTSTAMP", changed),
        ("DTSTART", vDDDTypes(_when(tz, a.start))),
        ("DTEND", vDDDTypes(_when(tz, a.end))),
        ("SUMMARY", vText(a.service if private or not a.client
                          else f"{a.service} — {a.client}")),
        ("LOCATION", vText(a.room)),
        ("STATUS", vText(STATUS[a.status])),
        ("SEQUENCE", vInt(max(a.version - 1, 0))),
        ("CREATED", vDDDTypes(visit.created_at)),
        ("LAST-MODIFIED", changed),
        ("DESCRIPTION", vText(_description(visit, private)))]
    if not a.status.occupies_time:  # a cancelled visit no longer makes the time busy
        props.append(("TRANSP", vText("TRANSPARENT")))
    return props


class _Kept:
    """A bounded memo of event texts, least recently used first out, safe across threads
    (the window publishes in a worker while the desk may export). Like functools.lru_cache,
    but keyed by a digest instead of the arguments themselves, which would keep every
    visit's whole row alive: an entry is its text and a few dozen bytes."""

    def __init__(self, size: int):
        self.size = size
        self._texts: OrderedDict[tuple, tuple[bytes, frozenset[str]]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple, make: Callable[[], tuple[bytes, frozenset[str]]]):
        with self._lock:
            found = self._texts.get(key)
            if found is not None:
                self._texts.move_to_end(key)
                return found
        found = make()
        with self._lock:
            self._texts[key] = found
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()


_KEPT = _Kept(EVENTS_KEPT)


def _event_text(visit: Visit, private: bool, calendar_id: str,
                tz: ZoneInfo) -> tuple[bytes, frozenset[str]]:
    """An event's bytes and the TZIDs it names, remembered under the appointment's id and
    version and a digest of everything its text is made of (the visit's every field, the
    sheet's privacy, calendar id and zone): a changed appointment, client, name or
    setting is a new key, never a stale text."""
    made_of = repr((visit, private, calendar_id, tz.key)).encode()
    key = (visit.appt.id, visit.appt.version, blake2b(made_of, digest_size=16).digest())
    return _KEPT.get(key, lambda: _make_event_text(visit, private, calendar_id, tz))


def _make_event_text(visit: Visit, private: bool, calendar_id: str,
                     tz: ZoneInfo) -> tuple[bytes, frozenset[str]]:
    """The event's lines as Component.to_ical makes them (each property through the
    library's Contentline.from_parts, with its parameters), without building the Event:
    the component's bookkeeping was a third of an event's cost. A test holds the bytes to
    the library's own serialisation of the whole calendar."""
    props = _properties(visit, private, calendar_id, tz)
    lines = [Contentline("BEGIN:VEVENT")]
    lines += [Contentline.from_parts(name, getattr(value, "params", None) or Parameters(),
                                     value, sorted=False) for name, value in props]
    lines.append(Contentline("END:VEVENT"))
    # As Calendar.get_used_tzids finds them.
    tzids = frozenset(v.params["TZID"] for _name, v in props
                      if hasattr(v, "params") and v.params.get("TZID"))
    return _serialised(lines), tzids


def _serialised(lines: list[Contentline]) -> bytes:
    """``Contentlines.to_ical``, with the library's folding skipped where it changes
    nothing: a line of at most 74 octets is never folded (RFC 5545 folds at 75), and the
    library folds character by character, half the cost of an event."""
    return b"\r\n".join(_line(line) for line in lines if line) + b"\r\n"


def _line(line: Contentline) -> bytes:
    data = line.encode()
    return data if len(data) < 75 else line.to_ical()


def description(sheet: Sheet, visit: Visit) -> str:
    return _description(visit, sheet.private)


def _description(visit: Visit, private: bool) -> str:
    a = visit.appt
    lines = [f"Therapist: {a.therapist}", f"Room: {a.room}", f"Status: {a.status.label}"]
    if not private:
        lines.insert(0, f"Client: {client_label(a.client)}")
        if visit.partners:
            lines.insert(1, f"Couples session {visit.partners}")
        lines += [f"{label}: {text}" for label, text in (
            ("Phone", ", ".join(visit.phones)), ("Alert", a.client_alert),
            ("Contraindications", "; ".join(visit.cautions)), ("Notes", a.notes)) if text]
    return "\n".join(lines)


def header(sheet: Sheet, tzids: set[str] | frozenset[str] = frozenset()) -> Calendar:
    """The calendar without its events: its properties, and a VTIMEZONE for each TZID the
    events name, built by the library for the span of the file (UTC needs none)."""
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
    if sheet.days:
        first, last = sheet.days[0].day - timedelta(days=1), sheet.days[-1].day + timedelta(days=2)
        for tzid in sorted(set(tzids) - {"UTC"}):
            zone = _timezone(tzid, first, last)
            if zone is not None:
                cal.add_component(zone)
    return cal


def _timezone(tzid: str, first: date, last: date) -> Timezone | None:
    try:
        return Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:  # a zone the library does not know gets no VTIMEZONE, as before
        return None


_END = b"END:VCALENDAR\r\n"


def to_bytes(sheet: Sheet, progress: Progress | None = None) -> bytes:
    """The file's bytes, properties in the order written (UID first: easier to read)."""
    texts: list[bytes] = []
    tzids: set[str] = set()
    for done, day in enumerate(sheet.days, 1):
        for v in day.visits:
            text, used = _event_text(v, sheet.private, sheet.calendar_id, sheet.tz)
            texts.append(text)
            tzids |= used
        tick(progress, done, len(sheet.days))
    head = header(sheet, tzids).to_ical(sorted=False)
    if not head.endswith(_END):  # pragma: no cover - the library's own framing
        raise ValueError("unexpected calendar framing from icalendar")
    return b"".join((head[:-len(_END)], *texts, _END))


def write(sheet: Sheet, out: IO[bytes], progress: Progress | None = None) -> int:
    out.write(to_bytes(sheet, progress))
    return len(sheet.visits)
