"""The month navigator: a calendar that marks the days with appointments."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtGui import QBrush, QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget

from frontdesk.ui.widgets import theme


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class MonthNavigator(QCalendarWidget):
    day_chosen = Signal(object)            # date
    month_shown = Signal(object, object)   # first and last date on the page

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Month navigator")
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.marks: dict[date, int] = {}
        self._asked = False
        self.clicked.connect(lambda q: self.day_chosen.emit(from_qdate(q)))
        self.activated.connect(lambda q: self.day_chosen.emit(from_qdate(q)))
        self.currentPageChanged.connect(lambda *_: self.month_shown.emit(*self.page_range()))

    def page_range(self) -> tuple[date, date]:
        """The dates a page shows: from the week of the 1st to six weeks later."""
        first = date(self.yearShown(), self.monthShown(), 1)
        q = to_qdate(first)
        start = q.addDays(-((q.dayOfWeek() - int(self.firstDayOfWeek().value)) % 7))
        return from_qdate(start), from_qdate(start.addDays(41))

    def show_day(self, day: date) -> None:
        """Select ``day``; the marks are asked for again only when the page changes."""
        page = self.page_range()
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
