"""Refund… (the Appointment menu, on a visit checked out): part or all of what its checkout
took, by one of the methods it was paid, with the reason; then the refund's receipt.

What may still be given back by each method is the ledger's (``checkout.refundable_in``);
the refund is a new entry through ``door.ops``, never an edit of the checkout, and is not on
the undo stack: the money has left the till.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import money
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.domain.ledger import Method
from frontdesk.domain.text import client_label
from frontdesk.services import checkout
from frontdesk.services.checkout import Refundable
from frontdesk.ui.checkout.receipt_page import FormThenReceipt
from frontdesk.ui.widgets.forms import FieldErrors, amount_and_reason


class RefundDialog(QDialog):
    """A refund from the checkout that paid ``appointment_id``."""

    def __init__(self, door, appointment_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.left: Refundable = door.read(checkout.refundable_in, appointment_id)
        [self.visit] = door.read(checkout.quote_in, [appointment_id]).visits
        self.cur = money.currency(self.left.currency)
        self.setWindowTitle(f"Refund from receipt #{self.left.checkout_id}")
        self.errors = FieldErrors(QLabel())
        self.pages = FormThenReceipt(self._form(), self.accept)
        self.receipt_page = self.pages.receipt_page
        QVBoxLayout(self).addWidget(self.pages)
        self.setMinimumWidth(460)

    def _form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        v = self.visit
        layout.addWidget(QLabel(f"<b>{escape(client_label(v.client))}</b> — "
                                f"{escape(v.service)} with {escape(v.therapist)}, paid on "
                                f"receipt #{self.left.checkout_id}"))
        form = QFormLayout()
        self.method = QComboBox()
        self.method.setAccessibleName("Refund by")
        for method, most in self.left.by_method.items():
            self.method.addItem(f"{method.label.capitalize()} (up to {self._fmt(most)})",
                                method.value)
        self.method.currentIndexChanged.connect(lambda _i: self._whole())
        self.errors.add_row(form, "method", "Refund &by:", self.method)
        self.amount, self.reason = amount_and_reason(
            self.errors, form, self.cur.code, "why the money goes back (kept with the refund)")
        layout.addLayout(form)
        if not self.left.by_method:
            self.errors.show(None, "everything this checkout took was refunded already")
        layout.addWidget(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Re&fund", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(bool(self.left.by_method))
        self.ok.setDefault(True)
        buttons.accepted.connect(self.refund)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._whole()
        return page

    def _fmt(self, minor: int) -> str:
        return money.format_amount(minor, self.cur)

    def _chosen(self) -> Method | None:
        value = self.method.currentData()
        return Method(value) if value is not None else None

    def _whole(self) -> None:
        """The amount starts as all that may still go back by the method chosen."""
        method = self._chosen()
        if method is not None:
            self.amount.setText(money.plain(self.left.by_method[method], self.cur))

    def refund(self) -> None:
        self.errors.clear()
        method = self._chosen()
        try:
            if method is None:
                raise BadInput("nothing is left to refund", "method")
            amount = money.parse(self.amount.text(), self.cur, "amount", "the amount")
            receipt = self.door.ops.refund(self.left.checkout_id, method, amount,
                                           self.reason.text())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.pages.show_receipt(receipt)
