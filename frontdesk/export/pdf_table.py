"""A listed day as a printed table: columns fitted to their texts, pages broken between rows.

Laid out with one QTextLayout per distinct text rather than by QTextDocument: rows are then
never split in half at a page break (a row taller than a page continues, marked), the heading
row repeats on every page, times and phones never wrap, and a large clinic's busy day lays
out several times faster. The columns and their texts are :mod:`frontdesk.export.base`'s.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout, QTextOption

from frontdesk.domain.status import Status
from frontdesk.export import base
from frontdesk.export.pdf_grid import ALERT, MUTED, TEXT, font
from frontdesk.services.daysheet import Sheet, SheetDay

RULE = QColor("#9aa1a9")
HEAD_FILL = QColor("#e4e7eb")
ROW_FILL = QColor("#f3f4f6")
ROW_RULE = QColor("#d3d7dc")
CONFIRMED = QColor("#1e6b3a")
#: Columns whose text must not wrap (a time or a phone number broken in two misleads).
WHOLE = {"Time", "Phone", "Status"}
#: Columns of free text, which wrap but need a few words' width to be readable.
FREE_TEXT = {"Notes", "Alerts & contraindications"}
#: The list's type size, and the smallest it shrinks to when a day's columns do not fit.
SIZE, SMALLEST = 9.0, 7.5
#: Part of a table row on a page: (row, top, bottom), in the row's own height.
Piece = tuple[int, float, float]


class Cell:
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

    def draw(self, painter: QPainter, x: float, y: float,
             lines: tuple[float, float] | None = None) -> None:
        """Draw at (x, y); only the lines whose tops lie in ``lines`` (of a long cell cut
        between pages: the others are not put in the PDF at all, so its text layer holds
        each line once)."""
        painter.setPen(self.colour)
        if lines is None:
            self.layout.draw(painter, QPointF(x, y))
            return
        for n in range(self.layout.lineCount()):
            line = self.layout.lineAt(n)
            if lines[0] - 0.5 <= line.y() < lines[1] - 0.5:
                line.draw(painter, QPointF(x, y))


class Table:
    """A day's visits in rows under a heading row that every page repeats.

    Pages are cut here, between rows: only a row taller than a page (a long note) goes on
    over the next, cut between lines (:meth:`paginate`). Times, phones and statuses never
    wrap; other columns keep their longest word whole, and when even those do not fit side
    by side the type gets smaller, down to :data:`SMALLEST` points, before words are broken.
    How the rest of the width is shared: :meth:`_share`.
    """

    def __init__(self, sheet: Sheet, day: SheetDay, device, unit: float):
        self.device, self.unit = device, unit
        self.pad = QMarginsF(2.8 * unit, 2.2 * unit, 2.8 * unit, 2.2 * unit)
        self.columns = base.list_columns(sheet)
        self.visits = [(base.cells(sheet, v), v.appt.status) for v in day.active]
        self.cancelled = len(day.visits) - len(day.active)
        self._build(SIZE)

    def lay_out(self, width: float) -> None:
        self.width = width
        sides = len(self.columns) * (self.pad.left() + self.pad.right())
        if self.size != SIZE:
            self._build(SIZE)
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
            self.empty = Cell("No appointments", font(11), self.device)
        if self.cancelled:
            notes.append(f"{self.cancelled} cancelled not shown")
        self.note = Cell(" · ".join(notes), font(8.5), self.device, MUTED)
        self.more = Cell("(continued)", font(7.5, italic=True), self.device, MUTED)
        self.note_height = self.note.height + 4 * self.unit

    def _build(self, size: float) -> None:
        device, plain, bold = self.device, font(size), font(size, bold=True)
        self.size, self.line = size, QFontMetricsF(plain, device).height()
        # A soft hyphen lets the longest heading break rather than widen its column.
        self.head = [Cell(c.replace("contraind", "contra\u00adind"), bold, device)
                     for c in self.columns]
        styles = {"": (plain, TEXT), "ok": (bold, CONFIRMED), "alert": (bold, ALERT)}
        made: list[dict[tuple[str, str], Cell]] = [{} for _ in self.columns]
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
                    cell = made[i][text, style] = Cell(text, f, device, colour)
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
            if c in FREE_TEXT:  # a note a word wide is a column of single words: give it ~16
                least = max(least, min(most, 16 * 0.55 * self.size * self.unit))
            typical = max(least, widths[math.ceil(0.9 * len(widths)) - 1])
            out.append((least + sides, typical + sides, most + sides))
        return out

    def _share(self) -> list[float]:
        """Widths: every column its longest word; then, cheapest first, whole columns their
        typical and then their longest cell on one line; what is left in proportion to what
        is still wanted. So names and services stay on one line and long notes wrap."""
        room = self.width
        least, typical, most = (list(t) for t in zip(*self.sizes, strict=True))
        spare = room - sum(least)
        if spare < 0:
            # Too many long words even in the smallest type: those that must stay whole
            # do, the others break inside words.
            whole = sum(lo for c, lo in zip(self.columns, least, strict=True) if c in WHOLE)
            rest = max(room - whole, 0.0) / (sum(least) - whole)
            return [lo if c in WHOLE else lo * rest
                    for c, lo in zip(self.columns, least, strict=True)]
        widths = least[:]
        for target in (typical, most):
            for i in sorted(range(len(widths)), key=lambda i: target[i] - widths[i]):
                need = target[i] - widths[i]
                if 0 < need <= spare:
                    widths[i], spare = target[i], spare - need
        wanted = [m - w for m, w in zip(most, widths, strict=True)]
        if sum(wanted) <= 0:
            wanted = widths
        return [w + spare * x / sum(wanted) for w, x in zip(widths, wanted, strict=True)]

    def cramped(self) -> bool:
        """Whether the type had to shrink or more than a row in four wraps: a wider page
        is better (one long note is not reason enough)."""
        one_line = self.line + self.pad.top() + self.pad.bottom()
        wrapped = sum(1 for h in self.heights if h > 1.5 * one_line)
        return self.size < SIZE or wrapped > len(self.heights) / 4

    def paginate(self, height: float) -> list[list[Piece]]:
        """The rows each page holds, under the heading row: whole rows, as many as fit; a
        row taller than a page (a long note) goes on over the next, cut between lines. The
        summary under the table takes the last row along rather than go to a page alone."""
        room = max(height - self.head_height, height / 2)
        pages: list[list[Piece]] = []
        page: list[Piece] = []
        used = 0.0
        for i, h in enumerate(self.heights):
            top = 0.0
            while h - top > room - used:
                if h <= room and page:  # it fits a page: to the next one, whole
                    pages.append(page)
                    page, used = [], 0.0
                    continue
                cut = self._cut(i, top, top + room - used)
                if cut > top:
                    page.append((i, top, cut))
                    top = cut
                elif not page:  # a single line taller than a page: cut it anyway
                    page.append((i, top, top + room))
                    top += room
                pages.append(page)
                page, used = [], 0.0
            page.append((i, top, h))
            used += h - top
        if used + self.note_height > room and len(page) > 1 and page[-1][1] == 0:
            pages.append(page[:-1])
            page = page[-1:]
        pages.append(page)
        return pages

    def _cut(self, i: int, top: float, limit: float) -> float:
        """The lowest place in row ``i``, above ``limit``, that cuts no line of its cells in
        two (``top`` if there is none)."""
        lines = [(self.pad.top() + (line := cell.layout.lineAt(n)).y(),
                  self.pad.top() + line.y() + line.height())
                 for cell in self.rows[i] for n in range(cell.layout.lineCount())]
        for y in sorted({b for _, b in lines if top < b <= limit}, reverse=True):
            if not any(a < y < b for a, b in lines):
                return y
        return top

    def paint(self, painter: QPainter, body: QRectF, pieces: list[Piece]) -> None:
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
        for i, top, bottom in pieces:
            piece = QRectF(x, y, body.width(), bottom - top)
            if i % 2:
                painter.fillRect(piece, ROW_FILL)
            if bottom - top == self.heights[i]:
                self._paint_row(painter, self.rows[i], x, y)
            else:
                shown = (top - self.pad.top(), bottom - self.pad.top())
                self._paint_row(painter, self.rows[i], x, y - top, shown)
                if top:
                    self.more.draw(painter, x + self.pad.left(), y + self.pad.top())
            y += bottom - top
            painter.setPen(rule)
            painter.drawLine(QLineF(x, y, body.right(), y))
        if pieces and pieces[-1][0] == len(self.rows) - 1 and pieces[-1][2] == self.heights[-1]:
            self.note.draw(painter, x, y + 3 * u)
        painter.restore()

    def _paint_row(self, painter: QPainter, row: list[Cell], x: float, y: float,
                   lines: tuple[float, float] | None = None) -> None:
        for cell, w in zip(row, self.widths, strict=True):
            if cell.natural:
                cell.draw(painter, x + self.pad.left(), y + self.pad.top(), lines)
            x += w
