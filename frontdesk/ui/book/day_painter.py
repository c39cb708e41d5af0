"""Painting the resource calendar: the frozen header of column titles, the time gutter and
the scrolled body (shading, slot lines, blocks with their text and bands, the now-line and a
drag's outline with its refusal). Kept apart from :class:`DayView`, which handles the
widget, scrolling and the mouse; both place things through the same :class:`TimeGrid`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QLocale, QPoint, QPointF, QRectF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from frontdesk.domain import clock
from frontdesk.domain.text import client_label
from frontdesk.services import schedule
from frontdesk.services.dayplan import Block, Mode, Plan
from frontdesk.ui.book.navigator import to_qdate
from frontdesk.ui.book.timegrid import TimeGrid
from frontdesk.ui.widgets import theme

HEADER = 40
GUTTER = 64


@dataclass
class Drag:
    """A drag in progress: what is dragged and where it would land now."""

    kind: str                     # "move", "resize" or "create"
    column: int
    press_y: float
    block: Block | None = None
    target_column: int = 0
    start: datetime | None = None
    minutes: int = 0
    refusal: str | None = None
    moved: bool = False



class DayPainter:
    """Draws a :class:`Plan` laid out on a :class:`TimeGrid`. Holds only what makes painting
    fast across days: the fonts, their metrics and the elided texts."""

    def __init__(self, font: QFont, locale: QLocale):
        self.locale = locale
        self._title_font = QFont(font)
        self._title_font.setBold(True)
        self._small_font = QFont(font)
        self._small_font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self._title_metrics = QFontMetrics(self._title_font)
        self._small_metrics = QFontMetrics(self._small_font)
        #: (title line?, text, width) -> the text elided to that width. Services, rooms and
        #: therapists come back on every day and every paint; kept for a few thousand.
        self._elided: dict[tuple[bool, str, int], str] = {}
        #: The part of the body in sight at the last paint, in body coordinates.
        self.visible = QRectF()
        #: Where the last drag's label was painted, in viewport coordinates.
        self.drag_label: QRectF | None = None
        #: The completed visits shown that nobody has checked out yet (said on the block).
        self.unpaid: frozenset[int] = frozenset()

    def paint(self, p: QPainter, pal: theme.Paints, plan: Plan, grid: TimeGrid, sx: int,
              sy: int, vw: int, vh: int, *, selected: int, drag: Drag | None,
              now: datetime) -> None:
        """The viewport of ``vw`` x ``vh`` scrolled to ``sx``, ``sy`` (already filled)."""
        self.plan, self.grid = plan, grid
        self.selected, self.drag, self.now = selected, drag, now
        cols = grid.visible_columns(sx, sx + vw - GUTTER)
        self.visible = QRectF(sx, sy, vw - GUTTER, vh - HEADER)
        self.drag_label = None
        p.save()
        p.setClipRect(GUTTER, HEADER, vw - GUTTER, vh - HEADER)
        p.translate(GUTTER - sx, HEADER - sy)
        self._paint_body(p, pal, cols, sy, sy + vh - HEADER)
        p.restore()
        self._paint_header(p, pal, cols, sx, vw)
        self._paint_gutter(p, pal, sy, vh)

    def _paint_body(self, p: QPainter, pal: theme.Paints, cols: range, y0: float,
                    y1: float) -> None:
        grid, plan = self.grid, self.plan
        cw = grid.column_width
        for i in cols:
            column = plan.columns[i]
            x = grid.x_of(i)
            for shade in column.shades:
                top, bottom = grid.y_of(column, shade.start), grid.y_of(column, shade.end)
                if bottom < y0 or top > y1:
                    continue
                p.fillRect(QRectF(x, top, cw, bottom - top), pal.shades[shade.kind])
                if shade.label:
                    p.setPen(pal.muted)
                    p.setFont(self._small_font)
                    p.drawText(QRectF(x + 4, top + 1, cw - 8, max(14, bottom - top)),
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                               shade.label)
        x_from, x_to = grid.x_of(cols.start), grid.x_of(cols.stop)
        for y, strong in grid.slot_lines():
            if y0 - 1 <= y <= y1 + 1:
                p.setPen(pal.hour_line if strong else pal.line)
                p.drawLine(int(x_from), int(y), int(x_to), int(y))
        p.setPen(pal.hour_line)
        for i in cols:
            x = grid.x_of(i)
            p.drawLine(int(x), int(y0), int(x), int(y1))
        for i in cols:
            for block in plan.columns[i].blocks:
                self._paint_block(p, pal, i, block, y0, y1)
        self._paint_now(p, cols)
        if self.drag is not None and self.drag.moved:
            self._paint_drag(p, pal)

    def _paint_block(self, p: QPainter, pal: theme.Paints, column: int, block: Block,
                     y0: float, y1: float) -> None:
        grid = self.grid
        a = block.appt
        col = self.plan.columns[column]
        if grid.y_of(col, a.start) > y1 or grid.y_of(col, block.band_end) < y0:
            return
        r = grid.block_rect(column, block)
        accent = theme.ACCENT[a.status]
        if block.band_end > a.end:  # rest or turnover after the session
            band_h = grid.y_of(col, block.band_end) - (r.y + r.h)
            if band_h > 0:
                p.fillRect(QRectF(r.x + 4, r.y + r.h, r.w - 8, band_h), pal.band[a.status])
        rect = QRectF(r.x, r.y, r.w, r.h)
        p.fillRect(rect, theme.FILL[a.status])  # square corners: fillRect is many times faster
        if a.status in theme.HATCHED:
            p.fillRect(rect, QBrush(accent, theme.HATCHED[a.status]))
        p.fillRect(QRectF(r.x, r.y, 4, r.h), accent)
        if a.id == self.selected:
            p.setPen(QPen(theme.SELECTED, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
        lines = [theme.MARK.get(a.status, "") + client_label(a.client), a.service,
                 a.therapist if self.plan.mode == Mode.ROOMS else a.room]
        if a.party_id is not None:  # a couples visit: linked to its partner, never a clash
            p.fillRect(QRectF(r.x + r.w - 4, r.y, 4, r.h), theme.PARTY)
            partners = self.plan.partners(a)
            lines.insert(1, "↔ " + (schedule.with_partners(partners) if partners
                                    else "couples"))
        if a.id in self.unpaid:
            lines.insert(1, "unpaid")
        if a.overridden:
            lines.append("booked over a rule")
        self._paint_text(p, rect, lines, a)

    def _paint_text(self, p: QPainter, rect: QRectF, lines: list[str], a) -> None:
        inner = rect.adjusted(7, 2, -4, -1)
        line_h = self._small_metrics.height()
        y = inner.top()
        marker = a.client_alert or a.client_flagged
        p.setPen(theme.BLOCK_TEXT)
        for n, text in enumerate(lines):
            if y + line_h > inner.bottom() + 2 and n:
                break
            p.setFont(self._title_font if n == 0 else self._small_font)
            metrics = self._title_metrics if n == 0 else self._small_metrics
            width = inner.width() - (14 if n == 0 and marker else 0)
            shown = self._elide(n == 0, text, int(width))
            # At its baseline, centred in a line as AlignVCenter would: a point is a third
            # cheaper to draw at than a rectangle with alignment flags.
            p.drawText(QPointF(inner.left(), y + (line_h + 2 - metrics.height()) / 2
                               + metrics.ascent()), shown)
            if n == 0 and a.status in theme.STRUCK:
                mid = y + line_h / 2 + 1
                p.drawLine(int(inner.left()), int(mid),
                           int(inner.left() + metrics.horizontalAdvance(shown)), int(mid))
            y += line_h
        if marker:  # a red corner: this client has an alert or contraindications
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.ALERT)
            right, top = rect.right(), rect.top()
            p.drawPolygon([QPoint(int(right - 14), int(top)), QPoint(int(right), int(top)),
                           QPoint(int(right), int(top + 14))])

    def _elide(self, title: bool, text: str, width: int) -> str:
        key = (title, text, width)
        shown = self._elided.get(key)
        if shown is None:
            if len(self._elided) > 4000:
                self._elided.clear()
            metrics = self._title_metrics if title else self._small_metrics
            shown = self._elided[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                           width)
        return shown

    def _paint_now(self, p: QPainter, cols: range) -> None:
        now = self.now
        p.setPen(QPen(theme.NOW_LINE, 2))
        for i in cols:
            column = self.plan.columns[i]
            if column.origin <= now < column.end:
                y = self.grid.y_of(column, now)
                x = self.grid.x_of(i)
                p.drawLine(int(x), int(y), int(x + self.grid.column_width), int(y))

    def _paint_drag(self, p: QPainter, pal: theme.Paints) -> None:
        d = self.drag
        column = self.plan.columns[d.target_column]
        x = self.grid.x_of(d.target_column)
        y0 = self.grid.y_of(column, d.start)
        y1 = self.grid.y_of(column, d.start + timedelta(minutes=d.minutes))
        rect = QRectF(x + 2, y0, self.grid.column_width - 4, max(6.0, y1 - y0))
        bad = d.refusal is not None
        p.setPen(QPen(theme.ALERT if bad else QColor("#2e8b4f"), 2, Qt.PenStyle.DashLine))
        p.setBrush(theme.BAD_DROP if bad else theme.OK_DROP)
        p.drawRoundedRect(rect, 3, 3)
        local = clock.to_local(d.start, self.plan.tz)
        end = clock.to_local(d.start + timedelta(minutes=d.minutes), self.plan.tz)
        text = f"{self.time(local)}–{self.time(end)}"
        if bad:
            text += f"\n✕ {d.refusal}"
        # A label of its own under the outline, on a solid ground, so the reason is readable
        # over whatever blocks lie beneath and is never cut off by a short outline.
        seen = self.visible
        width = min(max(self.grid.column_width - 4, 260.0), seen.width() - 4)
        flags = int(Qt.TextFlag.TextWordWrap)
        bounds = self._small_metrics.boundingRect(0, 0, int(width) - 12, 2000, flags, text)
        label = QRectF(rect.left(), rect.bottom() + 3, width, bounds.height() + 8)
        # Kept in sight: to the left of a column at the right edge, above an outline that
        # reaches the bottom.
        label.moveLeft(max(seen.left() + 2, min(label.left(), seen.right() - 2 - width)))
        if label.bottom() > seen.bottom() - 2:
            label.moveBottom(rect.top() - 3)
        label.moveTop(max(seen.top() + 2, min(label.top(), seen.bottom() - 2 - label.height())))
        self.drag_label = label.translated(GUTTER - seen.left(), HEADER - seen.top())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.ALERT if bad else QColor("#2e8b4f"))
        p.drawRoundedRect(label, 4, 4)
        p.setPen(QColor("white"))
        p.setFont(self._small_font)
        p.drawText(label.adjusted(6, 4, -6, -4), flags, text)

    def _paint_header(self, p: QPainter, pal: theme.Paints, cols: range, sx: int,
                      vw: int) -> None:
        p.fillRect(0, 0, vw, HEADER, pal.window)
        p.setPen(pal.hour_line)
        p.drawLine(0, HEADER - 1, vw, HEADER - 1)
        p.save()
        p.setClipRect(GUTTER, 0, vw - GUTTER, HEADER)
        for i in cols:
            column = self.plan.columns[i]
            x = GUTTER + self.grid.x_of(i) - sx
            rect = QRectF(x + 6, 2, self.grid.column_width - 10, HEADER - 4)
            title = column.title
            sub = f"{column.occupied} booked"
            if self.plan.days > 1:
                title = self.locale.toString(to_qdate(column.day), "ddd d MMM")
            p.setPen(pal.window_text)
            p.setFont(self._title_font)
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                       self._title_metrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                                      int(rect.width())))
            p.setFont(self._small_font)
            p.setPen(pal.muted)
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, sub)
            p.setPen(pal.line)
            p.drawLine(int(x), 4, int(x), HEADER - 4)
        p.restore()

    def _paint_gutter(self, p: QPainter, pal: theme.Paints, sy: int, vh: int) -> None:
        p.fillRect(0, 0, GUTTER, vh, pal.window)
        p.setPen(pal.hour_line)
        p.drawLine(GUTTER - 1, 0, GUTTER - 1, vh)
        p.setFont(self._small_font)
        p.setPen(pal.window_text)
        for y, local in self.grid.hour_labels():
            vy = y + HEADER - sy
            if HEADER - 8 <= vy <= vh:
                p.drawText(QRectF(2, vy - 1, GUTTER - 8, 16),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                           self.time(local))

    def paint_hint(self, p: QPainter, pal: theme.Paints, text: str, vw: int, vh: int) -> None:
        """A line on what to do next, centred over an empty book on a card of its own."""
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        width = min(560, vw - GUTTER - 24)
        bounds = self._title_metrics.boundingRect(0, 0, width - 24, 400, flags, text)
        card = QRectF(GUTTER + (vw - GUTTER - width) / 2, HEADER + (vh - HEADER) / 3,
                      width, bounds.height() + 24)
        p.setPen(pal.hour_line)
        p.setBrush(pal.window)
        p.drawRoundedRect(card, 6, 6)
        p.setPen(pal.window_text)
        p.setFont(self._title_font)
        p.drawText(card.adjusted(12, 12, -12, -12), flags, text)

    def time(self, local: datetime) -> str:
        return self.locale.toString(QTime(local.hour, local.minute),
                                    QLocale.FormatType.ShortFormat)
