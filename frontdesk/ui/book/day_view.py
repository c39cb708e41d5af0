"""The resource calendar: columns of therapists, rooms or days, painted in one pass.

A QAbstractScrollArea whose viewport paints a frozen header (column titles), a frozen time
gutter and the scrolled body. Geometry comes from :class:`TimeGrid`, so painting and the
mouse agree. The view decides nothing: it shows a :class:`Plan`, reports what the user asked
for through signals, and asks ``judge`` (the engine, via the window) whether a drag would be
refused before the drop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QLocale, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from frontdesk.domain import clock
from frontdesk.domain.status import MOVABLE
from frontdesk.services.dayplan import Block, Plan
from frontdesk.ui.book.day_painter import GUTTER, HEADER, DayPainter, Drag
from frontdesk.ui.book.timegrid import Hit, Rect, TimeGrid
from frontdesk.ui.widgets import theme

#: judge(appointment_id, start, minutes, column_index) -> refusal message or None
Judge = Callable[[int, datetime, int, int], "str | None"]


class DayView(QAbstractScrollArea):
    create_requested = Signal(int, object, int)        # column, start, minutes (0: default)
    move_requested = Signal(int, object, int, int)     # appointment, start, minutes, column
    edit_requested = Signal(int)                       # appointment
    context_requested = Signal(int, QPoint)            # appointment (0: empty slot), position
    selection_changed = Signal(int)                    # appointment (0: none)
    painted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Appointment book")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        # paintEvent covers every pixel: Qt need not fill the background first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.plan: Plan | None = None
        self.grid: TimeGrid | None = None
        self.selected = 0
        self.judge: Judge | None = None
        self.now: Callable[[], datetime] = clock.utcnow
        self.locale = QLocale()
        self._drag: Drag | None = None
        self._pressed: tuple[QPoint, Hit] | None = None
        self._ppm = 1.6
        self.painter = DayPainter(self.font(), self.locale)
        #: Said over an empty book: what to do next (set by the controller).
        self.hint = ""
        self._now_timer = QTimer(self)
        self._now_timer.timeout.connect(self._tick)
        self._now_timer.start(30_000)  # the now-line moves a pixel every ~40 s at this zoom

    # -- showing ----------------------------------------------------------------------

    def set_plan(self, plan: Plan) -> None:
        self.plan = plan
        self._drag = None
        self._relayout()
        if self.selected and plan.find(self.selected) is None:
            self.selected = 0
            self.selection_changed.emit(0)
        self.viewport().update()

    def set_hint(self, text: str) -> None:
        if text != self.hint:
            self.hint = text
            self.setAccessibleDescription(text)
            self.viewport().update()

    def _relayout(self) -> None:
        if self.plan is None:
            return
        width = max(1, self.viewport().width() - GUTTER)
        self.grid = TimeGrid(self.plan, width=width, px_per_minute=self._ppm)
        h = self.horizontalScrollBar()
        h.setRange(0, max(0, int(self.grid.width - width)))
        h.setPageStep(width)
        v = self.verticalScrollBar()
        body_h = max(1, self.viewport().height() - HEADER)
        v.setRange(0, max(0, int(self.grid.height - body_h)))
        v.setPageStep(body_h)
        v.setSingleStep(int(self.plan.slot_minutes * self._ppm))
        h.setSingleStep(40)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def scroll_to(self, instant: datetime) -> None:
        """Scroll so that ``instant`` sits a third of the way down (today opens at "now")."""
        if self.grid is None or not self.plan.columns:
            return
        y = self.grid.y_of(self.plan.columns[0], instant)
        body_h = self.viewport().height() - HEADER
        self.verticalScrollBar().setValue(int(y - body_h / 3))

    def select(self, appointment_id: int) -> None:
        if appointment_id != self.selected:
            self.selected = appointment_id
            self.selection_changed.emit(appointment_id)
            self.viewport().update()
        found = self.plan.find(appointment_id) if self.plan and appointment_id else None
        if found and self.grid:
            r = self.grid.block_rect(*found)
            self._ensure_visible(r)

    def selected_block(self) -> Block | None:
        found = self.plan.find(self.selected) if self.plan and self.selected else None
        return found[1] if found else None

    def _ensure_visible(self, r: Rect) -> None:
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        width = self.viewport().width() - GUTTER
        height = self.viewport().height() - HEADER
        if r.x < h.value() or r.x + r.w > h.value() + width:
            h.setValue(int(r.x - 20))
        if r.y < v.value() or r.y + min(r.h, height) > v.value() + height:
            v.setValue(int(r.y - 20))

    def _tick(self) -> None:
        self.viewport().update()

    # -- coordinates ------------------------------------------------------------------

    def _body(self, pos: QPoint) -> tuple[float, float]:
        return (pos.x() - GUTTER + self.horizontalScrollBar().value(),
                pos.y() - HEADER + self.verticalScrollBar().value())

    def body_to_viewport(self, x: float, y: float) -> QPoint:
        """Where body coordinates are on the viewport (tests click blocks through this)."""
        return QPoint(int(x + GUTTER - self.horizontalScrollBar().value()),
                      int(y + HEADER - self.verticalScrollBar().value()))

    def block_centre(self, appointment_id: int) -> QPoint | None:
        found = self.plan.find(appointment_id) if self.plan else None
        if not found or self.grid is None:
            return None
        r = self.grid.block_rect(*found)
        self._ensure_visible(r)
        return self.body_to_viewport(r.x + r.w / 2, r.y + min(r.h, 30) / 2)

    def slot_point(self, column: int, instant: datetime) -> QPoint:
        """The viewport point just inside the slot starting at ``instant`` in ``column``."""
        col = self.plan.columns[column]
        x = self.grid.x_of(column) + self.grid.column_width / 2
        y = self.grid.y_of(col, instant) + 2
        self._ensure_visible(Rect(x, y, 1, 20))
        return self.body_to_viewport(x, y)

    # -- painting ---------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        p = QPainter(self.viewport())
        pal = theme.Paints(self.palette())
        vw, vh = self.viewport().width(), self.viewport().height()
        p.fillRect(0, 0, vw, vh, pal.base)
        if self.plan is not None and self.grid is not None:
            self.painter.paint(p, pal, self.plan, self.grid, self.horizontalScrollBar().value(),
                               self.verticalScrollBar().value(), vw, vh,
                               selected=self.selected, drag=self._drag, now=self.now())
        if self.hint:
            self.painter.paint_hint(p, pal, self.hint, vw, vh)
        p.end()
        self.painted.emit()

    def _time(self, local: datetime) -> str:
        return self.painter.time(local)

    # -- mouse ------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if self.grid is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position().toPoint()
        hit = self.grid.hit(*self._body(pos)) if pos.y() > HEADER and pos.x() > GUTTER else None
        if hit is None:
            return
        self._pressed = (pos, hit)
        self.select(hit.block.appt.id if hit.block else 0)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position().toPoint()
        if self._pressed is None:
            self._hover_cursor(pos)
            return
        start_pos, hit = self._pressed
        if self._drag is None:
            if (pos - start_pos).manhattanLength() < 6:
                return
            self._drag = self._begin_drag(hit, start_pos)
            if self._drag is None:
                return
        self._update_drag(pos)

    def _hover_cursor(self, pos: QPoint) -> None:
        hit = self.grid.hit(*self._body(pos)) if self.grid else None
        if hit and hit.block and hit.resize and hit.block.appt.status in MOVABLE:
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            self.viewport().unsetCursor()

    def _begin_drag(self, hit: Hit, pos: QPoint) -> Drag | None:
        _, y = self._body(pos)
        if hit.block is None:
            column = self.plan.columns[hit.column]
            start = self.grid.instant_at(column, y)
            return Drag("create", hit.column, y, target_column=hit.column, start=start,
                        minutes=self.plan.slot_minutes)
        if hit.block.appt.status not in MOVABLE:
            return None
        a = hit.block.appt
        return Drag("resize" if hit.resize else "move", hit.column, y, block=hit.block,
                    target_column=hit.column, start=a.start,
                    minutes=int((a.end - a.start).total_seconds() // 60))

    def _update_drag(self, pos: QPoint) -> None:
        d = self._drag
        x, y = self._body(pos)
        step = self.plan.slot_minutes
        before = (d.target_column, d.start, d.minutes)
        if d.kind == "create":
            column = self.plan.columns[d.column]
            top = self.grid.instant_at(column, min(y, d.press_y))
            bottom = self.grid.instant_at(column, max(y, d.press_y)) + timedelta(minutes=step)
            d.start, d.minutes = top, max(step, int((bottom - top).total_seconds() // 60))
        elif d.kind == "resize":
            a = d.block.appt
            base = int((a.end - a.start).total_seconds() // 60)
            d.minutes = max(step, base + self.grid.snap_minutes(y - d.press_y))
        else:
            target = self.grid.column_at(x)
            d.target_column = d.column if target is None else target
            d.start = d.block.appt.start + timedelta(minutes=self.grid.snap_minutes(y - d.press_y))
        d.moved = True
        if (d.target_column, d.start, d.minutes) != before and d.kind != "create":
            d.refusal = self.judge(d.block.appt.id, d.start, d.minutes, d.target_column) \
                if self.judge else None
        self.viewport().update()

    def mouseReleaseEvent(self, event) -> None:
        d, self._pressed, self._drag = self._drag, None, None
        self.viewport().update()
        if d is None or not d.moved:
            return
        if d.kind == "create":
            self.create_requested.emit(d.column, d.start, d.minutes)
            return
        a = d.block.appt
        unchanged = (d.start == a.start and d.target_column == d.column
                     and d.minutes == int((a.end - a.start).total_seconds() // 60))
        if not unchanged:
            self.move_requested.emit(a.id, d.start, d.minutes, d.target_column)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.grid is None:
            return
        pos = event.position().toPoint()
        hit = self.grid.hit(*self._body(pos)) if pos.y() > HEADER and pos.x() > GUTTER else None
        self._pressed = None
        if hit is None:
            return
        if hit.block is not None:
            self.edit_requested.emit(hit.block.appt.id)
        else:
            column = self.plan.columns[hit.column]
            self.create_requested.emit(hit.column, self.grid.instant_at(column, self._body(pos)[1]),
                                       0)

    def contextMenuEvent(self, event) -> None:
        pos = event.pos()
        hit = self.grid.hit(*self._body(pos)) if self.grid and pos.y() > HEADER else None
        if hit is not None and hit.block is not None:
            self.select(hit.block.appt.id)
            self.context_requested.emit(hit.block.appt.id, event.globalPos())
        elif self.selected and event.reason() == event.Reason.Keyboard:
            self.context_requested.emit(self.selected, event.globalPos())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # zoom the time axis
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self._ppm = max(0.8, min(4.0, self._ppm * factor))
            self._relayout()
            self.viewport().update()
            return
        super().wheelEvent(event)

    # -- keyboard ---------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self.plan and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left,
                                 Qt.Key.Key_Right):
            self._step_selection(key)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.edit_requested.emit(self.selected)
            return
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag, self._pressed = None, None
            self.viewport().update()
            return
        super().keyPressEvent(event)

    def _step_selection(self, key) -> None:
        """Arrow keys walk the appointments: up/down in time, left/right across columns."""
        found = self.plan.find(self.selected) if self.selected else None
        columns = self.plan.columns
        if not any(c.blocks for c in columns):
            return
        if found is None:
            first = next(c for c in columns if c.blocks)
            self.select(first.blocks[0].appt.id)
            return
        ci, block = found
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            blocks = columns[ci].blocks
            i = next(n for n, b in enumerate(blocks) if b.appt.id == block.appt.id)
            i = max(0, min(len(blocks) - 1, i + (1 if key == Qt.Key.Key_Down else -1)))
            self.select(blocks[i].appt.id)
            return
        step = 1 if key == Qt.Key.Key_Right else -1
        j = ci + step
        while 0 <= j < len(columns) and not columns[j].blocks:
            j += step
        if 0 <= j < len(columns):
            nearest = min(columns[j].blocks,
                          key=lambda b: abs((b.appt.start - block.appt.start).total_seconds()))
            self.select(nearest.appt.id)
