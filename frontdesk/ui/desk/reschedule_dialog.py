"""Move a visit to another free time: "Find a time" aimed at one booked visit.

A caller who cannot come asks "what else do you have?". The caller lookup (F3) shows their
next visit; this dialog opens on it with its service, its length and its therapist already
chosen, lists the free times as the engine finds them (the visit's own time counts as free
for it), and Enter moves the visit there, with the free room the search found. The move goes
through ``door.ops`` like a drag on the grid: checked, versioned, audited and undoable.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import availability
from frontdesk.services.booking import Change
from frontdesk.services.client_record import short_time
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk.find_time_dialog import FindTimeDialog

KEYS = "Enter: move the visit to the highlighted time"


class RescheduleDialog(FindTimeDialog):
    """The free times for ``visit`` (its service and length; its therapist to begin with, any
    other filter may be changed). ``result`` is the visit as moved, None when it was not."""

    def __init__(self, door: Door, visit: AppointmentView, *, parent: QWidget | None = None):
        self.visit = visit
        super().__init__(door, book=lambda _request: visit, open_editor=lambda _p: None,
                         client_id=visit.client_id, client_name=visit.client,
                         parent=parent)
        self.setWindowTitle(f"Move {visit.client or 'the visit'}'s visit")
        self.setAccessibleName("Move a visit")
        self.walk_in.hide()
        self.booking.setText("&Move here")
        self.booking.setAccessibleName("Move here")
        now_at = (f"Now: {short_time(visit.start, self.tz, self.now())} · {visit.service} with "
                  f"{visit.therapist} in {visit.room}")
        self.current = QLabel(now_at, objectName="current", accessibleName="Booked now",
                              textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.layout().insertWidget(0, self.current)
        self.therapist.setCurrentIndex(max(0, self.therapist.findData(visit.therapist_id)))
        service = self.catalog.services.get(visit.service_id)
        if service is not None:
            self.service.setText(service.name)
            self._typed(service.name)
        # A move keeps the service: another treatment is a change made in the editor.
        self.service.setReadOnly(True)
        self.service.setClearButtonEnabled(False)
        self.service.setToolTip("A move keeps the service; change it in the appointment editor")
        self.results.setFocus()

    def query(self) -> availability.Query | None:
        """The search the fields describe, for this visit's length, its own time free (and
        a couples visit's partners', who move with it)."""
        query = super().query()
        if query is None:
            return None
        minutes = int((self.visit.end - self.visit.start).total_seconds() // 60)
        return replace(query, replaces=self.visit.id, minutes=minutes,
                       party_id=self.visit.party_id)

    def _show(self, query, options: list) -> None:
        super()._show(query, options)
        if options:
            self.hint.setText(KEYS)

    def book_selected(self, walk_in: bool = False) -> None:
        """Move the visit to the highlighted time, therapist and room (the engine judges)."""
        option = self.selected()
        if option is None:
            return
        change = Change(start=option.start, minutes=int(
            (option.end - option.start).total_seconds() // 60),
            therapist_id=option.therapist_id, room_id=option.room_id,
            expected_version=self.visit.version)
        try:
            self.result = self.door.ops.change(self.visit, change)
        except FrontdeskError as error:
            self.refresh()  # the time may have gone meanwhile
            self.errors.show_error(error)
            return
        self.accept()
