"""The appointment editor's "When": a date and a start time on the clinic's clock.

The desk reads and types wall-clock times; the engine takes instants. The field turns one
into the other in the clinic's time zone, and keeps the instant it was opened with while
the desk leaves the time alone, because on a fall-back night 01:30 happens twice and only the
instant says which one the visit is at.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QWidget

from frontdesk.domain import clock
from frontdesk.ui.widgets.date_formats import DATE
from frontdesk.ui.widgets.pickers import SlotTimeEdit


class WhenEdit(QWidget):
    """``date`` and ``time`` side by side; :meth:`show_start` fills them, :meth:`start`
    reads them back as an instant."""

    def __init__(self, slot_minutes: int, tz, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz = tz
        self._initial: datetime | None = None
        self.date = QDateEdit()
        self.date.setAccessibleName("Date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE)
        self.time = SlotTimeEdit(slot_minutes)
        self.time.setAccessibleName("Start time")
        self.time.setDisplayFormat("HH:mm")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date, 3)
        row.addWidget(self.time, 2)

    def show_start(self, start: datetime) -> None:
        """Show instant ``start`` on the clinic's clock (kept as given while unchanged)."""
        self._initial = start
        local = clock.to_local(start, self.tz)
        self.date.setDate(QDate(local.year, local.month, local.day))
        self.time.setTime(QTime(local.hour, local.minute))

    def start(self) -> datetime:
        """The start as a UTC instant; BadInput (field "start") when DST skips that time."""
        d, t = self.date.date(), self.time.time()
        naive = datetime.combine(date(d.year(), d.month(), d.day()), time(t.hour(), t.minute()))
        initial = self._initial
        if initial is not None and naive == clock.to_local(initial, self.tz).replace(tzinfo=None):
            return initial  # keeps the second 01:30 of a fall-back night as given
        return clock.to_instant(naive, self.tz)
