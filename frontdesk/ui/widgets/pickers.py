"""Entry fields the appointment and waitlist dialogs share: the client type-ahead and a time
box that steps by the clinic's slot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QTimeEdit, QWidget

from frontdesk.services import clients

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # what a suggestion puts into the client field
NEW = -1  # the "New client …" suggestion


class ClientTypeAhead(QObject):
    """Suggestions under a line edit from :func:`clients.search` (names, phone digits), the
    first one highlighted for Enter, and a last "New client …" entry, because a new caller may
    share a name prefix with someone known."""

    picked = Signal(object)  # the ClientView chosen
    new_requested = Signal(str)  # the text typed, to become a new client

    def __init__(self, edit: QLineEdit, search: Callable[[str], list[clients.ClientView]]):
        super().__init__(edit)
        self.edit, self.search = edit, search
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(9)
        self.completer.activated[QModelIndex].connect(self._activated)
        # Attached with setWidget, not QLineEdit.setCompleter: the line edit would match the
        # typed text against the suggestions itself (which fails for phone digits) and
        # overwrite what is typed while the suggestions are browsed.
        self.completer.setWidget(edit)
        edit.textEdited.connect(self.refresh)
        self._found: dict[int, clients.ClientView] = {}

    def refresh(self, text: str) -> None:
        """Fill the suggestions for ``text`` (the line edit then pops them up)."""
        self.model.clear()
        text = text.strip()
        found = self.search(text) if text else []
        self._found = {c.id: c for c in found}
        for c in found:
            mark = "  ⚠" if c.alert or c.flags else ""
            self._add(f"{c.name}    {c.phone}".rstrip() + mark, c.id, c.name)
        if text:
            self._add(f"New client “{text}”", NEW, text)
            self.completer.complete()
            popup = self.completer.popup()
            popup.setCurrentIndex(self.completer.completionModel().index(0, 0))  # Enter takes it
        else:
            self.completer.popup().hide()

    def _add(self, label: str, key: int, text: str) -> None:
        item = QStandardItem(label)
        item.setData(key, ID_ROLE)
        item.setData(text, TEXT_ROLE)
        item.setEditable(False)
        self.model.appendRow(item)

    def _activated(self, index: QModelIndex) -> None:
        self.edit.setText(index.data(TEXT_ROLE))
        key = index.data(ID_ROLE)
        if key == NEW:
            self.new_requested.emit(index.data(TEXT_ROLE))
        elif key in self._found:
            self.picked.emit(self._found[key])


class SlotTimeEdit(QTimeEdit):
    """A time box whose minutes step by the clinic's slot (arrow keys, wheel)."""

    def __init__(self, slot_minutes: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.slot = max(1, slot_minutes)

    def stepBy(self, steps: int) -> None:
        if self.currentSection() == QTimeEdit.Section.MinuteSection:
            self.setTime(self.time().addSecs(steps * self.slot * 60))
        else:
            super().stepBy(steps)
