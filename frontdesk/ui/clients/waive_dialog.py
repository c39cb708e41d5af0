"""Waive fee… on a client's card: let the client off part or all of the no-show and late
cancellation fees they owe, with the reason. A new entry in the ledger (``Fees.waive``)
through ``door.ops``; not on the undo stack, like a refund: it is a decision told to the
client, taken back by charging again if it was a mistake."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import money
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import ledger_store as store
from frontdesk.services.receipts import Receipt
from frontdesk.ui.widgets.forms import FieldErrors, amount_and_reason


class WaiveFeeDialog(QDialog):
    """Waive what client ``client_id`` (``name``) owes: ``owed`` minor units at most."""

    def __init__(self, door, client_id: int, name: str, owed: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.client_id = door, client_id
        self.cur = door.read(store.till).currency
        self.receipt: Receipt | None = None
        self.setWindowTitle(f"Waive {name}'s fees")
        self.errors = FieldErrors(QLabel())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{escape(name)}</b> owes "
                                f"{money.format_amount(owed, self.cur)} in fees."))
        form = QFormLayout()
        self.amount, self.reason = amount_and_reason(
            self.errors, form, self.cur.code, "why the client is let off (kept with the waiver)")
        self.amount.setText(money.plain(owed, self.cur))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("&Waive", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.waive)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def waive(self) -> None:
        self.errors.clear()
        try:
            amount = money.parse(self.amount.text(), self.cur, "amount", "the amount")
            self.receipt = self.door.ops.waive_fee(self.client_id, amount, self.reason.text())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.accept()
