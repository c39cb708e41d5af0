"""The Checkout dialog (key P): what a visit costs, a discount with its reason, fees owed from
before, the tip, and the payments, split across methods, with what is left to pay; then the
receipt, saved as a PDF or printed.

Every amount is typed as text and read by the domain (:func:`frontdesk.domain.money.parse`),
never by a spin box of floats; what is due and what is left are the ledger's own sums
(:func:`frontdesk.domain.ledger.due`). The checkout itself goes through ``door.ops`` (undo
voids it); a refusal is shown at the field at fault and nothing is written.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import ledger, money
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.domain.ledger import Discount, Method, Payment
from frontdesk.domain.text import client_label
from frontdesk.services import certificates, checkout
from frontdesk.services.checkout import CheckoutRequest, Quote
from frontdesk.services.receipts import Receipt
from frontdesk.ui.checkout.receipt_page import FormThenReceipt
from frontdesk.ui.widgets.forms import ERROR_STYLE, FieldErrors

#: The payment grid's rows: method, label (with its key).
METHODS = ((Method.CARD, "C&ard"), (Method.CASH, "Ca&sh"), (Method.CHECK, "Chec&k"),
           (Method.CERTIFICATE, "&Gift certificate"))


class CheckoutDialog(QDialog):
    """Checkout of ``appointment_ids`` (one visit, or a couple paying together)."""

    def __init__(self, door, appointment_ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.setWindowTitle("Checkout")
        self.quote: Quote = door.read(checkout.quote_in, appointment_ids)
        self.cur = money.currency(self.quote.currency)
        self.receipt: Receipt | None = None
        self.errors = FieldErrors(QLabel())
        self.pages = FormThenReceipt(self._form(), self.accept)
        self.receipt_page = self.pages.receipt_page
        self.receipt_view = self.receipt_page.view
        self.close_button = self.receipt_page.close_button
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.ok.setDefault(True)  # once in the dialog: Enter checks out
        self.setMinimumWidth(520)
        self._update()

    # -- the form -------------------------------------------------------------------------

    def _form(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        fmt = self._fmt
        visits = QGridLayout()
        for row, v in enumerate(self.quote.visits):
            visits.addWidget(QLabel(f"<b>{escape(client_label(v.client))}</b> — "
                                    f"{escape(v.service)} with {escape(v.therapist)}"), row, 0)
            price = QLabel(fmt(v.price))
            price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            visits.addWidget(price, row, 1)
        visits.setColumnStretch(0, 1)
        outer.addLayout(visits)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        self.discount = QLineEdit()
        self.discount.setPlaceholderText("amount, or 10%")
        self.discount.setAccessibleName("Discount")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Discount reason")
        self.reason.setPlaceholderText("why (needed with a discount)")
        self.errors.add_row(form, "discount", "&Discount:", self.discount)
        self.errors.add_row(form, "reason", "&Reason:", self.reason)
        owed = sum(self.quote.owed.values())
        self.collect = QCheckBox(f"Collect {fmt(owed)} owed from before (fees)")
        self.collect.setChecked(bool(owed))
        self.collect.setVisible(bool(owed))
        form.addRow(self.collect)
        self.tips: dict[int, QLineEdit] = {}
        therapists = dict.fromkeys((v.therapist_id, v.therapist) for v in self.quote.visits)
        for therapist_id, name in therapists:
            edit = QLineEdit()
            edit.setAccessibleName(f"Tip for {name}")
            self.tips[therapist_id] = edit
            self.errors.add_row(form, f"tip{therapist_id}",
                                "&Tip:" if len(therapists) == 1 else f"Tip for {name}:", edit)
        self.due_label = QLabel()
        self.due_label.setAccessibleName("Due")
        form.addRow("Due:", self.due_label)
        form.addRow(self._payments())
        self.left_label = QLabel()
        self.left_label.setAccessibleName("Left to pay")
        font = self.left_label.font()
        font.setBold(True)
        self.left_label.setFont(font)
        form.addRow("Left to pay:", self.left_label)
        form.addRow(self.errors.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Check &out", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.check_out)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for edit in (self.discount, *self.tips.values(), *self.amounts.values(), self.code):
            edit.textChanged.connect(self._update)
        self.collect.toggled.connect(self._update)
        return page

    def _payments(self) -> QGroupBox:
        box = QGroupBox("Payments")
        grid = QGridLayout(box)
        self.amounts: dict[Method, QLineEdit] = {}
        for row, (method, text) in enumerate(METHODS):
            edit = QLineEdit()
            edit.setAccessibleName(f"Paid by {method.label}")
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            self.errors.register(f"pay-{method.value}", edit, QLabel())
            self.amounts[method] = edit
        self.code = QLineEdit()
        self.code.setPlaceholderText("code, e.g. K7QM-4HXP")
        self.code.setAccessibleName("Gift certificate code")
        self.code_info = QLabel()
        self.code_info.setAccessibleName("Gift certificate balance")
        self.code_info.setWordWrap(True)
        look = QPushButton("&Look up")
        look.setAutoDefault(False)
        look.clicked.connect(self.look_up)
        self.code.installEventFilter(self)  # Enter in the code looks it up, not checks out
        last = len(METHODS) - 1
        grid.addWidget(self.code, last, 2)
        grid.addWidget(look, last, 3)
        grid.addWidget(self.code_info, last + 1, 1, 1, 3)
        code_error = QLabel()
        code_error.setStyleSheet("color: #b3261e;")
        code_error.setWordWrap(True)
        grid.addWidget(code_error, last + 2, 1, 1, 3)
        self.errors.register("certificate", self.code, code_error)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return box

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.code and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.look_up()
            return True
        return super().eventFilter(watched, event)

    def _fmt(self, minor: int) -> str:
        return money.format_amount(minor, self.cur)

    def _amount(self, edit: QLineEdit, field: str) -> int:
        """What ``edit`` holds in minor units (0 when empty); a refusal names the field as
        the desk sees it (its accessible name: "Tip for Ana")."""
        text = edit.text().strip()
        label = edit.accessibleName() or field
        return money.parse(text, self.cur, field, label[:1].lower() + label[1:]) if text else 0

    def request(self) -> CheckoutRequest:
        """What is typed, read; BadInput naming the field that cannot be read."""
        text = self.discount.text().strip()
        if text.endswith("%"):
            discount = Discount(percent=money.parse_percent(text), reason=self.reason.text())
        else:
            discount = Discount(amount=self._amount(self.discount, "discount"),
                                reason=self.reason.text())
        tips = {t: self._amount(edit, f"tip{t}") for t, edit in self.tips.items()}
        payments = []
        for method, edit in self.amounts.items():
            amount = self._amount(edit, f"pay-{method.value}")
            if amount:
                code = self.code.text() if method is Method.CERTIFICATE else ""
                payments.append(Payment(method, amount, code))
        return CheckoutRequest([v.appointment_id for v in self.quote.visits], payments,
                               {t: a for t, a in tips.items() if a}, discount,
                               collect_owed=self.collect.isChecked())

    def due(self, request: CheckoutRequest) -> int:
        owed = dict(self.quote.owed) if request.collect_owed else {}
        return ledger.due(ledger.Checkout(
            [ledger.Visit(v.appointment_id, v.client_id, v.therapist_id, v.price)
             for v in self.quote.visits], request.discount, request.tips, (), owed))

    def _update(self) -> None:
        """What is due and what is left, as typed; a field that cannot be read says so."""
        self.errors.clear()
        try:
            request = self.request()
            due = self.due(request)
        except BadInput as error:
            self.errors.show_error(error)
            self.left_label.setText("—")
            return
        left = due - sum(p.amount for p in request.payments)
        self.due_label.setText(self._fmt(due))
        self.left_label.setText(self._fmt(left) if left >= 0 else f"{self._fmt(-left)} too much")

    def look_up(self) -> None:
        """The certificate's balance and expiry beside its code."""
        if not self.code.text().strip():
            return
        try:
            cert = self.door.read(certificates.look_up_in, self.code.text(), self.door.now())
        except FrontdeskError as error:
            self.code_info.setText(str(error))
            return
        when = (f"{cert.expires:%a} {cert.expires.day} {cert.expires:%b %Y}"
                if cert.expires else "")
        if cert.expired:  # it pays for nothing: said as a refusal, not a balance
            self.code_info.setStyleSheet(ERROR_STYLE)
            self.code_info.setText(f"{cert.code} expired on {when}: it pays for nothing "
                                   f"({self._fmt(cert.balance)} unused)")
            return
        self.code_info.setStyleSheet("")
        state = f"expires {when}" if cert.expires else "no expiry"
        self.code_info.setText(f"{cert.code}: {self._fmt(cert.balance)} left ({state})")

    def check_out(self) -> None:
        try:
            request = self.request()
            self.receipt = self.door.ops.checkout(request)
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.show_receipt(self.receipt)

    # -- the receipt ----------------------------------------------------------------------

    def show_receipt(self, receipt: Receipt) -> None:
        self.ok.setDefault(False)
        self.pages.show_receipt(receipt)

    def save_pdf(self, path: Path) -> None:
        self.receipt_page.save_pdf(path)
