"""Moving one visit of a standing appointment that is in the way, before the series is
booked: a date and a time, the rest of the series unchanged."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.ui.widgets.date_formats import DATE_TIME
from frontdesk.ui.widgets.forms import FieldErrors


def when_text(instant: datetime, tz) -> str:
    """"Tue 3 Nov 2026 10:00" in the clinic's zone."""
    t = clock.to_local(instant, tz)
    return f"{t:%a} {t.day} {t:%b %Y %H:%M}"


class MoveVisitDialog(QDialog):
    """Another date and time for one visit, read as the clinic's wall-clock time. The edit
    box holds plain wall time (no zone of this computer's), so only the engine's rule for
    DST-skipped times applies, shown at the field."""

    def __init__(self, start: datetime, tz, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz, self.start = tz, start
        self.setWindowTitle("Move this visit")
        t = clock.to_local(start, tz)
        utc = QTimeZone.utc()
        self.edit = QDateTimeEdit()
        self.edit.setTimeZone(utc)
        self.edit.setDateTime(QDateTime(QDate(t.year, t.month, t.day),
                                        QTime(t.hour, t.minute), utc))
        self.edit.setDisplayFormat(DATE_TIME)
        self.edit.setCalendarPopup(True)
        self.edit.setAccessibleName("New date and time")
        self.errors = FieldErrors()
        form = QFormLayout(self)
        form.addRow(QLabel(f"Now: {when_text(start, tz)} (clinic time, {tz.key})"))
        self.errors.add_row(form, "start", "&When:", self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)
        self.edit.setFocus()

    def naive(self) -> datetime:
        q = self.edit.dateTime()
        d, t = q.date(), q.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def accept(self) -> None:
        try:
            self.start = clock.to_instant(self.naive(), self.tz)
        except BadInput as error:
            self.errors.show_error(error)
            return
        super().accept()
