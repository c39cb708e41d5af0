"""Made-up LatePoint bookings exports for the import's tests (written as the plugin does)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from frontdesk.domain.latepoint_fields import COLUMNS


def web_row(web_id: str, start: str, service: str = "Swedish 60", *, minutes: str = "60",
            customer: str = "José Núñez", phone: str = "(212) 555-0101", email: str = "",
            agent: str = "Ana", status: str = "Approved", price: str = "$95.00",
            booked_on: str = "Sep 20, 2026 2:30 pm") -> list[str]:
    return [web_id, service, start, minutes, customer, phone, email, agent, "", "", status,
            price, booked_on]


def write_export(path: Path, rows: list[list[str]], *, bom: bool = False,
                 crlf: bool = False, header: tuple[str, ...] = COLUMNS) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows([list(header), *rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode())
    return path
