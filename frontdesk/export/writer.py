"""One entry point for every export: a sheet, a format and a file (or standard output).

The command line and the window both come here, so the file handling is the same for both:
written atomically (:mod:`frontdesk.export.files`), nothing left behind when an export is
cancelled or fails, and the paper the clinic's country uses unless one is asked for.
"""

from __future__ import annotations

from pathlib import Path

from frontdesk.domain.errors import BadInput
from frontdesk.export.base import FORMATS, LAYOUTS, PAPERS, Progress
from frontdesk.export.files import opened, replacing
from frontdesk.services.daysheet import Sheet, paper_for

__all__ = ["FORMATS", "LABELS", "LAYOUTS", "PAPERS", "SUFFIXES", "check_target", "write"]

SUFFIXES = {"pdf": ".pdf", "csv": ".csv", "ics": ".ics", "html": ".html"}
LABELS = {"pdf": "PDF document", "csv": "CSV spreadsheet", "ics": "iCalendar file",
          "html": "Web page"}


def check_target(fmt: str, target: str | Path) -> None:
    """Refuse what cannot be written before any work is done."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})", "format")
    if str(target) == "-":
        if fmt == "pdf":
            raise BadInput("a PDF cannot go to standard output; give -o FILE.pdf", "output")
        return
    path = Path(target)
    if path.is_symlink():  # replacing it would write wherever it points, or drop the link
        raise BadInput(f"{path} is a symbolic link; give the file itself (nothing was "
                       "written)", "output")
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name", "output")
    if path.exists() and not path.is_file():  # a FIFO, a device: a reader waits on it
        raise BadInput(f"{path} is not a regular file (nothing was written)", "output")
    if not path.parent.is_dir():
        raise BadInput(f"no folder {path.parent} to write {path.name} in", "output")


def write(sheet: Sheet, fmt: str, target: str | Path, *, paper: str | None = None,
          layout: str = "auto", progress: Progress | None = None) -> int:
    """Write ``sheet`` as ``fmt`` to ``target`` ("-" for standard output); returns the
    number of appointments written (PDF: pages)."""
    check_target(fmt, target)
    paper = paper or paper_for(sheet.country)
    if paper not in PAPERS or layout not in LAYOUTS:
        raise BadInput(f"paper is one of {PAPERS} and layout one of {LAYOUTS}", "paper")
    if fmt == "pdf":
        from frontdesk.export import pdf  # Qt is loaded only for a PDF

        pdf.ensure_gui()
        with replacing(Path(target)) as temp:
            return pdf.write(sheet, temp, paper=paper, layout=layout, progress=progress)
    # Each writer loads when it is used: the window's export dialog reads this module's
    # names at start-up, and the calendar library alone costs a tenth of the launch.
    if fmt == "ics":
        from frontdesk.export import ics

        with opened(target, binary=True) as out:
            return ics.write(sheet, out, progress)
    if fmt == "csv":
        from frontdesk.export import csv_sheet

        with opened(target, bom=True) as out:
            return csv_sheet.write(sheet, out, progress)
    from frontdesk.export import html

    with opened(target) as out:
        return html.write(sheet, out, paper, progress)
