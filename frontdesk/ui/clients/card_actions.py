"""The clients window's card buttons: a new card, deactivate or reactivate, merge; and the
window's own Ctrl+Z / Ctrl+Shift+Z, since it is a window of its own.

Kept apart from the window's search and form; each action goes through ``door.ops`` (which
records undo and announces the change) and then shows the card as it now is. Deactivating
asks first, saying how many visits are still booked (they stay booked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import client_cards
from frontdesk.services.client_record import ClientRecord
from frontdesk.ui.clients.card_dialogs import MergeDialog, NewClientDialog
from frontdesk.ui.clients.waive_dialog import WaiveFeeDialog

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
        self.waive_button = QPushButton("&Waive fee…")
        self.waive_button.setObjectName("waive_fee")
        self.waive_button.setToolTip("Let the client off the no-show and late cancellation "
                                     "fees they owe, with a reason")
        for button in self.buttons:
            button.setAutoDefault(False)
        self.active_button.clicked.connect(self.toggle_active)
        self.merge_button.clicked.connect(lambda: self.merge())
        self.waive_button.clicked.connect(lambda: self.waive())
        self.dialog: QWidget | None = None
        self.confirm: QMessageBox | None = None
        self._undo_actions(window)

    def _undo_actions(self, window: ClientsWindow) -> None:
        """Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) here too: the same stack as the main window's,
        which does not hear keys typed in this window. A refused undo is said here."""
        stack = window.door.ops.stack
        self._trying = ""
        window.door.ops.failed.connect(self._failed)
        for text, keys, go in (
                ("Undo", [QKeySequence(QKeySequence.StandardKey.Undo)], stack.undo),
                ("Redo", [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")], stack.redo)):
            action = QAction(text, window)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, t=text, go=go: self._step(t, go))
            window.addAction(action)

    def _step(self, what: str, go) -> None:
        w = self.window
        stack = w.door.ops.stack
        text = stack.undoText() if what == "Undo" else stack.redoText()
        if not text:
            w.saved_note.setText(f"Nothing to {what.lower()}.")
            return
        w.errors.clear()
        self._trying = what
        try:
            go()
        finally:
            self._trying = ""
        if not w.errors.general.text():
            w.saved_note.setText(f"{'Undone' if what == 'Undo' else 'Redone'}: {text}")
        if w.record is not None:
            w.open_client(w.record.id)

    def _failed(self, what: str, error: FrontdeskError) -> None:
        if self._trying and what.startswith(self._trying):
            self.window.saved_note.clear()
            self.window.errors.show(None, f"{what}: {error}")

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return self.waive_button, self.active_button, self.merge_button

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
        self.waive_button.setVisible(rec is not None and rec.owed > 0)

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
        """Reactivate at once; deactivate after asking, saying what stays booked."""
        w = self.window
        rec: ClientRecord | None = w.record
        if rec is None:
            return
        if not rec.active:
            self._set_active(rec)
            return
        booked = w.door.read(client_cards.booked_ahead, rec.id, w.door.now())
        visits = (f"{booked} visit{'s are' if booked != 1 else ' is'} still booked, and "
                  f"{'they stay' if booked != 1 else 'it stays'} booked: cancel "
                  f"{'them' if booked != 1 else 'it'} in the book if the client will not come."
                  if booked else "No visits are booked ahead.")
        box = QMessageBox(
            QMessageBox.Icon.Question, "Deactivate client",
            f"Deactivate {rec.name} #{rec.id}?\n\nThe card leaves searches and "
            f"type-aheads; its history stays, #{rec.id} still finds it, and Ctrl+Z undoes "
            f"this.\n\n{visits}", QMessageBox.StandardButton.Cancel, w)
        box.setObjectName("confirm_deactivate")
        yes = box.addButton(f"&Deactivate {rec.name}", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(yes)
        yes.clicked.connect(lambda: self._set_active(rec))
        self.confirm = box
        box.open()

    def _set_active(self, rec: ClientRecord) -> None:
        w = self.window
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

    def waive(self) -> WaiveFeeDialog | None:
        w = self.window
        rec: ClientRecord | None = w.record
        if rec is None or rec.owed <= 0:
            return None
        dialog = WaiveFeeDialog(w.door, rec.id, rec.name, rec.owed, parent=w)
        dialog.accepted.connect(lambda: self._waived(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _waived(self, dialog: WaiveFeeDialog) -> None:
        w = self.window
        if dialog.receipt is not None:
            w.saved_note.setText(f"Fee waived (#{dialog.receipt.number}).")
        if w.record is not None:
            w.open_client(w.record.id)

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
