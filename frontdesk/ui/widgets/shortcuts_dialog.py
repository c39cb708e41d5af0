"""Help > Keyboard shortcuts: a list made from the window's own actions, so it never lies."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

#: Keys handled by the appointment book itself rather than by an action.
VIEW_KEYS = (
    ("Arrow keys", "Select the next appointment (up/down in time, left/right across columns)"),
    ("Enter", "Edit the selected appointment"),
    ("Double-click an empty slot", "Book there"),
    ("Drag across empty slots", "Book that time"),
    ("Drag a block / its lower edge", "Move it / change its length"),
    ("Ctrl+mouse wheel", "Zoom the time axis"),
)

#: Keys of the desk's own dialogs (their buttons' mnemonics), where a receptionist's hands
#: stay on the keyboard: listed so they are found without trying every Alt+letter.
DIALOG_KEYS = (
    ("Find a time: Enter", "Book the highlighted time (the editor picks the client)"),
    ("Find a time: Alt+M", "Type a walk-in's name and phone (or leave them for later)"),
    ("Find a time: Alt+W, Ctrl+Enter", "Book the highlighted time now, as a walk-in"),
    ("Caller lookup: Enter", "Find a time for the highlighted caller"),
    ("Caller lookup: Alt+M", "Move the caller's next visit to another free time"),
    ("Caller lookup: Alt+N", "Cancel the caller's next visit"),
    ("Caller lookup: Alt+W", "Put the caller on the waitlist"),
    ("Clients: Ctrl+Z, Ctrl+Shift+Z", "Undo, redo (the same list as the book's)"),
    ("Clients: Esc", "Close the clients window"),
)


def rows(actions: list[QAction]) -> list[tuple[str, str]]:
    out = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            text = action.property("help") or action.text()  # undo's own text changes
            out.append((", ".join(keys), text.replace("&", "").rstrip(".…")))
    return sorted(out, key=lambda r: r[1].lower()) + list(VIEW_KEYS) + list(DIALOG_KEYS)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(0, 2, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Keys", "Does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for keys, text in rows(actions):
            r = table.rowCount()
            table.insertRow(r)
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 520)
