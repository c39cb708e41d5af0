"""The appointment editor: book a new appointment or change one, from the keyboard.

The dialog gathers a request and hands it to ``submit`` (the window's way into the booking
engine, which also records undo); it never decides a booking rule. What it shows about rules
comes from the engine: the therapist and room lists are ordered by
:func:`frontdesk.services.suitability.rank` (the rules' own verdict on each), and a refusal is
spread over the fields it names. When every rule broken is a soft one, "book anyway" resubmits
with the reason the receptionist types, which the engine records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import BadInput, FrontdeskError, Refused, StaleEdit, Unreachable
from frontdesk.domain.length import MAX_MINUTES, MIN_SERVICE_MINUTES
from frontdesk.domain.status import MOVABLE, Source
from frontdesk.services import schedule, suitability
from frontdesk.services.booking import BookingRequest, Change
from frontdesk.services.client_cards import DuplicateClient
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.cautions import CautionBox
from frontdesk.ui.editing.client_section import ClientSection
from frontdesk.ui.editing.fixed_parts import fixed_note, show_fixed_parts
from frontdesk.ui.editing.override_box import OverrideBox
from frontdesk.ui.editing.partner_section import PartnerSection
from frontdesk.ui.editing.prefill import EditorPrefill, FollowingChange, Request, opening
from frontdesk.ui.editing.ranked_box import RankedBox
from frontdesk.ui.editing.stale_panel import StalePanel
from frontdesk.ui.editing.when_edit import WhenEdit
from frontdesk.ui.widgets.forms import FieldErrors

SOURCES = (("Phone", Source.PHONE), ("Walk-in", Source.WALK_IN), ("Desk", Source.DESK))


class AppointmentDialog(QDialog):
    """New appointment (``appointment`` None) or a change to ``appointment``.

    ``submit(request)`` gets a :class:`BookingRequest`, or ``(appointment_id, Change)`` in edit
    mode, and returns the stored :class:`AppointmentView` or raises ``Refused``/``BadInput``.
    On success ``result`` holds that view and the dialog is accepted. In edit mode ``prefill``
    may be None; when given, its start (and therapist, room, length when set) are proposed.
    ``reopen_requested(id)``: the desk takes another desk's newer version of the visit.
    """

    reopen_requested = Signal(int)

    def __init__(self, door: Door, *,
                 submit: Callable[[Request], AppointmentView], prefill: EditorPrefill | None,
                 appointment: AppointmentView | None = None, parent: QWidget | None = None,
                 repeat: Callable[[BookingRequest], AppointmentView | None] | None = None):
        super().__init__(parent)
        self.door, self.catalog, self.submit, self.repeat = door, door.catalog, submit, repeat
        self.prefill, self.appointment, self.now = prefill, appointment, door.now
        self.tz = self.catalog.clinic.tz
        self.result: AppointmentView | None = None
        self.errors = FieldErrors()
        self._focus: dict[str, QWidget] = {}
        self.setWindowTitle(f"Appointment #{appointment.id}" if appointment
                            else "New appointment")
        self._build()
        self._load()
        self._connect()
        self.refresh_choices()
        first = (self.time, self.notes) if appointment else (self.client,)
        next((w for w in first if w.isEnabled()), self.buttons).setFocus()

    @property
    def editing(self) -> bool:
        return self.appointment is not None

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        who = self.client_section = ClientSection(self.door, self)
        who.add_rows(form, self._row)
        who.chosen.connect(self._update_caution)
        who.edited.connect(self._inputs_changed)
        who.send_requested.connect(lambda: self.send())
        self.client, self.alert, self.duplicate = who.client, who.alert, who.duplicate
        self.new_box, self.new_name, self.new_phone = who.new_box, who.new_name, who.new_phone

        self.service = self._named(QComboBox(), "Service")
        for s in self.catalog.services.values():
            if s.active or (self.appointment and s.id == self.appointment.service_id):
                self.service.addItem(f"{s.name}  ({s.minutes} min)", s.id)
        if not self.editing:  # no silent default: a wrong service would book the wrong length
            self.service.insertItem(0, "Choose a service…", None)
            self.service.setCurrentIndex(0)
        self._row(form, "service", "&Service:", self.service)
        self.caution = CautionBox()
        form.addRow("", self.caution)
        self._focus["cautions"] = self.caution.check

        slot = self.catalog.clinic.slot_minutes
        self.when = WhenEdit(slot, self.tz)
        self.date, self.time = self.when.date, self.when.time
        self._row(form, "start", "&When:", self.when, focus=self.time)

        self.length = self._named(QSpinBox(), "Length in minutes")
        self.length.setRange(MIN_SERVICE_MINUTES, MAX_MINUTES)
        self.length.setSingleStep(slot)
        self.length.setSuffix(" min")
        error = self._row(form, "end", "&Length:", self.length)
        self.errors.register("minutes", self.length, error)

        appt = self.appointment
        self.therapist = RankedBox(
            "therapist", fixed=(appt.therapist_id, appt.therapist) if appt else None)
        self._row(form, "therapist", "&Therapist:", self.therapist)
        self.room = RankedBox("room", fixed=(appt.room_id, appt.room) if appt else None)
        self._row(form, "room", "&Room:", self.room)
        self.partner = PartnerSection(self.door, self.catalog)  # a couples service's second
        self._row(form, "partner", "W&ith:", self.partner, focus=self.partner.client)
        form.addRow("", self.partner.caution)
        self._form = form
        self._show_partner()

        self.notes = self._named(QPlainTextEdit(), "Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self._row(form, "notes", "&Notes:", self.notes)
        self.source = self._named(QComboBox(), "Source")
        for label, value in SOURCES:
            self.source.addItem(label, value.value)
        self._row(form, "source", "S&ource:", self.source)

        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("Save" if self.editing else "Book",
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        if self.repeat is not None and not self.editing:
            self.repeat_button = self.buttons.addButton(
                "Re&peat…", QDialogButtonBox.ButtonRole.ActionRole)
            self.repeat_button.setToolTip("Book this as a standing appointment")
            self.repeat_button.clicked.connect(self._send_series)
        self.following = QCheckBox("Also change the &following visits of this series")
        self.following.setAccessibleName("Apply to following visits")
        self.following.setVisible(bool(self.editing and self.appointment.series_id
                                       and self.appointment.status in MOVABLE))
        self.buttons.accepted.connect(lambda: self.send())
        self.buttons.rejected.connect(self.reject)
        self.errors.general.setAccessibleName("Problem")

        layout = QVBoxLayout(self)
        self.fixed_note = fixed_note()
        layout.addWidget(self.fixed_note)
        layout.addLayout(form)
        layout.addWidget(self.following)
        self.override_box = OverrideBox(self.errors, editing=self.editing)
        self.override_box.send_requested.connect(self.send)
        self.reason, self.anyway = self.override_box.reason, self.override_box.anyway
        self._focus["override"] = self.reason
        layout.addWidget(self.override_box)
        self.stale = StalePanel()  # another desk saved first: theirs beside mine
        self.stale.keep_mine.connect(self._keep_mine)
        self.stale.take_theirs.connect(lambda: self.reopen_requested.emit(self.appointment.id))
        layout.addWidget(self.stale)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=lambda: self.send())
        self.setMinimumWidth(640)

    def _row(self, form: QFormLayout, field: str, label: str, widget: QWidget,
             focus: QWidget | None = None) -> QLabel:
        error = self.errors.add_row(form, field, label, widget)
        error.setAccessibleName(f"{label.replace('&', '').rstrip(':')} problem")
        self._focus[field] = focus or widget
        if focus is not None:
            self.errors.register(field, focus, error)
            buddy = form.labelForField(widget)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(focus)
        return error

    @staticmethod
    def _named(widget, name: str):
        widget.setAccessibleName(name)
        return widget

    # -- filling ----------------------------------------------------------------------

    def _load(self) -> None:
        if self.appointment is not None:
            self._show_booked(self.appointment)
        opened = opening(self.prefill, self.appointment, self.catalog)
        if self.client.isEnabled():
            self.type_ahead = self.client_section.attach_type_ahead()
        self.when.show_start(opened.start)
        self._select(self.service, opened.service_id)
        self.length.setValue(opened.minutes)
        self.therapist.wanted, self.room.wanted = opened.therapist_id, opened.room_id
        if opened.client_id is not None:
            self.client_section.show_client(opened.client_id)
        if self.prefill is not None and self.prefill.partner_therapist_id is not None:
            self._select(self.partner.therapist, self.prefill.partner_therapist_id)

    def _show_booked(self, appt: AppointmentView) -> None:
        """A booked visit's client, notes and source; what its status keeps as it is
        (:func:`editable`, the domain's answer) is disabled, with the reason beside it."""
        self.client.setText(appt.client)
        self.notes.setPlainText(appt.notes)
        if self.source.findData(appt.source) < 0:  # web, import
            self.source.addItem(appt.source, appt.source)
        self._select(self.source, appt.source)
        show_fixed_parts(appt.status, {
            "client": (self.client,), "service": (self.service,),
            "start": (self.date, self.time), "minutes": (self.length,),
            "therapist": (self.therapist,), "room": (self.room,), "notes": (self.notes,),
            "source": (self.source,)}, self.fixed_note)

    def _connect(self) -> None:
        self.service.currentIndexChanged.connect(self._service_chosen)  # length before ranking
        for signal in (self.service.currentIndexChanged, self.date.dateChanged,
                       self.time.timeChanged, self.length.valueChanged):
            signal.connect(self._inputs_changed)
            signal.connect(lambda *_: self.refresh_choices())
        for box in (self.therapist, self.room):
            box.currentIndexChanged.connect(self._inputs_changed)
        self.client.textEdited.connect(self.client_section.typed)

    def refresh_choices(self) -> None:
        """Re-rank therapists and rooms for the current service, time and length."""
        ranking, service_id = None, self.service.currentData()
        try:
            start = self.start()
        except BadInput as error:
            self.errors.show(error.field, str(error))
            start = None
        if service_id is not None and start is not None and self.door.reachable:
            try:
                ranking = self.door.read(
                    suitability.rank, self.catalog, service_id=service_id, start=start,
                    minutes=self.length.value(), client_id=self.client_id,
                    replaces=self.appointment.id if self.appointment else None,
                    therapist_id=self.therapist.current(), room_id=self.room.current(),
                    now=self.now())
            except Unreachable:  # the server is away: every one, unranked, for now
                ranking = None
        for box, items in ((self.therapist, self.catalog.therapists),
                           (self.room, self.catalog.rooms)):
            box.fill(getattr(ranking, f"{box.kind}s") if ranking else
                     [suitability.Choice(i.id, i.name, True) for i in items.values()
                      if i.active])

    def _select(self, box: QComboBox, value) -> None:
        index = box.findData(value) if value is not None else -1
        if index >= 0:
            box.setCurrentIndex(index)

    # -- the client and the warning ----------------------------------------------------

    @property
    def client_id(self) -> int | None:
        """The chosen client's card (None: none chosen, or a new card typed)."""
        return self.client_section.client_id

    @client_id.setter
    def client_id(self, value: int | None) -> None:
        self.client_section.client_id = value

    def _update_caution(self) -> None:
        service = self.catalog.services.get(self.service.currentData() or -1)
        appt = self.appointment
        unchanged = appt is not None and (appt.client_id, appt.service_id) == (
            self.client_id, self.service.currentData())  # acknowledged when it was booked
        if service is None or self.client_id is None or unchanged:
            self.caution.show_for("", "", (), ())
            return
        self.caution.show_for(service.name, self.client_section.name, service.cautions,
                              self.client_section.flags)

    def _service_chosen(self) -> None:
        self._update_caution()
        self._show_partner()
        service = self.catalog.services.get(self.service.currentData() or -1)
        if service is not None:
            with QSignalBlocker(self.length):  # the service's own change re-ranks once
                self.length.setValue(service.minutes)

    def _show_partner(self) -> None:
        """The "With:" row, for a new booking of a couples service only."""
        self.partner.show_for(None if self.editing else self.service.currentData())
        self._form.setRowVisible(self.partner, self.partner.isVisibleTo(self))
        if not self.partner.isVisibleTo(self):
            self.partner.caution.show_warnings(())  # its warning goes with the row

    # -- sending ----------------------------------------------------------------------

    def start(self) -> datetime:
        """The start as a UTC instant; BadInput (field "start") when DST skips that time."""
        return self.when.start()

    def request(self, override: str = "") -> Request:
        """What the form says, as the engine's request; BadInput for what cannot be sent."""
        start, minutes = self.start(), self.length.value()
        if self.appointment is not None:
            return self._change(start, minutes, override)
        service_id = self.service.currentData()
        if service_id is None:
            raise BadInput("choose a service", "service")
        client_id, new_client = self.client_section.choice()
        return BookingRequest(
            service_id=service_id, start=start, client_id=client_id,
            therapist_id=self.therapist.currentData(), room_id=self.room.currentData(),
            minutes=minutes, source=Source(self.source.currentData()),
            notes=self.notes.toPlainText(), override=override, new_client=new_client,
            acknowledge=self.caution.acknowledged,
            waitlist_id=self.prefill.waitlist_id if self.prefill else None,
            partners=self.partner.partners(service_id))

    def _change(self, start: datetime, minutes: int, override: str) -> Request:
        """The change of a booked visit: where and when as the form says (the engine sees
        what stayed), who, what, notes and source only when they differ from the visit."""
        appt = self.appointment
        assert appt is not None
        client_id, new_client = (self.client_section.choice() if self.client.isEnabled()
                                 else (None, None))
        service_id, notes = self.service.currentData(), self.notes.toPlainText()
        source = self.source.currentData()
        change = Change(
            start=start, minutes=minutes, therapist_id=self.therapist.currentData(),
            room_id=self.room.currentData(), override=override,
            expected_version=appt.version,
            client_id=client_id if client_id != appt.client_id else None,
            new_client=new_client,
            service_id=service_id if service_id != appt.service_id else None,
            notes=notes if notes.strip() != appt.notes.strip() else None,
            source=Source(source) if source != appt.source else None,
            acknowledge=self.caution.acknowledged)
        if self.following.isChecked():
            return FollowingChange(appt.id, change)
        return appt.id, change

    def send(self, override: str = "") -> None:
        """Submit through the engine; accept on success, else show why at the fields."""
        self.errors.clear()
        try:
            self.result = self.submit(self.request(override))
        except FrontdeskError as error:
            self._show_refusal(error)
            return
        self.accept()

    def _send_series(self) -> None:
        """Repeat…: the series dialog takes this request as its first visit."""
        self.errors.clear()
        try:
            request = self.request()
        except FrontdeskError as error:
            self._show_refusal(error)
            return
        result = self.repeat(request)
        if result is not None:
            self.result = result
            self.accept()

    def _show_refusal(self, error: FrontdeskError) -> None:
        if isinstance(error, StaleEdit) and self.appointment is not None:
            now = self.door.read(schedule.appointment, self.appointment.id)
            self.stale.show_change(error, self.appointment, now, self.tz, self.now())
            return
        if isinstance(error, DuplicateClient):
            # A card like the one typed exists: offered first, "add anyway" makes the new one.
            self.duplicate.offer(error.matches)
            return
        self.errors.show_error(error)
        self.override_box.setVisible(isinstance(error, Refused) and error.overridable)
        fields = ([v.field for v in error.violations] if isinstance(error, Refused)
                  else [getattr(error, "field", None)])
        target = next((self._focus[f] for f in fields if f in self._focus), None)
        if self.override_box.isVisible():
            target = target or self.reason
        if self.partner.show_refusal(error):  # the second client's own warning
            target = self.partner.caution.check
        if isinstance(error, Refused) and any(v.code == "contraindicated" and v.field == "client"
                                              for v in error.violations):
            target = self.caution.check
        if target is not None:
            target.setFocus()

    def _keep_mine(self) -> None:
        """Try again over the visit as it is now: what the form shows is what is sent."""
        self.appointment = self.stale.theirs
        self.stale.hide()
        self.send()

    def _inputs_changed(self, *_args) -> None:
        """A changed request invalidates the last answer, and any "book anyway" with it."""
        self.errors.clear()
        self.override_box.hide()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.reason.hasFocus():
            if self.anyway.isEnabled():
                self.anyway.click()
            return
        super().keyPressEvent(event)

