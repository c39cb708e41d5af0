"""The appointment editor's client rows: who the visit is for, and what the desk must know.

The client is found by the type-ahead (name or phone digits), or typed as a new card made
with the booking (the "New client" box); when the engine finds a card like the new one, the
existing card is offered first ("Use …" or "Add anyway"). A chosen client's alert and flags
show under the field at once, because the desk must see them before booking. The section
decides nothing: the editor sends :meth:`ClientSection.choice` with its request, and the
engine's answer comes back through the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QWidget

from frontdesk.domain.errors import Unreachable
from frontdesk.domain.text import digits
from frontdesk.services import clients
from frontdesk.services.booking import NewClient
from frontdesk.ui.clients.duplicate_offer import DuplicateOffer
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.cautions import WrappingLabel
from frontdesk.ui.widgets.pickers import ClientTypeAhead

WARNING_STYLE = ("color: palette(bright-text); background: #8a5300; padding: 2px 6px;"
                 " border-radius: 3px;")

#: The editor's way to add a field's row: (form, field, label, widget) -> its error label.
AddRow = Callable[[QFormLayout, str, str, QWidget], QLabel]


class ClientSection(QObject):
    """The client field, the alert line, the new-client box and the duplicate offer, as rows
    of the editor's form (:meth:`add_rows`).

    ``client_id`` is the chosen card (None: none, or a new one typed); ``name`` and ``flags``
    are that client's, for the contraindication warning. ``chosen`` when who the client is
    changes (the warning follows), ``edited`` when the request changes, ``send_requested``
    when the desk answered the duplicate offer and the booking is to be sent again.
    """

    chosen = Signal()
    edited = Signal()
    send_requested = Signal()

    def __init__(self, door: Door, editor: QWidget):
        super().__init__(editor)
        self.door, self.editor = door, editor
        self.client_id: int | None = None
        self.name, self.flags = "", ()
        self.allow_duplicate = False
        self.type_ahead: ClientTypeAhead | None = None

    def add_rows(self, form: QFormLayout, add_row: AddRow) -> None:
        self.client = QLineEdit()
        self.client.setAccessibleName("Client")
        self.client.setPlaceholderText("Name or phone digits")
        self.client.setClearButtonEnabled(True)
        add_row(form, "client", "&Client:", self.client)
        self.alert = WrappingLabel()
        self.alert.setStyleSheet(WARNING_STYLE)
        self.alert.setAccessibleName("Client alerts")
        self.alert.hide()
        form.addRow("", self.alert)
        self.new_box = self._new_client_box(add_row)
        form.addRow("", self.new_box)
        self.duplicate = DuplicateOffer()
        self.duplicate.use.connect(self._use_existing)
        self.duplicate.add_anyway.connect(self._add_anyway)
        form.addRow("", self.duplicate)

    def _new_client_box(self, add_row: AddRow) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setAccessibleName("New client")
        form = QFormLayout(box)
        form.addRow(QLabel("<b>New client</b> — created with this booking"))
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("New client's name")
        add_row(form, "name", "N&ame:", self.new_name)
        self.new_phone = QLineEdit()
        self.new_phone.setAccessibleName("New client's phone")
        self.new_phone.setPlaceholderText("optional")
        add_row(form, "phone", "&Phone:", self.new_phone)
        for edit in (self.new_name, self.new_phone):
            edit.textEdited.connect(self._new_client_edited)
        box.hide()
        return box

    def attach_type_ahead(self) -> ClientTypeAhead:
        """Suggestions under the client field (only where the client may change)."""
        self.type_ahead = ClientTypeAhead(self.client, self.search)
        self.type_ahead.picked.connect(self._pick)
        self.type_ahead.new_requested.connect(self._new_client)
        return self.type_ahead

    def search(self, text: str) -> list[clients.ClientView]:
        """Up to eight clients matching ``text`` (names, phone digits), for the type-ahead;
        none while the server is away (what is typed stays, and is sent once it is back)."""
        try:
            return self.door.read(clients.search, text, limit=8)
        except Unreachable:
            return []

    def typed(self, _text: str) -> None:
        """Typing in the client field: the client chosen before is no longer the one."""
        self.client_id = None
        self.chosen.emit()
        self.alert.hide()
        self.new_box.hide()
        self.edited.emit()

    def _pick(self, view: clients.ClientView) -> None:
        self.client_id = view.id
        self.new_box.hide()
        self._show_alerts(view)
        self.edited.emit()

    def _new_client(self, text: str) -> None:
        self.client_id = None
        self.allow_duplicate = False
        self.duplicate.withdraw()
        self.alert.hide()
        is_phone = len(digits(text)) >= 3 and not any(ch.isalpha() for ch in text)
        self.new_name.setText("" if is_phone else text)
        self.new_phone.setText(text if is_phone else "")
        self.new_box.show()
        (self.new_phone if self.new_name.text() else self.new_name).setFocus()

    def _new_client_edited(self, *_args) -> None:
        self.allow_duplicate = False  # another name or number is checked again
        self.duplicate.withdraw()
        self.edited.emit()

    def _use_existing(self, found) -> None:
        """The desk takes the existing card the engine found instead of a new one."""
        self.duplicate.withdraw()
        self.new_box.hide()
        self.show_client(found.id)
        self.send_requested.emit()

    def _add_anyway(self) -> None:
        self.duplicate.withdraw()
        self.allow_duplicate = True
        self.send_requested.emit()

    def show_client(self, client_id: int) -> None:
        """Show card ``client_id`` as the chosen client, with its alerts."""
        view = self.door.read(clients.card, client_id)
        if view is not None:
            self.client_id = view.id
            self.client.setText(view.name)
            self._show_alerts(view)

    def _show_alerts(self, view: clients.ClientView) -> None:
        self.name, self.flags = view.name, view.flags
        self.chosen.emit()
        parts = [f"Alert: {view.alert}"] if view.alert.strip() else []
        if view.flags:
            parts.append("Flags: " + ", ".join(f.replace("_", " ") for f in view.flags))
        self.alert.setText("⚠ " + " · ".join(parts) if parts else "")
        self.alert.setVisible(bool(parts))

    def choice(self) -> tuple[int | None, NewClient | None]:
        """The request's client: a card's id, or the new card to make with the booking."""
        if self.new_box.isVisibleTo(self.editor):
            return None, NewClient(self.new_name.text(), phone=self.new_phone.text(),
                                   allow_duplicate=self.allow_duplicate)
        text = self.client.text().strip()
        if self.client_id is not None or not text:
            return self.client_id, None
        # typed in full without picking a suggestion
        return self.door.read(clients.resolve_id, text), None
