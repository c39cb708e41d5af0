"""The "Find a time" dialog (F2): the next free times for a service, booked in a keystroke.

A caller asks "when can I come?", or someone walks in and asks "can I have a massage now?".
The receptionist types a few letters of the service and reads the earliest free times off a
list that follows every keystroke and every filter (therapist, room, day, part of the day).
Enter books the highlighted time for the client given, or opens the appointment editor to
choose the client; a walk-in is booked on the spot with Alt+W (or Ctrl+Enter), so "swe",
Enter, Alt+W books the next Swedish massage. A walk-in's name and phone may be typed in the
dialog first: the card is found or made with the booking (an existing card like it is
offered, "Use Jana Novak #302" or "Add anyway"); without a name the visit is booked with
no client, to be named later. The times come from
:func:`frontdesk.services.availability.find` and every booking goes through ``book`` (the
booking engine): the dialog decides no rule, it shows the engine's answers and refusals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError, Refused
from frontdesk.domain.status import Source
from frontdesk.services import availability
from frontdesk.services.booking import BookingRequest, NewClient, Partner
from frontdesk.services.client_cards import Duplicate, DuplicateClient
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.clients.duplicate_offer import DuplicateOffer
from frontdesk.ui.core.door import Door
from frontdesk.ui.desk.phrasing import from_now, matching, walk_in_text
from frontdesk.ui.editing.prefill import EditorPrefill
from frontdesk.ui.widgets.date_formats import DATE_TIME
from frontdesk.ui.widgets.forms import FieldErrors

COUNT, DAYS = 10, 14
DATA = Qt.ItemDataRole.UserRole
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CHOOSE = "Type a few letters of the service (deep, swe, hot…) and press Enter."
NOTHING_FREE = "Nothing free — try another therapist, part of day or day"
KEYS = "Enter: book · Alt+W or Ctrl+Enter: book it at once for the walk-in"
ASK = "Book anyway and record that the warning was read?"
UTC = QTimeZone(QTimeZone.Initialization.UTC)  # the edit holds clinic wall time, zone-free


class FindTimeDialog(QDialog):
    """The next free times for a service. ``result`` is the appointment the dialog booked
    itself (None when it booked nothing or handed the time to ``open_editor``)."""

    def __init__(self, door: Door, *, book: Callable[[BookingRequest], AppointmentView],
                 open_editor: Callable[[EditorPrefill], object], client_id: int | None = None,
                 client_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.catalog, self.book, self.open_editor = (door, door.catalog, book,
                                                                open_editor)
        self.now, self.tz = door.now, door.tz
        #: A search is running off the GUI thread; its answer replaces the list.
        self.searching = False
        #: The service was chosen before its times came: they take the keys when they do.
        self._focus_times = False
        self.client_id, self.client_name = client_id, client_name
        self.result: AppointmentView | None = None
        self.setWindowTitle("Find a time")
        self._build()
        self._typed("")
        self.service.setFocus()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.service = self._named(QLineEdit(), "service")
        self.service.setPlaceholderText("deep, swe, hot…")
        self.service.setClearButtonEnabled(True)
        self.matches = self._named(QListWidget(), "matches", "Matching services")
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down in the field move it
        self.matches.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        self.therapist = self._combo("therapist", {None: "Any therapist"} | {
            t.id: t.name for t in self.catalog.therapists.values() if t.active})
        self.room = self._combo("room", {None: "Any room"} | {
            r.id: r.name for r in self.catalog.rooms.values() if r.active})
        self.part_of_day = self._combo("part_of_day", {None: "Any time"} | {
            key: key.capitalize() for key in availability.PARTS_OF_DAY})
        self.earliest = self._named(QDateTimeEdit(), "earliest")
        self.earliest.setTimeZone(UTC)
        self.earliest.setDisplayFormat(DATE_TIME)
        self.earliest.setCalendarPopup(True)
        here = clock.to_local(self.now(), self.tz)
        self.earliest.setDateTime(QDateTime(QDate(here.year, here.month, here.day),
                                            QTime(here.hour, here.minute), UTC))
        self.today_only = self._named(QCheckBox("T&oday only"), "today_only")
        when = QHBoxLayout()
        when.addWidget(self.earliest, 1)
        when.addWidget(self.today_only)
        earliest = QLabel("&Earliest:")
        earliest.setBuddy(self.earliest)  # a row of two: Alt+E goes to the time

        form = QFormLayout()
        if self.client_id is not None:
            who = self._named(QLabel(self.client_name), "client", "For")
            who.setTextFormat(Qt.TextFormat.PlainText)
            who.setStyleSheet("font-weight: bold")
            form.addRow("For:", who)
        for label, field in (("&Service:", self.service), ("", self.matches),
                             ("&Therapist:", self.therapist), ("&Room:", self.room),
                             (earliest, when), ("&Part of day:", self.part_of_day)):
            form.addRow(label, field)
        self.walk_in_name = self._named(QLineEdit(), "walk_in_name", "Walk-in name")
        self.walk_in_phone = self._named(QLineEdit(), "walk_in_phone", "Walk-in phone")
        self.offer = DuplicateOffer()
        if self.client_id is None:
            self.walk_in_name.setPlaceholderText("name (or later)")
            self.walk_in_phone.setPlaceholderText("phone")
            who = QHBoxLayout()
            who.addWidget(self.walk_in_name, 3)
            who.addWidget(self.walk_in_phone, 2)
            label = QLabel("Walk-in na&me:")
            label.setBuddy(self.walk_in_name)
            form.addRow(label, who)
            for edit in (self.walk_in_name, self.walk_in_phone):
                edit.textEdited.connect(lambda _: self._withdraw_offer())
            self.offer.use.connect(self._use_card)
            self.offer.add_anyway.connect(lambda: self.book_selected(walk_in=True,
                                                                     allow_duplicate=True))

        self.results = self._named(QTreeWidget(), "results", "Free times")
        self.results.setHeaderLabels(["Start", "In", "Therapist", "Room"])
        self.results.setRootIsDecorated(False)
        self.results.setAllColumnsShowFocus(True)
        longest = max((t.name for t in self.catalog.therapists.values() if t.active),
                      key=self.fontMetrics().horizontalAdvance, default="Therapist")
        for column, sample in enumerate(("Wed 30 Sep 00:00", "in 23 h 59 min", longest)):
            self.results.setColumnWidth(column, self.fontMetrics().horizontalAdvance(sample) + 40)
        self.hint = self._named(QLabel(), "hint")
        self.errors = FieldErrors()  # the engine's refusals, in red under the times
        self.error = self._named(self.errors.general, "error", "Problem")

        self.walk_in = self._named(QPushButton("&Walk-in: book now"), "walk_in", "Walk-in")
        self.booking = self._named(QPushButton(
            f"&Book for {self.client_name}" if self.client_id is not None else "&Book…"),
            "book")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        for button in (self.walk_in, self.booking):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.booking.setDefault(True)  # Enter in a filter books the highlighted time too
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        for widget in (self.hint, self.offer, self.error, buttons):
            layout.addWidget(widget)
        self.resize(600, 620)

        buttons.rejected.connect(self.reject)
        self.walk_in.clicked.connect(lambda: self.book_selected(walk_in=True))
        self.results.currentItemChanged.connect(self._say_when)
        self.booking.clicked.connect(lambda: self.book_selected())
        self.results.itemDoubleClicked.connect(lambda *_: self.book_selected())
        self.service.textEdited.connect(self._typed)
        self.matches.currentRowChanged.connect(self.refresh)
        self.matches.itemClicked.connect(lambda _item: self.choose_service())
        for box in (self.therapist, self.room, self.part_of_day):
            box.currentIndexChanged.connect(self.refresh)
        self.earliest.dateTimeChanged.connect(self.refresh)
        self.today_only.toggled.connect(self.refresh)
        self.service.installEventFilter(self)
        self.results.installEventFilter(self)

    @staticmethod
    def _named(widget, name: str, accessible: str = ""):
        widget.setObjectName(name)
        widget.setAccessibleName(accessible or name.replace("_", " ").capitalize())
        return widget

    def _combo(self, name: str, choices: dict) -> QComboBox:
        box = self._named(QComboBox(), name)
        for value, text in choices.items():
            box.addItem(text, value)
        return box

    # -- the service ------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        """Offer the services matching ``text``, the best one highlighted (none for none)."""
        self.matches.blockSignals(True)
        self.matches.clear()
        for row, s in enumerate(matching(self.catalog.services.values(), text)):
            self.matches.addItem(f"{s.name}  ({s.minutes} min)")
            self.matches.item(row).setData(DATA, s.id)
        self.matches.setCurrentRow(0 if text.strip() and self.matches.count() else -1)
        self.matches.blockSignals(False)
        self.refresh()

    def service_id(self) -> int | None:
        item = self.matches.currentItem()
        return item.data(DATA) if item is not None else None

    def choose_service(self) -> None:
        """Take the highlighted service: its full name in the field, focus on the first time."""
        service = self.catalog.services.get(self.service_id() or -1)
        if service is None:
            return
        self.service.setText(service.name)
        self._typed(service.name)
        if self.results.topLevelItemCount():
            self.results.setFocus()
        else:  # the times are still being looked for: the keys go to them when they come
            self._focus_times = True

    # -- the times --------------------------------------------------------------------

    def query(self) -> availability.Query | None:
        """The search the fields describe (None without a service); BadInput for an
        earliest time the clocks skip."""
        service_id = self.service_id()
        if service_id is None:
            return None
        d, t = self.earliest.date(), self.earliest.time()
        earliest = clock.to_instant(datetime(d.year(), d.month(), d.day(), t.hour(),
                                             t.minute()), self.tz)
        day = clock.to_local(max(earliest, self.now()), self.tz).date()
        today = self.today_only.isChecked()
        part = self.part_of_day.currentData()
        return availability.Query(
            service_id=service_id, earliest=earliest, therapist_id=self.therapist.currentData(),
            room_id=self.room.currentData(), client_id=self.client_id,
            client_name=self.client_name, days=1 if today else DAYS, count=COUNT,
            latest=clock.day_bounds(day, self.tz)[1] if today else None,
            window=availability.PARTS_OF_DAY[part] if part else None)

    def refresh(self, *_args) -> None:
        """Search again, off the GUI thread (a sparse service may need weeks of days read);
        the answer to the latest search replaces the list."""
        self.errors.clear()
        try:
            query = self.query()
        except FrontdeskError as error:
            self.errors.show_error(error)
            query = None
        if query is None:
            self.searching = False
            self._show(None, [])
            return
        self.searching = True
        self.door.call(availability.find, query, self.now, key=f"find-time-{id(self)}",
                       done=lambda options: self._show(query, options),
                       failed=self._failed)

    def _failed(self, error: Exception) -> None:
        self.searching = False
        self._show(None, [])
        self.errors.show_error(error)

    def _show(self, query: availability.Query | None, options: list) -> None:
        """The times found, the first one highlighted."""
        self.searching = False
        self.results.clear()
        now = self.now()
        for o in options:
            start = clock.to_local(o.start, self.tz)
            item = QTreeWidgetItem([f"{start:%a} {start.day} {start:%b %H:%M}",
                                    from_now(o.start, now, self.tz), o.therapists, o.room])
            item.setData(0, DATA, o)
            self.results.addTopLevelItem(item)
        if options:
            self.results.setCurrentItem(self.results.topLevelItem(0))
            if self._focus_times and self.service.hasFocus():
                self.results.setFocus()
        self._focus_times = False
        self.hint.setText(KEYS if options else NOTHING_FREE if query else CHOOSE)
        for button in (self.walk_in, self.booking):
            button.setEnabled(bool(options))

    def _say_when(self, *_args) -> None:
        """The walk-in button says when the highlighted time is (see walk_in_text)."""
        option = self.selected()
        self.walk_in.setText(walk_in_text(option.start if option else None, self.now(),
                                          self.tz))

    def selected(self) -> availability.Option | None:
        item = self.results.currentItem()
        return item.data(0, DATA) if item is not None else None

    # -- booking ----------------------------------------------------------------------

    def book_selected(self, walk_in: bool = False, *, allow_duplicate: bool = False,
                      card: Duplicate | None = None) -> None:
        """Book the highlighted time (a walk-in: at once, for the client given, the walk-in
        named in the dialog — ``card`` when the desk took an existing one — or nobody);
        without a client, a booking opens the editor on that time to choose one."""
        option, service_id = self.selected(), self.service_id()
        if option is None or service_id is None:
            return
        self._withdraw_offer()
        if not walk_in and self.client_id is None:
            self.accept()  # out of the way first: the editor takes it from here
            self.open_editor(EditorPrefill(
                start=option.start, therapist_id=option.therapist_id, room_id=option.room_id,
                minutes=None, service_id=service_id, client_id=None,
                partner_therapist_id=option.partners[0][0] if option.partners else None))
            return
        client_id, name = self.client_id, " ".join(self.walk_in_name.text().split())
        new_client = None
        if walk_in and client_id is None and card is not None:
            client_id = card.id
        elif walk_in and client_id is None and name:
            new_client = NewClient(name, self.walk_in_phone.text(),
                                   allow_duplicate=allow_duplicate)
        request = BookingRequest(service_id, option.start, client_id, option.therapist_id,
                                 option.room_id, source=Source.WALK_IN if walk_in
                                 else Source.PHONE, new_client=new_client,
                                 partners=tuple(Partner(therapist_id=t)  # a guest each
                                                for t, _name in option.partners))
        try:
            try:
                self.result = self.book(request)
            except Refused as refused:
                warning = next((v.detail for v in refused.violations
                                if v.code == "contraindicated"), None)
                if warning is None or not self._acknowledged(warning):
                    raise
                self.result = self.book(replace(request, acknowledge=True))
        except DuplicateClient as duplicate:
            self.offer.offer(duplicate.matches)  # nothing booked: use that card, or add
            return
        except FrontdeskError as error:
            self.refresh()  # the time may have gone meanwhile
            self.errors.show_error(error)
            return
        self.accept()

    def _withdraw_offer(self) -> None:
        if self.offer.isVisible():
            self.offer.withdraw()
            self.booking.setDefault(True)

    def _use_card(self, card: Duplicate) -> None:
        self.book_selected(walk_in=True, card=card)

    def _acknowledged(self, warning: str) -> bool:
        """Whether the desk books over the client's contraindication warning (default: no)."""
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        return QMessageBox.warning(self, "Contraindication",
                                   f"{warning}.\n\n{ASK}", yes | no,
                                   no) == yes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the service takes the best match; in the times it books (Ctrl: walk-in);
        Up/Down in the service move through the matching services."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if watched is self.service and key in ENTER:
            self.choose_service()
            return True
        if watched is self.service and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.matches.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            self.matches.setCurrentRow(max(0, min(row, self.matches.count() - 1)))
            return True
        if watched is self.results and key in ENTER:
            self.book_selected(walk_in=bool(ctrl))
            return True
        return False
