"""A report written to a file: CSV, PDF or PNG, the same from the command line and the window.

CSV is the report's table as it stands (a header row of the column names, numbers as
numbers, a blank where a rate has nothing to divide by), UTF-8 with a byte-order mark for
spreadsheets, like the day sheet's. PDF and PNG are painted by
:mod:`frontdesk.export.report_paint` with Qt's GUI classes only (no widgets), which load
only when one of them is asked for. Files are replaced atomically
(:mod:`frontdesk.export.files`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from frontdesk.domain.errors import BadInput
from frontdesk.export.csv_sheet import guard
from frontdesk.export.files import opened, replacing
from frontdesk.export.writer import check_target as _check_sheet_target
from frontdesk.services.daysheet import paper_for
from frontdesk.services.reports import Report

FORMATS = ("csv", "pdf", "png")
SUFFIXES = {"csv": ".csv", "pdf": ".pdf", "png": ".png"}


def format_of(target: str | Path, fmt: str | None = None) -> str:
    """The format asked for, or the one the file's suffix names."""
    fmt = (fmt or Path(str(target)).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise BadInput(f"say --format ({', '.join(FORMATS)}): the output {str(target)!r} "
                       "does not tell", "format")
    return fmt


def check_target(fmt: str, target: str | Path) -> None:
    """Refuse what cannot be written before any work is done."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})", "format")
    if str(target) == "-" and fmt != "csv":
        raise BadInput(f"a {fmt.upper()} cannot go to standard output; give -o FILE.{fmt}",
                       "output")
    _check_sheet_target("csv", target)  # the same checks of the path itself


def cell(value) -> str:
    """A cell as CSV text: None blank, numbers as Python writes them, text guarded."""
    if value is None:
        return ""
    if isinstance(value, str):
        return guard(value)
    return str(value)


def write_csv(report: Report, out) -> int:
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(report.columns)
    for row in report.cells:
        w.writerow([cell(v) for v in row])
    return len(report.cells)


def write(report: Report, fmt: str, target: str | Path, *, country: str = "US") -> int:
    """Write ``report`` as ``fmt`` to ``target`` ("-": CSV to standard output); returns the
    rows written (CSV) or pages (PDF) or 1 (PNG)."""
    check_target(fmt, target)
    if fmt == "csv":
        with opened(target, bom=True) as out:
            return write_csv(report, out)
    from frontdesk.export import report_paint  # Qt is loaded only for a picture

    report_paint.ensure_gui()
    with replacing(Path(target)) as temp:
        if fmt == "pdf":
            return report_paint.write_pdf(report, temp, paper=paper_for(country))
        report_paint.write_png(report, temp)
        return 1
