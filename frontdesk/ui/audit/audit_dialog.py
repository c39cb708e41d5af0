"""Tools > Audit trail…: the book's changes, newest first, filtered by appointment, client
or staff member, with the chosen entry's state before and after.

The same reading as ``frontdesk audit`` (:mod:`frontdesk.services.audit_view`), off the GUI
thread through the door: a long trail never freezes the desk. A client is named as in the
rest of the window (a name, phone digits, ``#302``); one the book does not know is said in
the status line. The list follows the book: a change made here or at another desk reads it
again. (Whether the trail is intact is ``frontdesk check``'s to say.)
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.services import audit_view
from frontdesk.ui.audit.model import CHANGES, AuditModel
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.forms import ERROR_STYLE

ANYONE = "Anyone"


class AuditDialog(QDialog):
    """The audit trail. ``find()`` reads it again with the filters as they stand; ``found``
    is the last answer shown."""

    def __init__(self, door: Door, *, appointment_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.found: audit_view.Found | None = None
        self.setWindowTitle("Audit trail")
        self._build()
        if appointment_id is not None:
            self.appointment.setText(str(appointment_id))
        door.watcher.changed.connect(self._book_changed)
        door.ops.changed.connect(self._book_changed)
        self._read_actors()
        self.find()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.appointment = self._field("any", "Appointment number", 9)
        self.client = self._field("name, phone or #number", "Client", 22)
        self.staff = QComboBox()
        self.staff.setAccessibleName("Staff member")
        self.staff.addItem(ANYONE)
        self.staff.setMinimumContentsLength(14)
        self.staff.activated.connect(lambda _i: self.find())
        self.show_button = QPushButton("&Show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.find)
        self.clear_button = QPushButton("Clea&r")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)
        filters = QHBoxLayout()
        for text, widget in (("&Appointment:", self.appointment), ("C&lient:", self.client),
                             ("S&taff:", self.staff)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1 if widget is self.client else 0)
        filters.addWidget(self.show_button)
        filters.addWidget(self.clear_button)

        self.model = AuditModel(audit_view.Wording.of(self.door.catalog), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._show_entry(current.row()))
        self.details = QTextBrowser()
        self.details.setAccessibleName("The entry before and after")
        self.details.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("F5"), self, self.find)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(1100, 640)

    def _field(self, placeholder: str, name: str, chars: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setClearButtonEnabled(True)
        edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * chars)
        edit.returnPressed.connect(self.find)
        return edit

    # -- reading ----------------------------------------------------------------------

    def filter(self) -> audit_view.Filter:
        """The filters as typed; BadInput for an appointment that is no number."""
        number = self.appointment.text().strip().lstrip("#").strip()
        if number and not number.isdigit():
            raise BadInput(f"{self.appointment.text()!r} is no appointment number", "appointment")
        staff = self.staff.currentText()
        return audit_view.Filter(appointment_id=int(number) if number else None,
                                 client=self.client.text().strip() or None,
                                 actor=None if staff == ANYONE else staff)

    def find(self) -> None:
        """Read the trail again with the filters as they stand (the answer comes back
        later, on the GUI thread)."""
        try:
            flt = self.filter()
        except FrontdeskError as error:
            self._failed(error)
            return
        self._say("Reading the audit trail…")
        self.door.query(audit_view.find, flt, key=f"audit-{id(self)}", done=self._show,
                        failed=self._failed)

    def clear(self) -> None:
        self.appointment.clear()
        self.client.clear()
        self.staff.setCurrentIndex(0)
        self.find()

    def _read_actors(self) -> None:
        self.door.query(audit_view.actors, key=f"audit-actors-{id(self)}",
                        done=self._show_actors)

    def _show_actors(self, names: list[str]) -> None:
        current = self.staff.currentText()
        self.staff.blockSignals(True)
        self.staff.clear()
        self.staff.addItems([ANYONE, *names])
        self.staff.setCurrentText(current if current in names else ANYONE)
        self.staff.blockSignals(False)

    def _book_changed(self, *_args) -> None:
        self._read_actors()
        self.find()

    def _show(self, found: audit_view.Found) -> None:
        keep = self._current_id()
        self.found = found
        self.model.set_rows(found.entries)
        for column in range(CHANGES):
            self.table.resizeColumnToContents(column)
        row = next((i for i, e in enumerate(found.entries) if e.id == keep), 0)
        if found.entries:
            self.table.selectRow(row)
        else:
            self._show_entry(-1)
        about = f" about {found.client}" if found.client else ""
        if not found.entries:
            self._say(f"No audit entries match{about}.")
        elif found.more:
            self._say(f"The newest {len(found.entries):,} entries{about} are shown; narrow "
                      "the filters to see older ones.")
        else:
            n = len(found.entries)
            self._say(f"{n:,} entr{'y' if n == 1 else 'ies'}{about}.")

    def _failed(self, error: Exception) -> None:
        self._say(str(error), error=True)

    def _current_id(self) -> int | None:
        entry = self.model.entry(self.table.currentIndex().row())
        return entry.id if entry is not None else None

    # -- one entry --------------------------------------------------------------------

    def _show_entry(self, row: int) -> None:
        entry = self.model.entry(row)
        self.details.setHtml("" if entry is None else entry_html(entry, self.model.wording))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")


def entry_html(entry: audit_view.Entry, wording: audit_view.Wording) -> str:
    """The entry's heading and every field before and after, the changed ones in bold."""
    at = clock.to_local(entry.at, wording.tz)
    head = (f"<p><b>#{entry.id}</b> · {at:%A} {at.day} {at:%B %Y}, {at:%H:%M} · "
            f"{html.escape(entry.actor)} · {html.escape(entry.action)} · "
            f"{html.escape(entry.subject)}</p>")
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = list(after) + [k for k in before if k not in after]
    rows = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        changed = bool(before) and bool(after) and old != new
        cells = [html.escape(key), _cell(wording.value(key, old), bool(before)),
                 _cell(wording.value(key, new), bool(after))]
        if changed:
            cells = [f"<b>{c}</b>" for c in cells]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    table = ("<table cellspacing='0' cellpadding='3' border='1'>"
             "<tr><th align='left'>Field</th><th align='left'>Before</th>"
             "<th align='left'>After</th></tr>" + "".join(rows) + "</table>") if rows else ""
    seal = (f"<p><small>Seal {entry.hash[:16]}…, following {entry.prev_hash[:16]}…"
            "</small></p>")
    return head + table + seal


def _cell(value, present: bool) -> str:
    if not present:
        return "<i>—</i>"
    return html.escape("" if value is None else str(value))

