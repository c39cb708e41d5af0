"""The month navigator: a calendar that marks the days with appointments."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QPainter, QPalette, QPen, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QTableView

from frontdesk.ui.widgets import theme


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


#: The width of the ring around the calendar while it has the keys (Ctrl+M), so one sees
#: where the arrow keys go; the same width of nothing otherwise, so nothing shifts.
RING = 2


class MonthNavigator(QCalendarWidget):
    """The book follows the chosen day: a click, or the arrow and page keys (each day walked
    to is shown). Enter or Esc hands the keys back to the book (``leave``)."""

    day_chosen = Signal(object)            # date
    month_shown = Signal(object, object)   # first and last date on the page
    leave = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Month navigator")
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.marks: dict[date, int] = {}
        self._asked = False
        self._shown: date | None = None
        self.days = self.findChild(QTableView, "qt_calendar_calendarview")
        self.days.installEventFilter(self)
        self.layout().setContentsMargins(RING, RING, RING, RING)
        self.clicked.connect(self._choose)
        self.selectionChanged.connect(lambda: self._choose(self.selectedDate()))
        self.activated.connect(lambda q: (self._choose(q), self.leave.emit()))
        self.currentPageChanged.connect(lambda *_: self.month_shown.emit(*self.page_range()))

    def _choose(self, q: QDate) -> None:
        day = from_qdate(q)
        if day != self._shown:
            self._shown = day
            self.day_chosen.emit(day)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.days:
            kind = event.type()
            if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.leave.emit()
                return True
            if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
                self.update()  # the ring
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        """Qt's hint leaves out the layout's margins, where the ring goes."""
        return super().sizeHint() + QSize(2 * RING, 2 * RING)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() + QSize(2 * RING, 2 * RING)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.days.hasFocus():
            p = QPainter(self)
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), RING))
            p.drawRect(self.rect().adjusted(RING // 2, RING // 2, -RING // 2, -RING // 2))
            p.end()

    def page_range(self) -> tuple[date, date]:
        """The dates a page shows: from the week of the 1st to six weeks later."""
        first = date(self.yearShown(), self.monthShown(), 1)
        q = to_qdate(first)
        start = q.addDays(-((q.dayOfWeek() - int(self.firstDayOfWeek().value)) % 7))
        return from_qdate(start), from_qdate(start.addDays(41))

    def show_day(self, day: date) -> None:
        """Select ``day``; the marks are asked for again only when the page changes."""
        page = self.page_range()
        self._shown = day
        self.blockSignals(True)
        self.setSelectedDate(to_qdate(day))
        self.blockSignals(False)
        if self.page_range() != page or not self._asked:
            self._asked = True
            self.month_shown.emit(*self.page_range())

    def changeEvent(self, event) -> None:
        """A switch between light and dark theme re-tints the marked days."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.marks:
            self.set_marks(self.marks)

    def set_marks(self, counts: dict[date, int]) -> None:
        """Bold, tinted days with appointments; the tooltip says how many."""
        for day in self.marks:
            self.setDateTextFormat(to_qdate(day), QTextCharFormat())
        pal = self.palette()
        tint = theme.mix(pal.color(QPalette.ColorRole.Base),
                         pal.color(QPalette.ColorRole.Highlight), 0.25)
        for day, n in counts.items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(QBrush(tint))
            fmt.setToolTip(f"{n} appointment{'s' if n != 1 else ''}")
            self.setDateTextFormat(to_qdate(day), fmt)
        self.marks = dict(counts)
