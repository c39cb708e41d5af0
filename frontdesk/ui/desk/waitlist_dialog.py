"""The waitlist at the desk: who is waiting for what, adding a wish, and filling a freed slot.

A client who wants a time nothing was free for goes on the list with what they would accept;
the engine (:mod:`frontdesk.services.waitlist`) checks the wish, finds openings for it and,
when a slot frees up, the entries that could take it. These dialogs only gather and show:
booking is asked for with an :class:`EditorPrefill` carrying ``waitlist_id``, so the normal
appointment editor books it and the engine removes the entry in the same transaction.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.services import availability, clients, waitlist
from frontdesk.services.client_record import short_time
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk.caller_dialog import ALERT_COLOUR
from frontdesk.ui.desk.waitlist_rows import (
    add_row,
    form_strip,
    prefill,
    span_text,
    two_line_tree,
    wish_text,
)
from frontdesk.ui.widgets.date_formats import DATE
from frontdesk.ui.widgets.forms import FieldErrors
from frontdesk.ui.widgets.pickers import ClientTypeAhead, SlotTimeEdit

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)














class WaitlistDialog(QDialog):
    """The waiting clients, a form to add one, and the openings that suit an entry.

    ``book_requested(EditorPrefill)`` when an opening is chosen (Enter or double-click); the
    dialog then accepts. With ``client_id`` the form adds that client only.
    """

    book_requested = Signal(object)

    def __init__(self, door: Door, *, client_id: int | None = None, client_name: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.catalog, self.now = door, door.catalog, door.now
        self.tz = self.catalog.clinic.tz
        self.fixed_client, self.client_id = client_id, client_id
        self.entries: list[waitlist.Entry] = []
        self.options: list[availability.Option] = []
        self.options_for: waitlist.Entry | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("Waitlist")
        right = QVBoxLayout()
        right.addWidget(self._form(client_name))
        right.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        right.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addLayout(self._list_side(), 3)
        layout.addLayout(right, 2)
        self.resize(1280, 640)
        self._show_options(None, [])
        self.reload()
        # An undo or redo (or a booking for a waiting client) changes the list too.
        door.ops.changed.connect(self._book_changed)
        self.finished.connect(lambda _r: door.ops.changed.disconnect(self._book_changed))
        (self.service if client_id is not None else self.client).setFocus()

    def _book_changed(self, changed) -> None:
        if changed.waitlist:
            self.reload()

    # -- building -------------------------------------------------------------------------

    def _list_side(self) -> QVBoxLayout:
        self.heading = QLabel()
        self.table = two_line_tree("Waiting clients", ("Client", "Wants", "Note", "Waiting since"),
                           (170, 250, 130, 110), stretch=1)
        self.table.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.table.itemDoubleClicked.connect(lambda *_: self.find_openings())
        self.find_button = self._button("Find &openings", self.find_openings)
        self.remove_button = self._button("&Remove…", self.remove)
        self.openings_heading = QLabel()
        self.openings = two_line_tree("Openings", ("When", "Therapist", "Room"), (200, 140, 100),
                              stretch=2)
        self.openings.itemDoubleClicked.connect(lambda *_: self.book())
        self.book_button = self._button("&Book this time", self.book)
        side = QVBoxLayout()
        side.addWidget(self.heading)
        side.addWidget(self.table, 3)
        side.addWidget(form_strip(self.find_button, self.remove_button))
        side.addSpacing(8)
        side.addWidget(self.openings_heading)
        side.addWidget(self.openings, 2)
        side.addWidget(form_strip(self.book_button))
        return side

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)  # Enter goes where the focus is (see keyPressEvent)
        button.clicked.connect(lambda: slot())
        return button

    def _form(self, client_name: str) -> QGroupBox:
        self.form_box = box = QGroupBox("Add to the waitlist")
        box.setAccessibleName("Add to the waitlist")
        form = QFormLayout(box)
        self.client = QLineEdit(client_name, accessibleName="Client")
        if self.fixed_client is not None:
            self.client.setReadOnly(True)  # shown as text: the caller is already known
            self.client.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.client.setFrame(False)
            self.client.setStyleSheet("background: transparent; font-weight: 600;")
        else:
            self.client.setPlaceholderText("Name or phone digits")
            self.type_ahead = ClientTypeAhead(self.client, self._search)
            self.type_ahead.picked.connect(self._picked)
            self.type_ahead.new_requested.connect(self._unknown_client)
            self.client.textEdited.connect(lambda _: setattr(self, "client_id", None))
        self._field(form, "client", "&Client:", self.client)
        self.service = self._combo("Service", "Choose a service…", self.catalog.services)
        self._field(form, "service", "&Service:", self.service)
        self.therapist = self._combo("Therapist", "Any therapist", self.catalog.therapists)
        self._field(form, "therapist", "&Therapist:", self.therapist)
        self.days = [QCheckBox(d[:3], accessibleName=d) for d in DAYS]
        self._field(form, "weekdays", "&Days:", form_strip(*self.days, hint="none: any day"),
                    self.days[0])

        slot = self.catalog.clinic.slot_minutes
        self.earliest, self.latest = SlotTimeEdit(slot), SlotTimeEdit(slot)
        for edit, name, hour in ((self.earliest, "Earliest start", 9),
                                 (self.latest, "Latest start", 17)):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(name)
            edit.setTime(QTime(hour, 0))
        self.any_time = QCheckBox("An&y time", accessibleName="Any time")
        self.any_time.toggled.connect(lambda on: [e.setEnabled(not on) for e in
                                                  (self.earliest, self.latest)])
        self.any_time.setChecked(True)
        error = self._field(form, "latest", "Start &between:", form_strip(
            self.earliest, QLabel("and"), self.latest, self.any_time), self.earliest)
        self.errors.register("earliest", self.earliest, error)
        self.errors.register("latest", self.latest, error)

        self.until_on = QCheckBox("&Until", accessibleName="Only until a date")
        self.until = QDateEdit(calendarPopup=True, accessibleName="Until", enabled=False)
        self.until.setDisplayFormat(DATE)
        today = clock.to_local(self.now(), self.tz).date()
        self.until.setDate(QDate(today.year, today.month, today.day).addDays(28))
        self.until_on.toggled.connect(self.until.setEnabled)
        self._field(form, "until", "Last &day:", form_strip(self.until_on, self.until,
                                                          hint="else: until booked"),
                    self.until_on)
        self.note = QLineEdit(accessibleName="Note", placeholderText="e.g. short notice is fine")
        self._field(form, "note", "&Note:", self.note)
        self.add_button = self._button("&Add to waitlist", self.add)
        form.addRow(self.errors.general)
        form.addRow("", form_strip(self.add_button))
        return box

    def _field(self, form: QFormLayout, field: str, label: str, widget: QWidget,
               focus: QWidget | None = None) -> QLabel:
        error = self.errors.add_row(form, field, label, widget)
        if focus is not None:
            form.labelForField(widget).setBuddy(focus)
            self.errors.register(field, focus, error)
        return error

    @staticmethod
    def _combo(name: str, first: str, items: dict) -> QComboBox:
        box = QComboBox(accessibleName=name)
        box.addItem(first, None)
        for item in items.values():
            if item.active:
                box.addItem(item.name, item.id)
        return box

    # -- the client -----------------------------------------------------------------------

    def _search(self, text: str) -> list[clients.ClientView]:
        return self.door.read(clients.search, text, limit=8)

    def _picked(self, view: clients.ClientView) -> None:
        self.client_id = view.id
        self.errors.clear()
        self.service.setFocus()

    def _unknown_client(self, text: str) -> None:
        self.client_id = None
        self.errors.show("client", f"“{text}” is not a client yet: a new client is added "
                         "by booking them once")

    # -- the list -------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the entries still wanted; keep (or move to ``select``) the selection."""
        current = self.current()
        today = clock.to_local(self.now(), self.tz).date()
        self.entries = self.door.read(waitlist.entries, today)
        if select is None:  # the one shown before, else the fixed client's first
            select = current.id if current else next(
                (e.id for e in self.entries if e.client_id == self.fixed_client), None)
        now = self.now()
        bold = QFont(self.table.font())
        bold.setBold(True)
        self.table.clear()
        for e in self.entries:
            item = add_row(self.table, (f"{e.client}\n{', '.join(e.phones) or 'no phone'}",
                                     wish_text(e), e.note, short_time(e.created_at, self.tz, now)),
                        e.id)
            item.setFont(0, bold)
            item.setToolTip(1, e.wants())
            item.setToolTip(2, e.note)
            if e.alert:
                item.setText(0, f"⚠ {item.text(0)}")
                item.setForeground(0, ALERT_COLOUR)
                item.setToolTip(0, e.alert)
        keys = [e.id for e in self.entries]
        if keys:
            row = keys.index(select) if select in keys else 0
            self.table.setCurrentItem(self.table.topLevelItem(row))
        n = len(keys)
        self.heading.setText(f"<b>{n} waiting</b>" if n else "<b>Nobody is waiting.</b>")
        self._selection_changed()

    def current(self) -> waitlist.Entry | None:
        item = self.table.currentItem()
        key = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return next((e for e in self.entries if e.id == key), None)

    def _selection_changed(self) -> None:
        entry = self.current()
        self.find_button.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)
        if self.options_for is not None and (entry is None or entry.id != self.options_for.id):
            self._show_options(None, [])

    # -- acting ---------------------------------------------------------------------------

    def wish(self) -> waitlist.Wish:
        """What the form says; BadInput for a missing client or service."""
        client_id = self.client_id
        if client_id is None:
            text = self.client.text().strip()
            if not text:
                raise BadInput("choose the waiting client", "client")
            # typed in full without picking a suggestion
            client_id = self.door.read(clients.resolve_id, text)
        service_id = self.service.currentData()
        if service_id is None:
            raise BadInput("choose a service", "service")
        any_time = self.any_time.isChecked()
        d = self.until.date()
        return waitlist.Wish(
            client_id=client_id, service_id=service_id,
            therapist_id=self.therapist.currentData(),
            weekdays=frozenset(i for i, box in enumerate(self.days) if box.isChecked()),
            earliest=None if any_time else self.earliest.time().toPython(),
            latest=None if any_time else self.latest.time().toPython(),
            until=d.toPython() if self.until_on.isChecked() else None,
            note=self.note.text())

    def add(self) -> None:
        """Save the form's wish through the engine; its objection is shown at the field."""
        self.errors.clear()
        try:
            entry_id = self.door.ops.add_to_waitlist(self.wish())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.note.clear()
        self.reload(select=entry_id)
        self.table.setFocus()

    def remove(self) -> None:
        entry = self.current()
        if entry is None:
            return
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question, "Remove from the waitlist",
            f"Take {entry.client} off the waitlist?\n\n{entry.wants()}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        self.confirm.setDefaultButton(QMessageBox.StandardButton.No)
        if self.confirm.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self.door.ops.remove_from_waitlist(entry)
        except FrontdeskError as error:  # removed at another desk meanwhile
            self.errors.show_error(error)
        self.reload()

    def find_openings(self) -> None:
        """The next times that suit the selected entry, as the availability search says."""
        entry = self.current()
        if entry is not None:
            self.door.call(waitlist.openings, entry, now=self.now, key=f"openings-{id(self)}",
                           done=lambda found: self._openings_found(entry, found),
                           failed=self.errors.show_error)

    def _openings_found(self, entry: waitlist.Entry, options) -> None:
        self._show_options(entry, options)
        if self.options:
            self.openings.setFocus()

    def _show_options(self, entry: waitlist.Entry | None, options) -> None:
        self.options_for, self.options = entry, list(options)
        self.openings.clear()
        now = self.now()
        for i, o in enumerate(self.options):
            add_row(self.openings, (span_text(o.start, o.end, self.tz, now), o.therapist,
                                    o.room), i)
        if self.options:
            self.openings.setCurrentItem(self.openings.topLevelItem(0))
            self.openings_heading.setText(f"<b>Openings for {entry.client}</b> — "
                                          "Enter books the highlighted one")
        elif entry is not None:
            self.openings_heading.setText(f"No opening for {entry.client} in the next four "
                                          "weeks.")
        else:
            self.openings_heading.setText("Choose an entry, then Find openings.")
        self.book_button.setEnabled(bool(self.options))

    def book(self) -> None:
        item, entry = self.openings.currentItem(), self.options_for
        if item is None or entry is None:
            return
        o = self.options[item.data(0, Qt.ItemDataRole.UserRole)]
        self.book_requested.emit(prefill(entry, o.start, o.therapist_id, o.room_id))
        self.accept()

    def keyPressEvent(self, event) -> None:
        """Enter acts where the focus is: books an opening, finds openings for an entry,
        adds from the form; Delete removes the selected entry."""
        focus = self.focusWidget()
        if event.key() in ENTER:
            if focus is self.openings:
                return self.book()
            if focus is self.table:
                return self.find_openings()
            if focus is not None and self.form_box.isAncestorOf(focus):
                return self.add()
        if event.key() == Qt.Key.Key_Delete and focus is self.table:
            return self.remove()
        super().keyPressEvent(event)


