"""The Audit trail's item model: plain :class:`~frontdesk.services.audit_view.Entry` rows,
newest first, refilled whole by the dialog."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from frontdesk.domain import clock
from frontdesk.services.audit_view import Entry, Wording

COLUMNS = ("No.", "When", "Who", "What", "About", "Changes")
NUMBER, WHEN, WHO, WHAT, ABOUT, CHANGES = range(len(COLUMNS))
ID_ROLE = Qt.ItemDataRole.UserRole


class AuditModel(QAbstractTableModel):
    def __init__(self, wording: Wording, parent=None):
        super().__init__(parent)
        self.wording, self.tz = wording, wording.tz
        self.rows: list[Entry] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> Entry | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            at = clock.to_local(e.at, self.tz)
            return (f"#{e.id}", f"{at:%a} {at.day} {at:%b %Y} {at:%H:%M}", e.actor, e.action,
                    e.subject, e.summary(self.wording))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CHANGES:
            return e.summary(self.wording) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return e.id
        return None
