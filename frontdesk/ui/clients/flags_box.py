"""The clients window's contraindications box: the known flags and the card's own, ticked.

Every known flag is always listed, so the desk ticks rather than types; a flag the card has
beyond them (or one typed under "Other…") is listed after them with its note. The box only
holds the ticks: the window decides what they mean for the banner and saves them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from frontdesk.domain.contraindications import KNOWN_FLAGS
from frontdesk.domain.text import fold
from frontdesk.ui.clients.models import ID_ROLE
from frontdesk.ui.widgets.forms import FieldErrors


class FlagsBox(QGroupBox):
    """The flags as a ticked list; ``changed`` when a tick or an item changes (not while
    :meth:`fill` lists a card's flags). A problem with the flags shows under the list, as
    the field "flags" of ``errors``."""

    changed = Signal()

    def __init__(self, errors: FieldErrors):
        super().__init__("Contraindications")
        self.list = QListWidget()
        self.list.setAccessibleName("Contraindications")
        self.list.itemChanged.connect(lambda _: self.changed.emit())
        self.other = QLineEdit(placeholderText="Other… (Enter to add)")
        self.other.setAccessibleName("Add another contraindication")
        self.other.returnPressed.connect(self._add_other)
        self.error = FieldErrors().general
        errors.register("flags", self.list, self.error)
        box = QVBoxLayout(self)
        for w in (self.list, self.other, self.error):
            box.addWidget(w)

    def fill(self, present) -> None:
        """List every known flag and the card's others, ticking the card's ``(flag, note)``."""
        notes = dict(present)
        self.list.blockSignals(True)
        self.list.clear()
        for flag in (*KNOWN_FLAGS, *(f for f in notes if f not in KNOWN_FLAGS)):
            self._item(flag, notes.get(flag), flag in notes)
        self.list.blockSignals(False)

    def _item(self, flag: str, note: str | None, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(f"{flag} — {note}" if note else flag, self.list)
        item.setData(ID_ROLE, (flag, note))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def _add_other(self) -> None:
        text = " ".join(self.other.text().split())
        if not text:
            return
        for i in range(self.list.count()):
            item = self.list.item(i)
            if fold(item.data(ID_ROLE)[0]) == fold(text):
                break
        else:
            item = self._item(text, None, True)
        item.setCheckState(Qt.CheckState.Checked)
        self.list.scrollToItem(item)
        self.other.clear()

    def checked(self) -> list[tuple[str, str] | str]:
        """The ticked flags: (flag, note) for those with a note, bare names otherwise."""
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                flag, note = item.data(ID_ROLE)
                out.append((flag, note) if note else flag)
        return out
