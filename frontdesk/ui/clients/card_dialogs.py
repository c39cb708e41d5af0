"""The clients window's card dialogs: a new card, and merging another card into the open one.

A new card is checked by the engine for duplicates; when one exists the dialog offers it
("Use Jana Novak #302") or adds anyway. A merge picks the other card with the client
type-ahead and says, before anything is written, what moves. Both write through
``door.ops`` (the new card is undoable; the merge is asked first instead).
"""

from __future__ import annotations

import contextlib
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.contraindications import KNOWN_FLAGS
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import client_cards, clients
from frontdesk.services.client_cards import Duplicate, DuplicateClient
from frontdesk.ui.clients.duplicate_offer import DuplicateOffer
from frontdesk.ui.clients.flag_picker import FlagPicker
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.forms import FieldErrors
from frontdesk.ui.widgets.pickers import ClientTypeAhead


class NewClientDialog(QDialog):
    """A new client card. ``client_id`` is the card made, or the existing one chosen."""

    def __init__(self, door: Door, name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.client_id: int | None = None
        self.setWindowTitle("New client")
        self.name, self.phone, self.email, self.alert = (QLineEdit() for _ in range(4))
        self.name.setText(name)
        self.alert.setPlaceholderText("Shown in red wherever this client appears")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.picker = FlagPicker()
        self.flags = self.picker.list
        # Every known flag shown whole, with room for one added under "Other…".
        self.flags.setMinimumHeight(self.picker.rows_height(len(KNOWN_FLAGS) + 1))
        self.errors = FieldErrors()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, label, widget in (
                ("name", "&Name:", self.name), ("phone", "&Phone:", self.phone),
                ("email", "&E-mail:", self.email), ("alert", "&Alert:", self.alert),
                ("notes", "N&otes:", self.notes)):
            widget.setObjectName(field)
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            self.errors.add_row(form, field, label, widget)
        # The alert's placeholder says what it is for: shown whole.
        self.alert.setMinimumWidth(
            self.alert.fontMetrics().horizontalAdvance(self.alert.placeholderText()) + 24)
        flags_box = QGroupBox("Contra&indications")
        flags_error = FieldErrors().general
        self.errors.register("flags", self.flags, flags_error)
        flags_layout = QVBoxLayout(flags_box)
        flags_layout.addWidget(self.picker)
        flags_layout.addWidget(flags_error)
        flags_box.setFocusProxy(self.flags)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addWidget(flags_box, 2)
        self.offer = DuplicateOffer()
        self.offer.use.connect(self._use)
        self.offer.add_anyway.connect(lambda: self.add(allow_duplicate=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton("&Add client")
        self.add_button.setObjectName("add")
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(lambda: self.add())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.offer)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        # Default only once in the dialog: set before, Qt leaves Cancel to take Enter.
        self.add_button.setDefault(True)
        for edit in (self.name, self.phone, self.email):
            edit.textEdited.connect(lambda _: self._withdraw())
        self.name.setFocus()

    def _withdraw(self) -> None:
        """The details changed: the offer no longer holds, and Enter adds again."""
        if self.offer.isVisible():
            self.offer.withdraw()
            self.add_button.setDefault(True)

    def checked_flags(self) -> tuple[str, ...]:
        return self.picker.names()

    def add(self, allow_duplicate: bool = False) -> None:
        """Add the card; a duplicate is offered instead, a bad field is shown at the field."""
        self.errors.clear()
        try:
            card = self.door.ops.add_client(
                self.name.text(), phone=self.phone.text(), email=self.email.text(),
                alert=self.alert.text(), notes=self.notes.toPlainText(),
                flags=self.checked_flags(), allow_duplicate=allow_duplicate)
        except DuplicateClient as duplicate:
            self.offer.offer(duplicate.matches)
            return
        except FrontdeskError as error:
            self.offer.withdraw()
            self.errors.show_error(error)
            return
        self.client_id = card.id
        self.accept()

    def _use(self, match: Duplicate) -> None:
        self.client_id = match.id
        self.accept()


class MergeDialog(QDialog):
    """Merge another card into ``kept`` (the card open in the window).

    The other card is chosen with the type-ahead, or by its number typed ("#302" or "302",
    shown as soon as it is typed); the dialog then shows who it is (number, phones, visits)
    and what moves, and merges only on its own button, which names both cards: a merge
    cannot be undone, so Enter alone never does it."""

    def __init__(self, door: Door, kept_id: int, kept_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.kept_id, self.kept_name = door, kept_id, kept_name
        self.other: client_cards.MergePreview | None = None
        self.result_: client_cards.Merged | None = None
        self.setWindowTitle(f"Merge into {kept_name} #{kept_id}")
        self.client = QLineEdit(placeholderText="Name, phone digits or #number of the other card")
        self.client.setObjectName("other")
        self.client.setAccessibleName("Card to merge")
        self.type_ahead = ClientTypeAhead(self.client, self._search)
        self.type_ahead.picked.connect(self.pick)
        self.client.returnPressed.connect(self._typed)
        self.client.textEdited.connect(self._edited)
        self.card = QLabel(wordWrap=True)
        self.card.setObjectName("merged_card")
        self.card.setAccessibleName("Card to merge")
        self.card.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.card.font()
        bold.setBold(True)
        self.card.setFont(bold)
        self.what = QLabel(wordWrap=True)
        self.what.setObjectName("what_moves")
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.errors = FieldErrors()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setObjectName("merge")
        # An action, not the dialog's accept, and no button is the default (Qt would make the
        # first auto-default one so): Enter never merges, nor closes what was chosen.
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Keep {kept_name} #{kept_id}, and merge into it:"))
        layout.addWidget(self.client)
        layout.addWidget(self.card)
        layout.addWidget(self.what)
        layout.addStretch(1)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self._clear()
        self.resize(560, 300)

    def _search(self, text: str) -> list[clients.ClientView]:
        found = self.door.read(clients.search, text, limit=8)
        return [c for c in found if c.id != self.kept_id]

    def _clear(self) -> None:
        self.other = None
        self.card.clear()
        self.what.clear()
        self.merge_button.setText("&Merge")
        self.merge_button.setEnabled(False)
        self.merge_button.setAutoDefault(False)
        self.merge_button.setDefault(False)

    def _edited(self, text: str) -> None:
        """A new text: nothing chosen, unless it is a card's number ("#302", "302")."""
        self._clear()
        self.errors.clear()
        if _NUMBER.match(text.strip()):
            # Still being typed when it finds nothing: Enter then says why.
            with contextlib.suppress(FrontdeskError):
                self._show(self.door.read(clients.resolve_id, text.strip()))

    def _typed(self) -> None:
        """Enter on a typed name or "#number" without picking a suggestion: show that card
        (never merge)."""
        if self.other is None and self.client.text().strip():
            try:
                self._show(self.door.read(clients.resolve_id, self.client.text()))
            except FrontdeskError as error:
                self.errors.show_error(error)

    def pick(self, view: clients.ClientView) -> None:
        """The card picked in the type-ahead."""
        self.errors.clear()
        self._show(view.id)

    def pick_number(self, client_id: int) -> None:
        """The card numbered ``client_id`` chosen, as if typed (the client import's offer
        to merge a card it added anyway)."""
        self.client.setText(f"#{client_id}")
        self._show(client_id)

    def _show(self, client_id: int) -> None:
        """Who the card is and what moves; the merge button then names both cards."""
        try:
            other = self.door.read(client_cards.merge_preview, self.kept_id, client_id,
                                   self.door.now())
        except FrontdeskError as error:
            self._clear()
            self.errors.show_error(error)
            return
        self.other = other
        state = "" if other.active else " (deactivated)"
        phones = ", ".join(other.phones) or "no phone"
        self.card.setText(f"{other.name} #{other.id}{state} · {phones}"
                          + (f" · {other.email}" if other.email else ""))
        if other.refusal:
            self.what.setText(f"Cannot merge: {other.refusal}.")
            self.merge_button.setEnabled(False)
            return
        ahead = f" ({other.booked_ahead} still booked)" if other.booked_ahead else ""
        extras = [x for x, there in (("its phones", other.phones),
                                     ("contraindications", other.flags)) if there]
        self.what.setText(
            f"{_count(other.appointments, 'appointment')}{ahead} and "
            f"{_count(other.waitlist, 'waitlist entry')} move to #{self.kept_id}"
            + (f"; {' and '.join(extras)} are added" if extras else "")
            + "; its notes and alert are appended. "
            f"#{other.id} is then deactivated; its number finds #{self.kept_id}. "
            "A merge cannot be undone.")
        self.merge_button.setText(
            f"&Merge {other.name} #{other.id} into {self.kept_name} #{self.kept_id}")
        self.merge_button.setEnabled(True)

    def merge(self) -> None:
        if self.other is None or self.other.refusal:
            return
        try:
            self.result_ = self.door.ops.merge_clients(self.kept_id, self.other.id)
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.accept()


#: A card's number as the desk types it: "#302" or "302".
_NUMBER = re.compile(r"#?\d+$")


def _count(n: int, word: str) -> str:
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"
