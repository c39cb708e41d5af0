"""The clients window's item models: search results and a client's history, holding plain
rows (no ORM objects), refilled by the window."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from frontdesk.domain import clock
from frontdesk.domain.status import Status
from frontdesk.services import clients
from frontdesk.services.schedule import AppointmentView

ID_ROLE = Qt.ItemDataRole.UserRole


HISTORY_COLUMNS = ("Date", "Time", "Service", "Therapist", "Room", "Status")


class ResultsModel(QAbstractListModel):
    """Search results as plain ``ClientView`` rows; a ⚠ marks a client with an alert."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[clients.ClientView] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def row_of(self, client_id: int) -> int | None:
        return next((i for i, c in enumerate(self.rows) if c.id == client_id), None)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "⚠ " if c.alert or c.flags else ""
            return f"{mark}{c.name}" + (f"  ·  {c.phone}" if c.phone else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (c.alert, ", ".join(c.flags)) if x) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            extra = " (has an alert)" if c.alert or c.flags else ""
            return f"{c.name} {c.phone}{extra}"
        if role == ID_ROLE:
            return c.id
        return None


class HistoryModel(QAbstractTableModel):
    """A client's appointments, newest first. No-shows are bold, cancellations struck out,
    so the pattern shows without colours that a dark theme would fight."""

    def __init__(self, tz, parent=None):
        super().__init__(parent)
        self.tz = tz
        self.rows: list[AppointmentView] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HISTORY_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HISTORY_COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            start, end = clock.to_local(a.start, self.tz), clock.to_local(a.end, self.tz)
            return (f"{start:%a} {start.day} {start:%b %Y}", f"{start:%H:%M}–{end:%H:%M}",
                    a.service, a.therapist, a.room, a.status.label)[index.column()]
        if role == Qt.ItemDataRole.FontRole and a.status in _MARKED:
            font = QFont()
            font.setBold(a.status == Status.NO_SHOW)
            font.setStrikeOut(a.status != Status.NO_SHOW)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and a.cancel_reason:
            return a.cancel_reason
        if role == ID_ROLE:
            return a.id
        return None


_MARKED = frozenset({Status.NO_SHOW, Status.CANCELLED, Status.LATE_CANCEL})
