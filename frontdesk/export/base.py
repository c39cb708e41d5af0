"""What every writer shares: progress and cancel, and which columns a listed sheet has.

A therapist's sheet lists time, client, service, room, the client's alerts and
contraindications, and notes; the front-desk copy (the whole clinic, or a room) adds the
therapist, phones and the confirmation status. A private sheet has no phones, alerts,
contraindications or notes (the sheet itself no longer carries them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.text import client_label

if TYPE_CHECKING:  # the command line reads FORMATS without loading the database layer
    from frontdesk.services.daysheet import Sheet, Visit

FORMATS = ("pdf", "csv", "ics", "html")
PAPERS = ("A4", "Letter")
#: A whole-clinic PDF: therapist columns ("grid"), a list, or the grid when it is readable.
LAYOUTS = ("auto", "grid", "list")

#: Called after each day is written with (days done, days in all); False stops the export.
Progress = Callable[[int, int], bool]


class Cancelled(FrontdeskError):
    """The person exporting stopped it; nothing was written."""

    exit_code = 130

    def __init__(self):
        super().__init__("export cancelled; nothing was written")


def tick(progress: Progress | None, done: int, total: int) -> None:
    """Report a finished day; raise :class:`Cancelled` if the reader of the progress says stop."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled()


def list_columns(sheet: Sheet) -> list[str]:
    """The column headings of a listed day, in order."""
    cols = ["Time", "Client", "Service"]
    if sheet.scope != "therapist":
        cols.append("Therapist")
    if sheet.scope != "room":
        cols.append("Room")
    if sheet.scope != "therapist":
        if not sheet.private:
            cols.append("Phone")
        cols.append("Status")
    if not sheet.private:
        cols += ["Alerts & contraindications", "Notes"]
    return cols


def span(start: datetime, end: datetime) -> str:
    """"10:00–11:00"; on the night the clocks change, with the zones ("01:30 EDT–01:00 EST"),
    since the same wall-clock time then names two instants."""
    if start.utcoffset() != end.utcoffset() or clock.ambiguous(start) or clock.ambiguous(end):
        return f"{start:%H:%M %Z}–{end:%H:%M %Z}"
    return f"{start:%H:%M}–{end:%H:%M}"


def cells(sheet: Sheet, visit: Visit) -> dict[str, str]:
    """Every column's text for one visit (a writer picks those of :func:`list_columns`)."""
    a = visit.appt
    return {
        "Time": span(sheet.local(a.start), sheet.local(a.end)),
        "Client": client_label(a.client) + (f" ({visit.partners})" if visit.partners else ""),
        "Service": a.service,
        "Therapist": a.therapist,
        "Room": a.room,
        "Phone": ", ".join(visit.phones),
        "Status": a.status.label,
        "Alerts & contraindications": "; ".join(
            ([a.client_alert] if a.client_alert else []) + list(visit.cautions)),
        "Notes": a.notes,
    }


def title(sheet: Sheet) -> str:
    """The document's title: "Clinic — Ana — Sunday 1 November 2026" (or a date range)."""
    first, last = sheet.days[0].day, sheet.days[-1].day
    when = long_date(first)
    if last != first:
        when = f"{first.day} {MONTHS[first.month - 1]} {first.year} – {last.day} " \
               f"{MONTHS[last.month - 1]} {last.year}"
    return f"{sheet.clinic} — {sheet.title} — {when}"


def long_date(d: date) -> str:
    """"Sunday 1 November 2026", in English whatever the machine's locale."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
