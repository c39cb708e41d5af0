"""The contraindications of a client card as the desk ticks them: the known flags, the card's
own, and an "Other…" line that adds one more (Enter adds it, ticked).

Shared by the places that edit a card's flags (the new-client dialog and the clients
window's details box), so both offer the same list and the same way to add a flag the list
lacks.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from frontdesk.domain.contraindications import KNOWN_FLAGS
from frontdesk.domain.text import fold

#: Each item's (flag, note or None).
FLAG_ROLE = Qt.ItemDataRole.UserRole


class _OtherLine(QLineEdit):
    """Enter with a flag typed adds it and goes no further, so a dialog's default button
    is not pressed by it; Enter on an empty line does what Enter does in the dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.returnPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FlagPicker(QWidget):
    """A ticked list of flags and an "Other…" line; ``changed()`` when a tick or flag changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Contraindications")
        self.list.itemChanged.connect(lambda _: self.changed.emit())
        self.other = _OtherLine(placeholderText="Other… (Enter to add)")
        self.other.setObjectName("other_flag")
        self.other.setAccessibleName("Add another contraindication")
        self.other.returnPressed.connect(self.add_other)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.list)
        box.addWidget(self.other)
        self.fill(())

    def fill(self, present: Iterable[tuple[str, str]]) -> None:
        """The known flags and the card's own (``present``: (flag, note)), the card's ticked."""
        notes = dict(present)
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for flag in (*KNOWN_FLAGS, *(f for f in notes if f not in KNOWN_FLAGS)):
            self._item(flag, notes.get(flag), flag in notes)
        self.list.blockSignals(blocked)
        self.changed.emit()

    def _item(self, flag: str, note: str | None, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(f"{flag} — {note}" if note else flag, self.list)
        item.setData(FLAG_ROLE, (flag, note))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def add_other(self) -> None:
        """The flag typed in "Other…", ticked (the listed one when it is there already)."""
        text = " ".join(self.other.text().split())
        if not text:
            return
        for i in range(self.list.count()):
            item = self.list.item(i)
            if fold(item.data(FLAG_ROLE)[0]) == fold(text):
                break
        else:
            item = self._item(text, None, True)
        item.setCheckState(Qt.CheckState.Checked)
        self.list.scrollToItem(item)
        self.other.clear()
        self.changed.emit()

    def checked(self) -> list[tuple[str, str] | str]:
        """The ticked flags: (flag, note) for those with a note, bare names otherwise."""
        out: list[tuple[str, str] | str] = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                flag, note = item.data(FLAG_ROLE)
                out.append((flag, note) if note else flag)
        return out

    def names(self) -> tuple[str, ...]:
        """The ticked flags' names."""
        return tuple(f if isinstance(f, str) else f[0] for f in self.checked())

    def rows_height(self, rows: int) -> int:
        """The list's height showing ``rows`` rows whole (for a dialog's size)."""
        row = self.list.sizeHintForRow(0) if self.list.count() else self.fontMetrics().height()
        return row * rows + 2 * self.list.frameWidth() + 2
