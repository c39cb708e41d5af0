"""A whole clinic's day on one landscape page, drawn like the day view: a column per
therapist, time running down in real minutes. Also the type and ink every PDF page shares.

Heights come from :meth:`Column.minutes` of the day's plan, as on screen, so on the day the
clocks go back the repeated hour takes twice the room (and is labelled twice) and on the day
they go forward the missing hour takes none. The whole visible day is scaled to fit the
page; a box too short for all its text shows what fits (the list layout shows everything).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from frontdesk.domain.status import Status
from frontdesk.domain.text import client_label
from frontdesk.export.base import span
from frontdesk.services.dayplan import Block, Column, Mode, Shade, ShadeKind
from frontdesk.services.daysheet import Sheet, SheetDay, Visit

#: Fonts in order of preference (the first one installed wins; Qt falls back per glyph,
#: so a Chinese name still prints where a CJK font exists).
FAMILIES = ["Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans"]
TEXT = QColor("#1b1f24")
MUTED = QColor("#5b6470")
#: Dark red: alerts and contraindications must be seen before the session starts.
ALERT = QColor("#a3151b")
LINE = QColor("#c3c8ce")
FAINT = QColor("#e2e5e9")
FRAME = QColor("#7d858f")
#: Light fills that still tell statuses apart on a colour printer, outlined in the status's
#: darker colour; on a black-and-white one the ✓ and ✕ carry it.
FILL = {Status.BOOKED: "#eaf1fc", Status.CONFIRMED: "#e4f4e9", Status.ARRIVED: "#fff3d6",
        Status.IN_SESSION: "#f1e9fb", Status.COMPLETED: "#eff0f2", Status.NO_SHOW: "#fbe4e1"}
EDGE = {Status.BOOKED: "#3b73c9", Status.CONFIRMED: "#2e8b4f", Status.ARRIVED: "#c88400",
        Status.IN_SESSION: "#7a4cc0", Status.COMPLETED: "#6b7480", Status.NO_SHOW: "#b3261e"}
MARK = {Status.CONFIRMED: "✓ ", Status.NO_SHOW: "✕ no-show "}
SHADE = {ShadeKind.CLOSED: QColor("#e3e5e8"), ShadeKind.OFF: QColor("#eef0f2"),
         ShadeKind.BREAK: QColor("#f4f5f6"), ShadeKind.TIME_OFF: QColor("#eceef0")}
HATCHED = {ShadeKind.BREAK, ShadeKind.TIME_OFF}


def font(points: float, *, bold: bool = False, italic: bool = False) -> QFont:
    """The sheets' sans-serif at ``points`` (sized for whatever device it is painted on)."""
    f = QFont()
    f.setFamilies(FAMILIES)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPointSizeF(points)
    f.setBold(bold)
    f.setItalic(italic)
    # No ligatures: a reader searching or copying the PDF finds "confirmed", not "conﬁrmed".
    f.setFeature(QFont.Tag("liga"), 0)
    return f


def hour_marks(column: Column, tz) -> list[tuple[float, datetime]]:
    """(real minutes from the top, local time) of every local full hour in the column."""
    out = []
    total = column.minutes(column.end)
    minute = 0
    while minute < total:  # quarter hours: a zone's offset may be a half or quarter hour
        local = (column.origin + timedelta(minutes=minute)).astimezone(tz)
        if local.minute == 0:
            out.append((float(minute), local))
        minute += 15
    return out


def paint_day(painter: QPainter, sheet: Sheet, day: SheetDay, rect: QRectF,
              unit: float) -> None:
    """Draw ``day`` in ``rect`` (device pixels; ``unit`` is device pixels per point)."""
    _Grid(painter, sheet, day, rect, unit).paint()


class _Grid:
    def __init__(self, painter: QPainter, sheet: Sheet, day: SheetDay, rect: QRectF,
                 unit: float):
        self.p, self.sheet, self.day, self.rect, self.u = painter, sheet, day, rect, unit
        if day.plan is None:
            raise ValueError("a grid page needs the day laid out (gathered with layout=True)")
        self.plan = day.plan
        self.axis, self.head = 30 * unit, 24 * unit
        self.grid = QRectF(rect.left() + self.axis, rect.top() + self.head,
                           rect.width() - self.axis, rect.height() - self.head)
        self.col_w = self.grid.width() / len(self.plan.columns)
        self.ppm = self.grid.height() / max(1.0, self.plan.length_minutes)
        self.bold, self.small = font(7.5, bold=True), font(7)
        self.tiny, self.tiny_bold = font(6), font(6, bold=True)

    def y(self, column: Column, instant: datetime) -> float:
        return self.grid.top() + column.minutes(instant) * self.ppm

    def metrics(self, f: QFont) -> QFontMetricsF:
        return QFontMetricsF(f, self.p.device())

    def paint(self) -> None:
        p, u, grid = self.p, self.u, self.grid
        columns = self.plan.columns
        p.save()
        for i, column in enumerate(columns):
            x = grid.left() + i * self.col_w
            self._heading(QRectF(x, self.rect.top(), self.col_w, self.head), column)
            p.save()
            p.setClipRect(grid)
            for shade in column.shades:
                top, bottom = self.y(column, shade.start), self.y(column, shade.end)
                self._shade(QRectF(x, top, self.col_w, bottom - top), shade)
            p.restore()
        self._time_lines(columns[0])
        p.setPen(QPen(LINE, 0.6 * u))
        for i in range(1, len(columns)):
            x = grid.left() + i * self.col_w
            p.drawLine(QLineF(x, self.rect.top() + 2 * u, x, grid.bottom()))
        visits = {v.appt.id: v for v in self.day.visits}
        p.setClipRect(grid)
        for i, column in enumerate(columns):
            for block in column.blocks:
                self._block(i, column, block, visits.get(block.appt.id))
        p.setClipping(False)
        p.setPen(QPen(FRAME, 0.8 * u))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(grid)
        p.restore()

    def _heading(self, rect: QRectF, column: Column) -> None:
        p, u = self.p, self.u
        inner = rect.adjusted(4 * u, 0, -3 * u, -3 * u)
        name = font(9, bold=True)
        p.setFont(name)
        p.setPen(TEXT)
        p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   self.metrics(name).elidedText(column.title, Qt.TextElideMode.ElideRight,
                                                 inner.width()))
        n = len(column.blocks)
        p.setFont(font(6.8))
        p.setPen(MUTED)
        p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                   f"{n} appointment{'' if n == 1 else 's'}")

    def _shade(self, rect: QRectF, shade: Shade) -> None:
        p, u = self.p, self.u
        if rect.height() <= 0:
            return
        p.fillRect(rect, SHADE[shade.kind])
        if shade.kind not in HATCHED:
            return
        p.save()
        p.setClipRect(rect)
        p.setPen(QPen(QColor("#b9bec5"), 0.4 * u))
        x = rect.left() - rect.height()
        while x < rect.right():  # hatching as lines: a pattern brush prints as a grey haze
            p.drawLine(QLineF(x, rect.bottom(), x + rect.height(), rect.top()))
            x += 4 * u
        if shade.label:
            f = font(6.8, italic=True)
            p.setFont(f)
            label = QRectF(rect.left() + 3 * u, rect.top() + 1 * u,
                           self.metrics(f).horizontalAdvance(shade.label) + 4 * u, 9 * u)
            p.fillRect(label, SHADE[shade.kind])
            p.setPen(MUTED)
            p.drawText(label, Qt.AlignmentFlag.AlignCenter, shade.label)
        p.restore()

    def _time_lines(self, column: Column) -> None:
        """Hour lines across the grid and their labels in the axis: each local hour where it
        really falls. Around a clock change each label says which time it is (EDT or EST),
        or the two 01:00s would read as a mistake."""
        p, u, grid = self.p, self.u, self.grid
        marks = hour_marks(column, self.plan.tz)
        offsets = [local.utcoffset() for _m, local in marks]
        label_font, zone_font = font(7.5), font(5.5)
        height = self.metrics(label_font).height()
        p.setPen(QPen(FAINT, 0.4 * u, Qt.PenStyle.DashLine))
        for half_past in range(30, int(column.minutes(column.end)), 60):
            y = grid.top() + half_past * self.ppm
            p.drawLine(QLineF(grid.left(), y, grid.right(), y))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for n, (minute, local) in enumerate(marks):
            y = grid.top() + minute * self.ppm
            p.setPen(QPen(LINE, 0.5 * u))
            p.drawLine(QLineF(grid.left() - 3 * u, y, grid.right(), y))
            label = QRectF(grid.left() - self.axis, y - height / 2, self.axis - 5 * u, height)
            p.setPen(TEXT)
            p.setFont(label_font)
            p.drawText(label, right, f"{local:%H:%M}")
            if len(set(offsets[max(0, n - 1):n + 2])) > 1:
                p.setPen(MUTED)
                p.setFont(zone_font)
                p.drawText(label.translated(0, height * 0.8), right, local.tzname() or "")

    def _block(self, index: int, column: Column, block: Block, visit: Visit | None) -> None:
        """An appointment's box in its lane, with the rest or turnover band under it, and
        as much of its text as the box holds."""
        p, u, a = self.p, self.u, block.appt
        pad = 1.5 * u
        lane_w = (self.col_w - 2 * pad) / block.lanes
        x = self.grid.left() + index * self.col_w + pad + block.lane * lane_w
        w = lane_w - (pad if block.lanes > 1 else 0)
        top, bottom = self.y(column, a.start), self.y(column, a.end)
        box = QRectF(x, top, w, max(bottom - top, 3 * u))
        band = self.y(column, block.band_end) - bottom
        if band > 0.5 * u:
            p.fillRect(QRectF(x + 3 * u, bottom, w - 6 * u, band), FAINT)
        path = QPainterPath()
        path.addRoundedRect(box.adjusted(0, 0.3 * u, 0, -0.3 * u), 2 * u, 2 * u)
        p.setPen(QPen(QColor(EDGE.get(a.status, "#6b7480")), 0.7 * u))
        p.setBrush(QColor(FILL.get(a.status, "#eff0f2")))
        p.drawPath(path)
        inner = box.adjusted(2.5 * u, 1 * u, -2 * u, -0.5 * u)
        lines = self._fitting(self._layouts(a, visit), inner)
        p.save()
        p.setClipRect(box.adjusted(0.5 * u, 0.5 * u, -0.5 * u, -0.5 * u),
                      Qt.ClipOperation.IntersectClip)
        y = inner.top()
        for n, (text, f, colour) in enumerate(lines):
            metrics = self.metrics(f)
            if n and y + metrics.height() > inner.bottom() + 0.5 * u:
                break  # the box is full: the list layout shows the rest
            p.setFont(f)
            p.setPen(colour)
            p.drawText(QRectF(inner.left(), y, inner.width(), metrics.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                       metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
            y += metrics.height()
        p.restore()

    def _layouts(self, a, visit: Visit | None) -> list[list[tuple[str, QFont, QColor]]]:
        """A box's text, roomiest first: a line each; the details on one or two small
        lines; everything on one small line (a half-hour box). The alert is always a line
        of its own, right after the client."""
        when = span(self.sheet.local(a.start), self.sheet.local(a.end))
        title = f"{MARK.get(a.status, '')}{when} {client_label(a.client)}"
        cautions = ([a.client_alert] if a.client_alert else []) + list(
            visit.cautions if visit else ())
        where = a.therapist if self.plan.mode == Mode.ROOMS else a.room
        phones = ", ".join(visit.phones) if visit and visit.phones else ""
        details = [d for d in (a.service, where, phones) if d]

        def alert(f: QFont) -> list[tuple[str, QFont, QColor]]:
            return [("⚠ " + "; ".join(cautions), f, ALERT)] if cautions else []

        def small(texts: list[str], f: QFont) -> list[tuple[str, QFont, QColor]]:
            return [(t, f, TEXT) for t in texts if t]

        head = [(title, self.bold, TEXT), *alert(self.bold)]
        return [
            head + small(details, self.small),
            head + small([" · ".join(d for d in (a.service, where) if d), phones], self.small),
            head + small([" · ".join(details)], self.tiny),
            [(title, self.tiny_bold, TEXT), *alert(self.tiny_bold),
             *small([" · ".join(details)], self.tiny)],
            [(" · ".join([title, *details]), self.tiny_bold, TEXT), *alert(self.tiny_bold)],
        ]

    def _fitting(self, layouts, inner: QRectF) -> list[tuple[str, QFont, QColor]]:
        """The first layout whose lines all fit the box, else the first that fits its
        height (some text elided), else the last (cut at the box's foot)."""
        def height(lines) -> float:
            return sum(self.metrics(f).height() for _t, f, _c in lines)

        def wide(lines) -> bool:
            return all(self.metrics(f).horizontalAdvance(t) <= inner.width()
                       for t, f, _c in lines)

        tall = [lines for lines in layouts if height(lines) <= inner.height() + 0.5 * self.u]
        return next((lines for lines in tall if wide(lines)), tall[0] if tall else layouts[-1])
