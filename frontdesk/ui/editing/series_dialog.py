"""Standing appointments: turn one visit into a series, see every visit before booking it.

The desk says how often and how long; the list shows each visit as the booking engine would
book it (:func:`frontdesk.services.series.preview`), with what stands in its way. A visit in
the way of something starts unticked, so booking never surprises; the receptionist can move
it to another time (previewed again) or skip it. "Book" hands the kept starts to
:func:`frontdesk.services.series.book`, which books or refuses each, and the same list then
shows what became of every visit. The dialog decides nothing itself.

Times are the clinic's wall-clock times: a series at 10:00 stays at 10:00 across a DST change
(the engine steps local dates), and the dialog says so when the series crosses one, because
"the UTC time moved" is exactly what a receptionist would otherwise worry about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.domain.recurrence import Repeat
from frontdesk.services import clients, series
from frontdesk.services.booking import BookingRequest
from frontdesk.ui.book.navigator import from_qdate, to_qdate
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.dst_note import dst_note
from frontdesk.ui.editing.move_visit_dialog import MoveVisitDialog, when_text
from frontdesk.ui.widgets import theme
from frontdesk.ui.widgets.date_formats import DATE
from frontdesk.ui.widgets.forms import FieldErrors

COLUMNS = ("Keep", "When", "Therapist", "Room", "Conflict")
KEEP, WHEN, THERAPIST, ROOM, STATE = range(len(COLUMNS))
GREEN, GREEN_DARK, RED_DARK = "#1e7b3c", "#81c995", "#ff8a80"
INFO_STYLE = "background: palette(alternate-base); padding: 4px 8px; border-radius: 3px;"


@dataclass
class Row:
    """One visit of the list: the series' own start for it, where it stands now, kept or
    skipped, and (once booked) what became of it."""

    planned: datetime
    visit: series.Visit
    keep: bool
    outcome: series.Outcome | None = None

    @property
    def start(self) -> datetime:
        return self.visit.start


class RepeatDialog(QDialog):
    """Make ``request`` (the first visit, from the appointment editor) a standing series.

    ``rows`` is the list as shown; after booking, ``outcomes`` holds the engine's answer for
    each kept visit and the dialog is accepted when closed (something may have been booked).
    """

    def __init__(self, door: Door, request: BookingRequest, *, parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.ops, self.request, self.tz = door, door.ops, request, door.tz
        self.rows: list[Row] = []
        self.outcomes: list[series.Outcome] = []
        self.is_booked = False
        self._moves: dict[datetime, datetime] = {}   # planned start -> where it was moved
        self._choices: dict[datetime, bool] = {}     # planned start -> kept, as the desk ticked
        self.errors = FieldErrors()
        self.setWindowTitle("Repeat appointment")
        self._build()
        self.refresh()
        self.every.setFocus()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.about = QLabel(self._describe())
        self.about.setWordWrap(True)
        self.about.setAccessibleName("Appointment to repeat")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.every = self._spin(1, 52, 1, "Repeat every how many weeks")
        self.every.setSpecialValueText("weekly")
        self.every.setPrefix("every ")
        self.every.setSuffix(" weeks")
        self.errors.add_row(form, "every", "&Repeat:", self.every)
        self.count_radio = QRadioButton("&after")
        self.count_radio.setChecked(True)
        self.count = self._spin(0, 999, 6, "Number of visits")
        self.count.setSuffix(" times")
        self.until_radio = QRadioButton("o&n")
        local = clock.to_local(self.request.start, self.tz).date()
        self.until = QDateEdit(to_qdate(local + timedelta(weeks=5)))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat(DATE)
        self.until.setAccessibleName("Last day of the series")
        self.until.setEnabled(False)
        self.until.setKeyboardTracking(False)
        self.ends = QButtonGroup(self)  # the two radios sit in different rows' widgets
        for radio, name in ((self.count_radio, "Ends after a number of visits"),
                            (self.until_radio, "Ends on a date")):
            radio.setAccessibleName(name)
            self.ends.addButton(radio)
        error = self.errors.add_row(form, "count", "Ends:", _pair(self.count_radio, self.count))
        self.errors.register("count", self.count, error)
        error = self.errors.add_row(form, "until", "", _pair(self.until_radio, self.until))
        self.errors.register("until", self.until, error)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Visits of the series")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.itemChanged.connect(self._ticked)
        self.tree.itemDoubleClicked.connect(  # not on the tick box: that is two ticks
            lambda item, column: column != KEEP
            and self.move(self.tree.indexOfTopLevelItem(item)))
        self.tree.installEventFilter(self)
        self.dst = QLabel()
        self.dst.setWordWrap(True)
        self.dst.setStyleSheet(INFO_STYLE)
        self.dst.setAccessibleName("Daylight saving time")
        self.summary = QLabel()
        self.summary.setAccessibleName("Booked")
        self.summary.hide()
        self.move_button = QPushButton("&Move…")
        self.move_button.setAccessibleName("Move the current visit")
        self.move_button.setAutoDefault(False)
        self.move_button.clicked.connect(lambda: self.move())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.buttons = QDialogButtonBox()
        self.book_button = self.buttons.addButton("&Book", QDialogButtonBox.ButtonRole.ActionRole)
        self.book_button.setDefault(True)
        self.book_button.clicked.connect(self.book)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.ResetRole)

        self.count_radio.toggled.connect(self._ends_changed)
        self.every.valueChanged.connect(lambda *_: self.refresh())
        self.count.valueChanged.connect(
            lambda n: self.count.setSuffix(" time" if n == 1 else " times"))
        self.count.valueChanged.connect(lambda *_: self.refresh())
        self.until.dateChanged.connect(lambda *_: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.dst)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def _spin(self, low: int, high: int, value: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)  # the engine says what is too few or too many
        spin.setValue(value)
        spin.setAccessibleName(name)
        spin.setKeyboardTracking(False)  # typing "12" previews once, not for 1 and then 12
        return spin

    def _describe(self) -> str:
        r = self.request
        catalog = self.door.catalog
        client = self.door.read(clients.card, r.client_id) if r.client_id else None
        who = client.name if client else (r.new_client.name if r.new_client else "")
        service = catalog.services.get(r.service_id)
        therapist = catalog.therapists.get(r.therapist_id or -1)
        self._therapist = therapist.name if therapist else ""  # asked for, even when busy
        return (f"<b>{service.name if service else 'Appointment'}</b>"
                + (f" for {who}" if who else "")
                + (f" with {therapist.name}" if therapist else "")
                + f", first visit {when_text(r.start, self.tz)}")

    # -- the list ---------------------------------------------------------------------

    def repeat(self) -> Repeat:
        """The repeat fields as the engine's :class:`Repeat` (BadInput names the field)."""
        if self.count_radio.isChecked():
            return Repeat(self.every.value(), count=self.count.value())
        return Repeat(self.every.value(), until=from_qdate(self.until.date()))

    def refresh(self) -> None:
        """Work the series out again from the fields and preview every visit; moves and
        ticks of visits still in the series are kept."""
        if self.is_booked:
            return
        self.errors.clear()
        planned: list[datetime] = []
        try:
            planned = self.ops.series_starts(self.request.start, self.repeat())
        except BadInput as error:
            self.errors.show_error(error)
        visits = self.ops.preview_series(self.request,
                                [self._moves.get(p, p) for p in planned])
        self.rows = [Row(p, v, self._choices.get(p, v.free))
                     for p, v in zip(planned, visits, strict=True)]
        note = dst_note(planned, self.tz)
        self.dst.setText(note)
        self.dst.setVisible(bool(note))
        self._fill()

    def _fill(self) -> None:
        current = max(self.tree.indexOfTopLevelItem(self.tree.currentItem()), 0)
        self.tree.blockSignals(True)
        self.tree.clear()
        for row in self.rows:
            item = QTreeWidgetItem()
            item.setSizeHint(KEEP, QSize(0, self.tree.fontMetrics().height() + 10))
            self.tree.addTopLevelItem(item)
            self._show_row(item, row)
        self.tree.blockSignals(False)
        if self.rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(min(current, len(self.rows) - 1)))
        self._update_buttons()

    def _fit_columns(self) -> None:
        for column in range(STATE):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, self.tree.columnWidth(column) + 14)

    def _show_row(self, item: QTreeWidgetItem, row: Row) -> None:
        dark = theme.is_dark(self.tree.palette())
        red = QColor(RED_DARK) if dark else theme.ALERT
        green = QColor(GREEN_DARK if dark else GREEN)
        v, o = row.visit, row.outcome
        moved = " (moved)" if row.start != row.planned else ""
        item.setText(WHEN, when_text(v.start, self.tz) + moved)
        item.setText(THERAPIST, v.therapist or self._therapist or "—")
        item.setText(ROOM, v.room or "—")
        if self.is_booked:
            state, colour = ((f"booked (#{o.appointment.id})", green) if o and o.booked else
                             (f"refused: {o.reason}", red) if o else ("skipped", None))
            if o and o.note:  # a clock time skipped that day: said visit by visit
                state = f"{state} — {o.note}"
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
        else:
            state, colour = ("free", green) if v.free else (v.reason, red)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(KEEP, Qt.CheckState.Checked if row.keep else Qt.CheckState.Unchecked)
        item.setData(KEEP, Qt.ItemDataRole.AccessibleTextRole, "keep" if row.keep else "skip")
        item.setText(STATE, state)
        item.setToolTip(STATE, state)
        muted = self.tree.palette().brush(QPalette.ColorRole.PlaceholderText)
        item.setForeground(STATE, QBrush(colour) if colour is not None else muted)

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if column != KEEP or self.is_booked:
            return
        row = self.rows[self.tree.indexOfTopLevelItem(item)]
        row.keep = item.checkState(KEEP) == Qt.CheckState.Checked
        self._choices[row.planned] = row.keep
        self.tree.blockSignals(True)
        item.setData(KEEP, Qt.ItemDataRole.AccessibleTextRole, "keep" if row.keep else "skip")
        self.tree.blockSignals(False)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space ticks or unticks the current visit, whichever column is current."""
        if (watched is self.tree and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Space and not event.modifiers()):
            item = self.tree.currentItem()
            if item is not None and not self.is_booked:
                on = item.checkState(KEEP) == Qt.CheckState.Checked
                item.setCheckState(KEEP, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)
            return True
        return super().eventFilter(watched, event)

    def _ends_changed(self, by_count: bool) -> None:
        self.count.setEnabled(by_count)
        self.until.setEnabled(not by_count)
        self.refresh()

    def _update_buttons(self) -> None:
        self._fit_columns()
        if self.is_booked:
            self.book_button.setText("Close")
            self.book_button.setEnabled(True)
            self.move_button.setEnabled(False)
            return
        n = sum(r.keep for r in self.rows)
        self.book_button.setText(f"&Book {n} visit{'' if n == 1 else 's'}")
        self.book_button.setEnabled(n > 0)
        self.move_button.setEnabled(self.tree.currentItem() is not None)

    # -- moving and booking -----------------------------------------------------------

    def move(self, index: int | None = None) -> None:
        """Ask for another date and time for visit ``index`` (default: the current one)."""
        if index is None:
            index = self.tree.indexOfTopLevelItem(self.tree.currentItem())
        if self.is_booked or not 0 <= index < len(self.rows):
            return
        ask = MoveVisitDialog(self.rows[index].start, self.tz, self)
        if ask.exec() == QDialog.DialogCode.Accepted:
            self.move_to(index, ask.start)

    def move_to(self, index: int, start: datetime) -> None:
        """Put visit ``index`` at instant ``start``, previewed again; kept when it is free."""
        row = self.rows[index]
        row.visit = self.ops.preview_series(self.request, [start])[0]
        row.keep = row.visit.free
        self._choices.pop(row.planned, None)
        if start == row.planned:
            self._moves.pop(row.planned, None)
        else:
            self._moves[row.planned] = start
        self.tree.blockSignals(True)
        self._show_row(self.tree.topLevelItem(index), row)
        self.tree.blockSignals(False)
        self._update_buttons()

    def book(self) -> None:
        """Book the kept visits through the engine and show what became of each; once
        booked, the same button closes the dialog."""
        if self.is_booked:
            self.reject()  # accepted when something was booked, see reject()
            return
        kept = sorted((r for r in self.rows if r.keep), key=lambda r: r.start)
        self.errors.clear()
        try:
            outcomes = self.ops.book_series(self.request, [r.start for r in kept],
                                   self.every.value())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.outcomes, self.is_booked = outcomes, True
        for row, outcome in zip(kept, outcomes, strict=True):  # both in time order
            row.outcome = outcome
        booked = sum(o.booked for o in outcomes)
        refused = len(outcomes) - booked
        self.summary.setText(f"Booked {booked} of {len(outcomes)} visits"
                             + (f"; {refused} refused." if refused else "."))
        self.summary.show()
        for widget in (self.every, self.count, self.until, self.count_radio,
                       self.until_radio):
            widget.setEnabled(False)
        self.cancel_button.hide()
        self.tree.headerItem().setText(STATE, "Outcome")
        self._fill()
        self.book_button.setFocus()

    def reject(self) -> None:
        """Closed after booking something is accepted, however it is closed: the caller
        must then show the new visits."""
        if any(o.booked for o in self.outcomes):
            self.accept()
        else:
            super().reject()


def _pair(radio: QRadioButton, field: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(radio)
    row.addWidget(field)
    row.addStretch(1)
    return box
