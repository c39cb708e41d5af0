"""The day sheet as CSV: one row per appointment, for spreadsheets and other programs.

UTF-8 with a header row and CRLF line ends (RFC 4180). Files start with a byte-order mark:
without it Excel reads UTF-8 as the legacy code page and shows "JosÃ© NÃºÃ±ez"; LibreOffice
and Python's ``utf-8-sig`` read the mark and drop it. Standard output gets no mark (it feeds
other programs). Times are the clinic's wall clock as HH:MM; ``start_iso`` / ``end_iso`` add
the UTC offset, which tells apart the two 01:30s of the night the clocks fall back.

A cell that a spreadsheet would run as a formula (starting with =, @, + or -) gets a leading
apostrophe, the usual guard against CSV injection through a client's name or a note. Cells
made only of digits, spaces and ( ) - . after the sign (phone numbers such as
"+44 20 7946 0958", negative numbers) are left alone: they can call no function.
"""

from __future__ import annotations

import csv
import re
from typing import IO

from frontdesk.domain import clock
from frontdesk.export.base import Progress, tick
from frontdesk.services.daysheet import Sheet, Visit

COLUMNS = ("id", "date", "start", "end", "minutes", "therapist", "room", "client", "client_id",
           "phone", "service", "status", "alert", "contraindications", "notes", "source",
           "series_id", "start_iso", "end_iso", "with")

_NUMBERLIKE = re.compile(r"[+-]?\(?\d[\d\s().-]*")


def guard(text: str) -> str:
    """``text`` made safe to open in a spreadsheet (see the module docstring)."""
    if text[:1] in ("=", "@", "\t", "\r") or (
            text[:1] in ("+", "-") and not _NUMBERLIKE.fullmatch(text)):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The stored text of a guarded cell (for readers of our own files)."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "@", "+", "-", "\t", "\r") else text


def row(sheet: Sheet, visit: Visit) -> list[str]:
    a = visit.appt
    start, end = sheet.local(a.start), sheet.local(a.end)
    values = [
        str(a.id), start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}",
        str(round((a.end - a.start).total_seconds() / 60)), a.therapist, a.room, a.client,
        "" if a.client_id is None else str(a.client_id), "; ".join(visit.phones), a.service,
        a.status.value, a.client_alert, "; ".join(visit.cautions), a.notes, a.source,
        "" if a.series_id is None else str(a.series_id),
        clock.iso(a.start, sheet.tz), clock.iso(a.end, sheet.tz), visit.partners,
    ]
    return [guard(v) for v in values]


def write(sheet: Sheet, out: IO[str], progress: Progress | None = None) -> int:
    """Write every appointment of the sheet, cancelled ones too (the status says so)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for done, day in enumerate(sheet.days, 1):
        writer.writerows(row(sheet, v) for v in day.visits)
        count += len(day.visits)
        tick(progress, done, len(sheet.days))
    return count
