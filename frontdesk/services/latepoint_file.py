"""Reading a LatePoint bookings export: the whole file is read and checked before anything
is imported, so a file that is not an export, or one with a date the program cannot read,
changes nothing (both are BadInput, exit 2, naming the row and the text).

The file is UTF-8, with or without a byte-order mark, with any line ends (a spreadsheet's
"Save as CSV" on Windows writes CRLF and a BOM); one that is not UTF-8 is read as Windows'
Western code page, which is what such a spreadsheet writes otherwise.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from frontdesk.domain.errors import BadInput
from frontdesk.domain.latepoint_dates import read_date_time
from frontdesk.domain.latepoint_fields import (
    WebStatus,
    duration_minutes,
    missing_columns,
    price_cents,
    web_status,
)

#: A file larger than this is no bookings export a desk imports (and is not read whole).
MAX_BYTES = 64 * 1024 * 1024


class NotAnExport(BadInput):
    """The file is not a LatePoint bookings export (its header lacks the export's columns)."""


@dataclass(frozen=True)
class WebRow:
    """One booking of the export, read: ``start`` is the site's wall-clock time (naive)."""

    number: int  #: the file's line of it as a spreadsheet counts (the header is row 1)
    web_id: str
    service: str
    start: datetime
    minutes: int | None
    customer: str
    phone: str
    email: str
    agent: str
    status: WebStatus
    price_cents: int | None
    booked_on: datetime | None


def read_export(path: str | Path, exported_on: date) -> list[WebRow]:
    """Every booking of the export at ``path``, its dates read against the export day."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise NotAnExport(f"{path.name} is too large for a bookings export", "file")
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read {path.name}: {error.strerror or error}", "file") from None
    return parse_export(decode(data), exported_on, name=path.name)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_export(text: str, exported_on: date, name: str = "the file") -> list[WebRow]:
    """The bookings of an export's ``text`` (see :func:`read_export`)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        missing = missing_columns(header)
        if missing:
            raise NotAnExport(
                f"{name} is not a LatePoint bookings export: its first row lacks the "
                f"column{'s' * (len(missing) > 1)} {', '.join(missing)}", "file")
        where = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
        rows: list[WebRow] = []
        seen: dict[str, int] = {}
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            number = reader.line_num

            def cell(column: str, cells=cells) -> str:
                i = where[column.lower()]
                return cells[i].strip() if i < len(cells) else ""

            row = _row(number, cell, exported_on)
            if row.web_id in seen:
                raise BadInput(f"row {number}: LatePoint ID {row.web_id} is on row "
                               f"{seen[row.web_id]} too", "file")
            seen[row.web_id] = number
            rows.append(row)
    except csv.Error as error:
        raise NotAnExport(f"{name} is not a readable CSV file ({error})", "file") from None
    return rows


def _row(number: int, cell, exported_on: date) -> WebRow:
    try:
        web_id = cell("ID")
        if not web_id or len(web_id) > 40:
            raise BadInput(f"the ID {web_id!r} is not a LatePoint ID", "file")
        if not cell("Service"):
            raise BadInput("it names no service", "service")
        booked = cell("Booked On")
        return WebRow(
            number=number, web_id=web_id, service=cell("Service")[:200],
            start=read_date_time(cell("Start Date & Time"), exported_on),
            minutes=duration_minutes(cell("Duration")),
            customer=cell("Customer")[:200], phone=cell("Customer Phone")[:40],
            email=cell("Customer Email")[:200], agent=cell("Agent")[:200],
            status=web_status(cell("Status")), price_cents=price_cents(cell("Price")),
            booked_on=read_date_time(booked, exported_on, "booked on") if booked else None)
    except NotAnExport:
        raise
    except BadInput as bad:
        raise BadInput(f"row {number}: {bad}", bad.field) from None
