"""The day sheet on paper: a PDF file, or whatever printer the print dialog chose.

Painted with Qt's GUI classes only (a QPainter on a QPdfWriter or a QPrinter, both paged
paint devices), so the command line writes a PDF with no window: :func:`ensure_gui` makes an
offscreen QGuiApplication for the fonts.

A day is printed as a list (a table; portrait, or landscape when its columns would be
cramped upright, as the nine of a front-desk copy are) or, for a whole clinic of up to
:data:`GRID_MAX_COLUMNS` therapists, as a landscape grid like the day view
(:mod:`frontdesk.export.pdf_grid`); the list is :mod:`frontdesk.export.pdf_table`'s. Every
day is laid out before the first page is painted, because each footer says "Page i of N" of
the whole export. Nothing here decides what a day holds or
which columns a list has: that is the sheet's and :mod:`frontdesk.export.base`'s.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLineF, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from frontdesk.domain import clock
from frontdesk.export import base, pdf_grid
from frontdesk.export.base import MONTHS, Progress, long_date, title
from frontdesk.export.pdf_grid import ALERT, MUTED, TEXT, font
from frontdesk.export.pdf_table import RULE, Piece, Table
from frontdesk.services.daysheet import Sheet, SheetDay

#: More therapist columns than this and a whole-clinic day is listed, not drawn as a grid:
#: a ninth column on a landscape page leaves boxes too narrow to read a name in.
GRID_MAX_COLUMNS = 8
#: Page margins: inside what office printers reach, with room for a hole punch.
MARGIN_MM = 13.0
PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


_app: QGuiApplication | None = None


def ensure_gui() -> None:
    """Make a Qt application on the 'offscreen' platform if there is none (the command
    line): fonts and painting need one, a display does not.

    A QGuiApplication, unless Qt's widgets are already loaded in this process (a test run,
    a tool that opens windows later): then a QApplication, since a process has one
    application for good and a widget made later would need that kind. Widgets are never
    imported here.
    """
    global _app
    existing = QCoreApplication.instance()
    if existing is None:
        widgets = sys.modules.get("PySide6.QtWidgets")
        kind = widgets.QApplication if widgets is not None else QGuiApplication
        # Offscreen, with the options QT_QPA_PLATFORM gives it (a test run's screen size).
        chosen = os.environ.get("QT_QPA_PLATFORM", "")
        _app = kind(["frontdesk", "-platform",
                     chosen if chosen.startswith("offscreen") else "offscreen"])
    elif not isinstance(existing, QGuiApplication):
        raise RuntimeError("a PDF needs a QGuiApplication, and a QCoreApplication already runs")


def paint(sheet: Sheet, device: QPagedPaintDevice, *, layout: str = "auto",
          progress: Progress | None = None) -> int:
    """Paint ``sheet`` on a QPdfWriter or a QPrinter; return the number of pages.

    The device's page size is kept (the print dialog chose it); the margins are set, and the
    orientation per page: landscape for a grid day, portrait for a listed one. ``layout``
    "list" lists every day; "grid" draws every day of 1 to GRID_MAX_COLUMNS columns as a
    grid; "auto" draws such days of a whole-clinic sheet as grids and lists the rest. Calls
    ``progress`` after each day; :class:`base.Cancelled` when it says stop.
    """
    if layout not in base.LAYOUTS:
        raise ValueError(f"layout is one of {', '.join(base.LAYOUTS)}, not {layout!r}")
    ensure_gui()
    device.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    for setter, value in (("setTitle", title(sheet)), ("setDocName", title(sheet)),
                          ("setCreator", "frontdesk")):  # a QPrinter's title is its doc name
        if hasattr(device, setter):
            getattr(device, setter)(value)
    days = [_Day(sheet, d, _is_grid(sheet, d, layout), device) for d in sheet.days]
    total = sum(len(d.pages) for d in days)
    painter = QPainter()
    device.setPageOrientation(days[0].orientation)
    if not painter.begin(device):
        raise OSError("could not start the PDF or the printer")
    page = 0
    try:
        for done, d in enumerate(days, 1):
            for pieces in d.pages:
                if page:
                    device.setPageOrientation(d.orientation)
                    device.newPage()
                page += 1
                frame = _frame(device, d.orientation)
                _header(painter, frame, sheet, d.day.day)
                _footer(painter, frame, sheet, page, total)
                if d.table is None:
                    pdf_grid.paint_day(painter, sheet, d.day, frame.body, frame.unit)
                else:
                    d.table.paint(painter, frame.body, pieces)
            base.tick(progress, done, len(days))
    finally:
        painter.end()
    return page


def write(sheet: Sheet, path: Path, *, paper: str = "A4", layout: str = "auto",
          progress: Progress | None = None) -> int:
    """Write ``sheet`` as a PDF file at ``path`` on ``paper`` ("A4" or "Letter"); return
    the number of pages. The caller writes to a temporary name and replaces the real one."""
    if paper not in PAPERS:
        raise ValueError(f"paper is one of {', '.join(PAPERS)}, not {paper!r}")
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAPERS[paper]))
    writer.setResolution(600)  # plenty for text and hairlines; coordinates stay small
    return paint(sheet, writer, layout=layout, progress=progress)


def clock_change(sheet: Sheet, day: date) -> str:
    """"Clocks go back 1 h at 02:00" on a daylight-saving day, whose times repeat or skip."""
    start, end = clock.day_bounds(day, sheet.tz)
    before, after = sheet.local(start).utcoffset(), sheet.local(end).utcoffset()
    assert before is not None and after is not None  # local times carry their zone
    if before == after:
        return ""
    instant = start
    while sheet.local(instant).utcoffset() == before:  # quarter hours: a hundred steps at most
        instant += timedelta(minutes=15)
    wall = instant.replace(tzinfo=None) + before  # the clock's reading just before it changes
    shift = (after - before).total_seconds() / 3600
    return f"Clocks go {'forward' if shift > 0 else 'back'} {abs(shift):g} h at {wall:%H:%M}"


# -- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """One page's geometry in device pixels (the painter's origin is the top-left corner
    inside the margins); ``unit`` is device pixels per typographic point."""

    width: float
    height: float
    unit: float

    @property
    def body(self) -> QRectF:
        top, bottom = 42 * self.unit, 18 * self.unit
        return QRectF(0, top, self.width, self.height - top - bottom)


def _frame(device: QPagedPaintDevice, orientation: QPageLayout.Orientation) -> Frame:
    page = QPageLayout(device.pageLayout())
    page.setOrientation(orientation)
    dpi = device.logicalDpiY()
    rect = page.paintRectPixels(dpi)
    return Frame(rect.width(), rect.height(), dpi / 72)


def _is_grid(sheet: Sheet, day: SheetDay, layout: str) -> bool:
    fits = day.plan is not None and 1 <= len(day.plan.columns) <= GRID_MAX_COLUMNS
    return fits and (layout == "grid" or (layout == "auto" and sheet.scope == "clinic"))


class _Day:
    """One day laid out: a grid (one landscape page) or a table cut into pages, portrait
    unless its columns would be cramped there (the nine of a front-desk copy)."""

    def __init__(self, sheet: Sheet, day: SheetDay, grid: bool, device: QPagedPaintDevice):
        self.day = day
        self.table: Table | None = None
        self.orientation = QPageLayout.Orientation.Landscape
        if grid:
            self.pages: list[list[Piece]] = [[]]
            return
        portrait = _frame(device, QPageLayout.Orientation.Portrait)
        self.table = Table(sheet, day, device, portrait.unit)
        frame = portrait
        self.table.lay_out(portrait.body.width())
        if sheet.scope != "therapist" and self.table.cramped():  # a therapist keeps upright
            frame = _frame(device, self.orientation)
            self.table.lay_out(frame.body.width())
        else:
            self.orientation = QPageLayout.Orientation.Portrait
        self.pages = self.table.paginate(frame.body.height())


def _header(painter: QPainter, frame: Frame, sheet: Sheet, day: date) -> None:
    """The clinic and who the sheet is for on the left, the day on the right, a rule."""
    u, w = frame.unit, frame.width
    big = font(12, bold=True)
    first, second = QRectF(0, 0, w, 17 * u), QRectF(0, 17 * u, w, 14 * u)
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    when = long_date(day)
    metrics = QFontMetricsF(big, painter.device())
    room = w - metrics.horizontalAdvance(when) - 16 * u
    painter.setPen(TEXT)
    painter.setFont(big)
    painter.drawText(first, right, when)
    painter.drawText(first, left, metrics.elidedText(sheet.clinic, Qt.TextElideMode.ElideRight,
                                                     room))
    painter.setFont(font(9.5))
    painter.drawText(second, left, sheet.title)
    notes = [n for n in (clock_change(sheet, day), "private copy" if sheet.private else "") if n]
    painter.setFont(font(9.5, italic=True))
    painter.setPen(ALERT if sheet.private else MUTED)
    painter.drawText(second, right, "  ·  ".join(notes))
    painter.setPen(QPen(RULE, 0.75 * u))
    painter.drawLine(QLineF(0, 34 * u, w, 34 * u))


def _footer(painter: QPainter, frame: Frame, sheet: Sheet, page: int, total: int) -> None:
    u = frame.unit
    rect = QRectF(0, frame.height - 10 * u, frame.width, 10 * u)
    painter.setPen(QPen(RULE, 0.5 * u))
    painter.drawLine(QLineF(0, rect.top() - 3 * u, frame.width, rect.top() - 3 * u))
    painter.setFont(font(7.5))
    painter.setPen(MUTED)
    made = sheet.local(sheet.made_at)
    bottom = Qt.AlignmentFlag.AlignBottom
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | bottom,
                     f"Printed {made.day} {MONTHS[made.month - 1][:3]} {made.year}, "
                     f"{made:%H:%M %Z}")
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | bottom, f"Page {page} of {total}")


# -- the list -------------------------------------------------------------------------------
