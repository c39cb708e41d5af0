"""The day sheet on paper: a PDF file, or whatever printer the print dialog chose.

Painted with Qt's GUI classes only (a QPainter on a QPdfWriter or a QPrinter, both paged
paint devices), so the command line writes a PDF with no window: :func:`ensure_gui` makes an
offscreen QGuiApplication for the fonts.

A day is printed as a list (a table, portrait) or, for a whole clinic of up to
:data:`GRID_MAX_COLUMNS` therapists, as a landscape grid like the day view
(:mod:`frontdesk.export.pdf_grid`). The table is laid out here rather than by QTextDocument:
its pages then break between rows, never inside one, and a busy day of a large clinic lays
out several times faster. Every day is laid out before the first page is painted, because
each footer says "Page i of N" of the whole export. Nothing here decides what a day holds or
which columns a list has: that is the sheet's and :mod:`frontdesk.export.base`'s.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from frontdesk.domain import clock
from frontdesk.domain.status import Status
from frontdesk.export import base, pdf_grid
from frontdesk.export.base import Progress
from frontdesk.export.pdf_grid import ALERT, MUTED, TEXT, font
from frontdesk.services.daysheet import Sheet, SheetDay

#: More therapist columns than this and a whole-clinic day is listed, not drawn as a grid:
#: a ninth column on a landscape page leaves boxes too narrow to read a name in.
GRID_MAX_COLUMNS = 8
LAYOUTS = ("auto", "grid", "list")
#: Page margins: inside what office printers reach, with room for a hole punch.
MARGIN_MM = 13.0
PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
RULE = QColor("#9aa1a9")
HEAD_FILL = QColor("#e4e7eb")
ROW_FILL = QColor("#f3f4f6")
ROW_RULE = QColor("#d3d7dc")
CONFIRMED = QColor("#1e6b3a")
#: Columns whose text must not wrap (a time or a phone number broken in two misleads).
WHOLE = {"Time", "Phone", "Status"}
#: The list's type size, and the smallest it shrinks to when a day's columns do not fit.
SIZE, SMALLEST = 9.0, 7.5

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
        _app = kind(["frontdesk", "-platform", "offscreen"])
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
    if layout not in LAYOUTS:
        raise ValueError(f"layout is one of {', '.join(LAYOUTS)}, not {layout!r}")
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
            for rows in d.pages:
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
                    d.table.paint(painter, frame.body, rows)
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


def title(sheet: Sheet) -> str:
    """The document's title: "Clinic — Ana — Sunday 1 November 2026" (or a date range)."""
    first, last = sheet.days[0].day, sheet.days[-1].day
    when = long_date(first)
    if last != first:
        when = f"{first.day} {_MONTHS[first.month - 1]} {first.year} – {last.day} " \
               f"{_MONTHS[last.month - 1]} {last.year}"
    return f"{sheet.clinic} — {sheet.title} — {when}"


def long_date(d: date) -> str:
    """"Sunday 1 November 2026", in English whatever the machine's locale."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def clock_change(sheet: Sheet, day: date) -> str:
    """"Clocks go back 1 h at 02:00" on a daylight-saving day, whose times repeat or skip."""
    start, end = clock.day_bounds(day, sheet.tz)
    before, after = sheet.local(start).utcoffset(), sheet.local(end).utcoffset()
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
    fits = 1 <= len(day.plan.columns) <= GRID_MAX_COLUMNS
    return fits and (layout == "grid" or (layout == "auto" and sheet.scope == "clinic"))


class _Day:
    """One day laid out: a grid (one landscape page) or a table cut into pages, portrait
    unless its columns would be cramped there (the nine of a front-desk copy)."""

    def __init__(self, sheet: Sheet, day: SheetDay, grid: bool, device: QPagedPaintDevice):
        self.day = day
        self.table: _Table | None = None
        self.orientation = QPageLayout.Orientation.Landscape
        if grid:
            self.pages: list[range] = [range(0)]
            return
        portrait = _frame(device, QPageLayout.Orientation.Portrait)
        self.table = _Table(sheet, day, device, portrait.unit)
        frame = portrait
        if not self.table.fits(portrait.body.width()):
            frame = _frame(device, self.orientation)
        else:
            self.orientation = QPageLayout.Orientation.Portrait
        self.table.lay_out(frame.body.width())
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
                     f"Printed {made.day} {_MONTHS[made.month - 1][:3]} {made.year}, "
                     f"{made:%H:%M %Z}")
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | bottom, f"Page {page} of {total}")


# -- the list -------------------------------------------------------------------------------


class _Cell:
    """A text as a table prints it: one QTextLayout, broken into lines once per width and
    shared by every row that shows the same text in the same column (a busy day repeats its
    services, rooms and statuses hundreds of times, and leaves most notes empty)."""

    def __init__(self, text: str, f: QFont, device, colour: QColor = TEXT):
        self.layout = QTextLayout(text.replace("\n", "\u2028"), f, device)
        self.layout.setCacheEnabled(True)
        self.colour = colour
        self.height = self._break(1e9, QTextOption.WrapMode.WordWrap)
        self.natural, self.longest_word = self.layout.maximumWidth(), self.layout.minimumWidth()
        self._width = 1e9

    def fit(self, width: float) -> float:
        """Break into lines ``width`` wide (a word longer than that anywhere in it); the
        height."""
        if width != self._width and (self.natural > width or self._width < self.natural):
            self.height = self._break(width, QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._width = width
        return self.height

    def _break(self, width: float, mode: QTextOption.WrapMode) -> float:
        option = QTextOption()
        option.setWrapMode(mode)
        self.layout.setTextOption(option)
        self.layout.beginLayout()
        y = 0.0
        while (line := self.layout.createLine()).isValid():
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += line.height()
        self.layout.endLayout()
        return y

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        painter.setPen(self.colour)
        self.layout.draw(painter, QPointF(x, y))


class _Table:
    """A day's visits in rows under a heading row that every page repeats.

    Columns get room first for their longest word, then for their typical cell (nine in ten
    on one line), then for every cell on one line, sharing what there is in proportion as a
    web browser does; so a column of rare long notes does not squeeze a service on every row.
    Times, phones and statuses never wrap: when even the longest words do not fit side by
    side, the type gets smaller, down to :data:`SMALLEST` points, before words are broken.
    """

    def __init__(self, sheet: Sheet, day: SheetDay, device, unit: float):
        self.device, self.unit = device, unit
        self.pad = QMarginsF(2.8 * unit, 2.2 * unit, 2.8 * unit, 2.2 * unit)
        self.columns = base.list_columns(sheet)
        self.visits = [(base.cells(sheet, v), v.appt.status) for v in day.active]
        self.cancelled = len(day.visits) - len(day.active)
        self._build(SIZE)

    def fits(self, width: float) -> bool:
        """Whether ``width`` is roomy enough for nine cells in ten of each column on one line."""
        return sum(typical for _, typical, _ in self.sizes) <= width

    def lay_out(self, width: float) -> None:
        self.width = width
        sides = len(self.columns) * (self.pad.left() + self.pad.right())
        least = sum(lo for lo, _, _ in self.sizes)
        if least > width:
            self._build(max(SMALLEST, int(SIZE * (width - sides) / (least - sides) * 4) / 4))
        self.widths = self._share()
        inner = [w - self.pad.left() - self.pad.right() for w in self.widths]
        for cells, w in zip(self.unique, inner, strict=True):
            for cell in cells:
                cell.fit(w)
        for cell, w in zip(self.head, inner, strict=True):
            cell.fit(w)
        extra = self.pad.top() + self.pad.bottom()
        self.head_height = max(c.height for c in self.head) + extra
        self.heights = [max(c.height for c in row) + extra for row in self.rows]
        notes = [f"{len(self.rows)} appointment{'' if len(self.rows) == 1 else 's'}"]
        if not self.rows:
            notes = []
            self.empty = _Cell("No appointments", font(11), self.device)
        if self.cancelled:
            notes.append(f"{self.cancelled} cancelled not shown")
        self.note = _Cell(" · ".join(notes), font(8.5), self.device, MUTED)
        self.note_height = self.note.height + 4 * self.unit

    def _build(self, size: float) -> None:
        device, plain, bold = self.device, font(size), font(size, bold=True)
        # A soft hyphen lets the longest heading break rather than widen its column.
        self.head = [_Cell(c.replace("contraind", "contra\u00adind"), bold, device)
                     for c in self.columns]
        styles = {"": (plain, TEXT), "ok": (bold, CONFIRMED), "alert": (bold, ALERT)}
        made: list[dict[tuple[str, str], _Cell]] = [{} for _ in self.columns]
        self.rows = []
        for texts, status in self.visits:
            row = []
            for i, c in enumerate(self.columns):
                text, style = texts[c], ""
                if c == "Phone":
                    text = text.replace(", ", "\n")
                elif c == "Status" and status == Status.CONFIRMED:
                    text, style = "✓ " + text, "ok"
                elif c == "Alerts & contraindications" or (
                        c == "Status" and status == Status.NO_SHOW):
                    style = "alert"
                cell = made[i].get((text, style))
                if cell is None:
                    f, colour = styles[style]
                    cell = made[i][text, style] = _Cell(text, f, device, colour)
                row.append(cell)
            self.rows.append(row)
        self.unique = [list(m.values()) for m in made]
        self.sizes = self._measure()

    def _measure(self) -> list[tuple[float, float, float]]:
        """Each column's least width (its longest word), typical one and the one it would
        like (every cell on one line), padding included."""
        # (a hair more than the text: a line exactly as wide as its text may still break)
        sides = self.pad.left() + self.pad.right() + 0.5 * self.unit
        out = []
        for i, c in enumerate(self.columns):
            widths = sorted(row[i].natural for row in self.rows) or [0.0]
            head = self.head[i]
            most = max(widths[-1], head.natural)
            least = most if c in WHOLE else max(
                [head.longest_word] + [cell.longest_word for cell in self.unique[i]])
            typical = max(least, widths[len(widths) * 9 // 10 - (len(widths) % 10 == 0)])
            out.append((least + sides, typical + sides, most + sides))
        return out

    def _share(self) -> list[float]:
        room = self.width
        least, typical, most = (list(t) for t in zip(*self.sizes, strict=True))
        if sum(most) <= room:  # every cell on one line: the spare room in proportion
            return [m * room / sum(most) for m in most]
        for lo, hi in ((typical, most), (least, typical)):
            if sum(lo) <= room:
                give = (room - sum(lo)) / (sum(hi) - sum(lo))
                return [a + (b - a) * give for a, b in zip(lo, hi, strict=True)]
        # Too many long words even in the smallest type: those that must stay whole do,
        # the others break inside words.
        whole = sum(lo for c, lo in zip(self.columns, least, strict=True) if c in WHOLE)
        rest = max(room - whole, 0.0) / (sum(least) - whole)
        return [lo if c in WHOLE else lo * rest
                for c, lo in zip(self.columns, least, strict=True)]

    def paginate(self, height: float) -> list[range]:
        """Rows per page: as many whole rows as fit under the heading row; the summary
        under the table takes the last row along rather than go to a page alone."""
        if not self.rows:
            return [range(0)]
        pages, first, used = [], 0, self.head_height
        for i, h in enumerate(self.heights):
            if used + h > height and i > first:
                pages.append(range(first, i))
                first, used = i, self.head_height
            used += h
        if used + self.note_height > height and len(self.heights) - first > 1:
            pages.append(range(first, len(self.heights) - 1))
            first = len(self.heights) - 1
        pages.append(range(first, len(self.heights)))
        return pages

    def paint(self, painter: QPainter, body: QRectF, rows: range) -> None:
        u, x, y = self.unit, body.left(), body.top()
        painter.save()
        painter.setClipRect(body)
        if not self.rows:
            self.empty.draw(painter, x, y + 4 * u)
            self.note.draw(painter, x, y + 24 * u)
            painter.restore()
            return
        painter.fillRect(QRectF(x, y, body.width(), self.head_height), HEAD_FILL)
        self._paint_row(painter, self.head, x, y)
        y += self.head_height
        painter.setPen(QPen(RULE, 0.75 * u))
        painter.drawLine(QLineF(x, y, body.right(), y))
        rule = QPen(ROW_RULE, 0.4 * u)
        for i in rows:
            h = self.heights[i]
            if i % 2:
                painter.fillRect(QRectF(x, y, body.width(), h), ROW_FILL)
            self._paint_row(painter, self.rows[i], x, y)
            y += h
            painter.setPen(rule)
            painter.drawLine(QLineF(x, y, body.right(), y))
        if rows.stop == len(self.rows):
            self.note.draw(painter, x, y + 3 * u)
        painter.restore()

    def _paint_row(self, painter: QPainter, row: list[_Cell], x: float, y: float) -> None:
        for cell, w in zip(row, self.widths, strict=True):
            if cell.natural:
                cell.draw(painter, x + self.pad.left(), y + self.pad.top())
            x += w
