"""The clients page: find a client as they speak, see what the therapist must know, edit.

A caller gives a name or the last digits of a phone number; every keystroke restarts a short
debounce and the search then runs off the GUI thread (``Tasks`` key "search"), so typing
never stalls and an older answer never replaces a newer one. The chosen client's file (alert,
contraindications, history with its no-shows) is read the same way. Saving goes through
:func:`frontdesk.services.client_record.update_client`; its errors appear at their field.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk import logs
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import clients
from frontdesk.services.client_record import ClientRecord, record
from frontdesk.ui.clients.card_actions import CardActions
from frontdesk.ui.clients.flags_box import FlagsBox
from frontdesk.ui.clients.history_pane import HistoryPane
from frontdesk.ui.clients.models import (
    ID_ROLE,
    ResultsModel,
)
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.forms import FieldErrors

log = logging.getLogger(__name__)

BANNER_STYLE = ("background: #b3261e; color: white; font-weight: 600; padding: 6px 10px;"
                " border-radius: 4px;")
DEBOUNCE_MS = 150


#: The alert field's hint.
ALERT_HINT = "Shown in red wherever this client appears"
#: What a therapist sees instead of another therapist's client's notes and alert (the
#: services withhold them; the card cannot be edited then).
WITHHELD = "Withheld: not one of your clients"


class ClientsWindow(QWidget):
    """Search, details, alert, contraindications and history of clients (a tab or dialog).

    ``client_saved(id)`` after a save; ``appointment_activated(id)`` when a history row is
    double-clicked or entered, so the main window can jump to that appointment.
    """

    client_saved = Signal(int)
    appointment_activated = Signal(int)

    def __init__(self, door: Door, parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.tz, self.now = door, door.tz, door.now
        self.record: ClientRecord | None = None
        self._discard_armed = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._search)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._search_pane())
        splitter.addWidget(self._details_pane())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1000])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        for text, keys, target in (("Find client", QKeySequence.StandardKey.Find, self._focus),
                                   ("Save client", QKeySequence.StandardKey.Save, self.save)):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(target)
            self.addAction(action)
        self._show_record(None)

    # -- building -------------------------------------------------------------------------

    def _search_pane(self) -> QWidget:
        self.search = QLineEdit(placeholderText="Name, or phone digits (last 4 will do)")
        self.search.setAccessibleName("Search clients")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._open_first)
        self.new_button = QPushButton("&New client…")
        self.new_button.setObjectName("new_client")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(lambda: self.new_client())
        self.results_note = _quiet_label("Type a name or a phone number.")
        self.results_model = ResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.results_model)
        self.results.setAccessibleName("Matching clients")
        self.results.setUniformItemSizes(True)
        self.results.selectionModel().currentChanged.connect(self._result_chosen)
        pane = QWidget()
        box = QVBoxLayout(pane)
        box.setContentsMargins(0, 0, 0, 0)
        for w in (self.search, self.results_note, self.results, self.new_button):
            box.addWidget(w)
        return pane

    def _details_pane(self) -> QWidget:
        self.title = QLabel()
        self.title.setAccessibleName("Client shown")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.banner = QLabel(wordWrap=True)
        self.banner.setAccessibleName("Client alert")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)

        self.name_edit, self.phone_edit, self.email_edit, self.alert_edit = (
            QLineEdit() for _ in range(4))
        self.other_phones = _quiet_label("")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.alert_edit.setPlaceholderText(ALERT_HINT)
        self.errors = FieldErrors()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, label, widget in (
            ("name", "Name:", self.name_edit), ("phone", "Phone:", self.phone_edit),
            ("email", "E-mail:", self.email_edit), ("alert", "Alert:", self.alert_edit),
            ("notes", "Notes:", self.notes_edit),
        ):
            widget.setAccessibleName(label.rstrip(":"))
            self.errors.add_row(form, field, label, widget)
            if field == "phone":
                form.addRow("", self.other_phones)
        self.errors.general.setAccessibleName("Problem saving")

        self.save_button = QPushButton("Save")
        self.save_button.setAccessibleName("Save client")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.saved_note = _quiet_label("")
        save_row = QHBoxLayout()
        save_row.addWidget(self.errors.general, 1)
        save_row.addStretch(0)  # keeps the button its own size while no error is shown
        save_row.addWidget(self.saved_note)
        self.card_actions = CardActions(self)
        for button in self.card_actions.buttons:
            save_row.addWidget(button)
        save_row.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(save_row)
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        self.flags_box = FlagsBox(self.errors)
        self.flags_box.changed.connect(self._update_banner)
        self.flags, self.other_flag = self.flags_box.list, self.flags_box.other
        top.addWidget(self.flags_box, 2)

        self.history_pane = HistoryPane(self.tz)
        self.history_pane.appointment_activated.connect(self.appointment_activated)
        self.summary = self.history_pane.summary
        self.history, self.history_model = (self.history_pane.history,
                                            self.history_pane.history_model)
        self.details = QWidget()
        box = QVBoxLayout(self.details)
        box.setContentsMargins(6, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.card_actions.state)
        box.addWidget(self.banner)
        box.addLayout(top)
        box.addWidget(self.history_pane, 1)
        return self.details

    # -- searching ------------------------------------------------------------------------

    def _focus(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search(self) -> None:
        text = self.search.text().strip()
        key = f"clients-search-{id(self)}"
        if not text:  # still run, so that an answer to an older query is dropped
            self.door.tasks.run(list, self._show_results, key=key)
            return
        self.door.query(clients.search, text, limit=50, key=key,
                        done=lambda rows: self._show_results(rows, text),
                        failed=self._task_failed)

    def _show_results(self, rows, text: str = "") -> None:
        self.results_model.set_rows(rows)
        if not text:
            self.results_note.setText("Type a name or a phone number.")
        elif not rows:
            self.results_note.setText(f"No client matches “{text}”.")
        else:
            more = "+" if len(rows) >= 50 else ""
            self.results_note.setText(f"{len(rows)}{more} client{'s' * (len(rows) != 1)}")
        if self.record is not None:
            self._select_result(self.record.id)

    def _open_first(self) -> None:
        self._debounce.stop()
        if self.results_model.rows:
            self.open_client(self.results_model.rows[0].id)
            self.results.setFocus()

    def _result_chosen(self, current: QModelIndex, _previous=None) -> None:
        client_id = current.data(ID_ROLE) if current.isValid() else None
        if client_id is not None and (self.record is None or self.record.id != client_id):
            self.open_client(client_id)

    def _select_result(self, client_id: int) -> None:
        row = self.results_model.row_of(client_id)
        selection = self.results.selectionModel()
        if row is None or selection.currentIndex().row() == row:
            return
        blocked = selection.blockSignals(True)
        selection.setCurrentIndex(self.results_model.index(row),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(blocked)
        self.results.viewport().update()

    # -- one client -----------------------------------------------------------------------

    def open_client(self, client_id: int) -> None:
        """Select ``client_id`` in the results (when listed) and show its file."""
        self._select_result(client_id)
        self.door.query(record, client_id, self.tz, now=self.now(),
                        key=f"clients-record-{id(self)}", done=self._show_record,
                        failed=self._task_failed)

    def refresh_clients(self, client_ids) -> None:
        """Cards or visits changed (here, by undo, or at another desk): the open card is read
        again. Details being typed are kept: then only the summary and history are renewed,
        and saving is refused as stale if the card itself changed meanwhile."""
        if self.record is not None and self.record.id in client_ids:
            self.door.query(record, self.record.id, self.tz, now=self.now(),
                            key=f"clients-record-{id(self)}", done=self._refreshed,
                            failed=self._task_failed)

    def _refreshed(self, rec: ClientRecord) -> None:
        if self.record is None or rec.id != self.record.id or not self.unsaved():
            self._show_record(rec)
            return
        self.history_pane.show_record(rec)

    def unsaved(self) -> bool:
        """Whether the form differs from the card as it was read."""
        rec = self.record
        if rec is None:
            return False
        flags = sorted(f if isinstance(f, str) else f[0] for f in self.flags_box.checked())
        return ((self.name_edit.text(), self.phone_edit.text(), self.email_edit.text(),
                 self.alert_edit.text(), self.notes_edit.toPlainText(), flags)
                != (rec.name, rec.phone, rec.email, rec.alert, rec.notes,
                    sorted(rec.flag_names)))

    def set_tz(self, tz) -> None:
        """The clinic's time zone changed in set-up."""
        self.tz = self.history_model.tz = tz
        if self.record is not None:
            self.open_client(self.record.id)

    def _show_record(self, rec: ClientRecord | None) -> None:
        if rec is None or self.record is None or rec.id != self.record.id:
            self.saved_note.clear()  # "Saved." stays while the saved client is re-read
        self.record = rec
        self.errors.clear()
        self.details.setEnabled(rec is not None)
        self.title.setText(rec.name if rec else "No client open — search on the left")
        self.card_actions.show_record(rec)
        self.name_edit.setText(rec.name if rec else "")
        self.phone_edit.setText(rec.phone if rec else "")
        others = rec.phones[1:] if rec else ()
        self.other_phones.setText("Also: " + ", ".join(others) if others else "")
        self.other_phones.setVisible(bool(others))
        self.email_edit.setText(rec.email if rec else "")
        self.alert_edit.setText(rec.alert if rec else "")
        self.notes_edit.setPlainText(rec.notes if rec else "")
        self.flags_box.fill(rec.flags if rec else ())
        withheld = rec is not None and rec.withheld
        self.details.setEnabled(rec is not None and not withheld)
        self.notes_edit.setPlaceholderText(WITHHELD if withheld else "")
        self.alert_edit.setPlaceholderText(WITHHELD if withheld else ALERT_HINT)
        self._update_banner()
        self.history_pane.show_record(rec)
        if rec is not None:
            self._select_result(rec.id)

    def _update_banner(self) -> None:
        """The alert and the ticked contraindications, as the therapist must see them."""
        rec = self.record
        lines = [f"⚠ {rec.alert}"] if rec and rec.alert else []
        flags = [f if isinstance(f, str) else f"{f[0]} ({f[1]})" for f in self.flags_box.checked()]
        if rec and flags:
            lines.append("Contraindications: " + ", ".join(flags))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def save(self) -> None:
        rec = self.record
        if rec is None:
            return
        self.errors.clear()
        self.saved_note.clear()
        try:
            self.door.ops.update_client(
                rec, name=self.name_edit.text(), phone=self.phone_edit.text(),
                email=self.email_edit.text(), notes=self.notes_edit.toPlainText(),
                alert=self.alert_edit.text(), flags=self.flags_box.checked())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.saved_note.setText("Saved.")
        self.client_saved.emit(rec.id)
        self.open_client(rec.id)
        if self.search.text().strip():
            self._search()

    def new_client(self, name: str = ""):
        """The new-card dialog; the card made (or the existing one chosen) opens here."""
        return self.card_actions.new_client(name)

    def keyPressEvent(self, event) -> None:
        """Esc closes the window (it is a window of its own); with details typed and not
        saved, the first Esc says so and the second discards them."""
        if event.key() == Qt.Key.Key_Escape and self.isWindow():
            if self.unsaved() and not self._discard_armed:
                self._discard_armed = True
                self.errors.show(None, "Not saved: Ctrl+S saves, Esc again discards.")
                return
            self._discard_armed = False
            if self.record is not None and self.unsaved():
                self._show_record(self.record)
            self.close()
            return
        self._discard_armed = False
        super().keyPressEvent(event)

    def _task_failed(self, error: Exception) -> None:
        if not isinstance(error, FrontdeskError):
            logs.failed(log, error, "reading clients failed")
            error = FrontdeskError("could not read the clients; see the log")
        self.errors.show(None, str(error))


def _quiet_label(text: str) -> QLabel:
    """Secondary text in the palette's own muted colour (right on light and dark themes)."""
    label = QLabel(text, wordWrap=True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
