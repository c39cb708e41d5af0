"""The clients window's card buttons: a new card, deactivate or reactivate, merge.

Kept apart from the window's search and form; each action goes through ``door.ops`` (which
records undo and announces the change) and then shows the card as it now is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from frontdesk.domain.errors import FrontdeskError
from frontdesk.services.client_record import ClientRecord
from frontdesk.ui.clients.card_dialogs import MergeDialog, NewClientDialog

if TYPE_CHECKING:
    from frontdesk.ui.clients.clients_window import ClientsWindow


class CardActions:
    """``window`` is the ClientsWindow: its door, open record, errors and open_client."""

    def __init__(self, window: ClientsWindow):
        self.window = window
        #: "#302", "#302 · deactivated", "#303 · merged into #302": the number the command
        #: line and the type-aheads find the card by.
        self.state = QLabel()
        self.state.setObjectName("card_state")
        self.state.setAccessibleName("Card number")
        self.state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.active_button = QPushButton("&Deactivate")
        self.active_button.setObjectName("deactivate")
        self.active_button.setToolTip("Hide the card from searches; its history stays, and "
                                      "its number still finds it")
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.setObjectName("merge")
        self.merge_button.setToolTip("Merge another card (a duplicate) into this one")
        for button in self.buttons:
            button.setAutoDefault(False)
        self.active_button.clicked.connect(self.toggle_active)
        self.merge_button.clicked.connect(lambda: self.merge())
        self.dialog: QWidget | None = None

    @property
    def buttons(self) -> tuple[QPushButton, QPushButton]:
        return self.active_button, self.merge_button

    def show_record(self, rec: ClientRecord | None) -> None:
        merged = rec is not None and rec.merged_into is not None
        state = "" if rec is None else f"#{rec.id}" + (
            f" · merged into #{rec.merged_into}" if merged else
            " · deactivated: found by its number only" if not rec.active else "")
        self.state.setText(state)
        self.active_button.setText("&Reactivate" if rec is not None and not rec.active
                                   else "&Deactivate")
        self.active_button.setEnabled(rec is not None and not merged)
        self.merge_button.setEnabled(rec is not None and rec.active)

    def new_client(self, name: str = "") -> NewClientDialog:
        w = self.window
        dialog = NewClientDialog(w.door, name, parent=w)
        dialog.accepted.connect(lambda: self._opened(dialog.client_id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _opened(self, client_id: int | None) -> None:
        if client_id is not None:
            self.window.open_client(client_id)

    def toggle_active(self) -> None:
        w = self.window
        rec: ClientRecord | None = w.record
        if rec is None:
            return
        try:
            w.door.ops.set_client_active(rec.id, rec.name, not rec.active)
        except FrontdeskError as error:
            w.errors.show_error(error)
            return
        w.saved_note.setText("Reactivated." if not rec.active
                             else "Deactivated: found by its number only.")
        w.open_client(rec.id)

    def merge(self) -> MergeDialog | None:
        w = self.window
        rec: ClientRecord | None = w.record
        if rec is None:
            return None
        dialog = MergeDialog(w.door, rec.id, rec.name, parent=w)
        dialog.accepted.connect(lambda: self._merged(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _merged(self, dialog: MergeDialog) -> None:
        done = dialog.result_
        if done is None:
            return
        w = self.window
        w.saved_note.setText(
            f"Merged #{done.merged_id}: {done.appointments} appointment"
            f"{'s' * (done.appointments != 1)} moved.")
        w.open_client(done.kept.id)
        if w.search.text().strip():  # the merged card leaves the list shown
            w._search()
