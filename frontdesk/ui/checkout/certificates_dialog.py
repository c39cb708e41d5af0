"""Gift certificates at the desk (Clients > Gift certificates…): every one sold with what it
still holds, one looked up by the code the client reads out, a new one sold (its value, how
it was paid, for whom, an expiry if any) with its receipt, and a sale voided when it was a
mistake.

Amounts are typed as text and read by the domain in the clinic's currency; the list is read
off the GUI thread; the sale and the void go through ``door.ops`` (not on the undo stack: a
certificate may be in the buyer's hands at once, so it is taken back on purpose, by a void,
which the ledger refuses once the certificate has paid for anything).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock, money
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.ledger import Method, Payment
from frontdesk.services import certificates
from frontdesk.services import ledger_store as store
from frontdesk.services.certificates import CertificateView
from frontdesk.ui.checkout.receipt_page import FormThenReceipt
from frontdesk.ui.widgets.date_formats import DATE
from frontdesk.ui.widgets.forms import ERROR_STYLE, FieldErrors

#: How a certificate may be paid for (never by another certificate).
PAID_BY = ((Method.CARD, "Card"), (Method.CASH, "Cash"), (Method.CHECK, "Check"))
COLUMNS = ("Code", "Sold", "Value", "Left", "Expires", "For")
ID = Qt.ItemDataRole.UserRole


class CertificatesDialog(QDialog):
    def __init__(self, door, parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.setWindowTitle("Gift certificates")
        self.cur = door.read(store.till).currency
        self.sold: list[CertificateView] = []
        self.errors = FieldErrors(QLabel())
        self.pages = FormThenReceipt(self._main(), self._back)
        self.receipt_page = self.pages.receipt_page
        QVBoxLayout(self).addWidget(self.pages)
        self.resize(760, 600)
        self.reload()

    # -- building ---------------------------------------------------------------------------

    def _main(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        find = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setAccessibleName("Certificate code")
        self.code.setPlaceholderText("the code on the certificate, e.g. K7QM-4HXP")
        self.code.returnPressed.connect(self.look_up)
        label = QLabel("&Code:")
        label.setBuddy(self.code)
        self.look_up_button = QPushButton("&Look up")
        self.look_up_button.setAutoDefault(False)
        self.look_up_button.clicked.connect(self.look_up)
        find.addWidget(label)
        find.addWidget(self.code, 1)
        find.addWidget(self.look_up_button)
        layout.addLayout(find)
        self.found = QLabel()
        self.found.setWordWrap(True)
        layout.addWidget(self.found)
        self.list = QTreeWidget()
        self.list.setAccessibleName("Gift certificates sold")
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.currentItemChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.list, 1)
        self.void_button = QPushButton("Voi&d sale…")
        self.void_button.setAutoDefault(False)
        self.void_button.setEnabled(False)
        self.void_button.clicked.connect(self.ask_void)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.void_button)
        layout.addLayout(row)
        layout.addWidget(self._sale())
        layout.addWidget(self.errors.general)
        return page

    def _sale(self) -> QGroupBox:
        box = QGroupBox("Sell a gift certificate")
        form = QFormLayout(box)
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Value")
        self.amount.setPlaceholderText("e.g. 100.00")
        self.amount.setMaximumWidth(160)
        self.errors.add_row(form, "amount", f"&Value ({self.cur.code}):", self.amount)
        self.method = QComboBox()
        self.method.setAccessibleName("Paid by")
        for method, text in PAID_BY:
            self.method.addItem(text, method)
        self.errors.add_row(form, "method", "Paid &by:", self.method)
        self.recipient = QLineEdit()
        self.recipient.setAccessibleName("For")
        self.recipient.setPlaceholderText("who it is for (optional)")
        self.errors.add_row(form, "recipient", "&For:", self.recipient)
        self.expiry = QCheckBox("E&xpires on")
        today = clock.to_local(self.door.now(), self.door.catalog.clinic.tz).date()
        self.expires = QDateEdit(QDate(today.year + 1, today.month, min(today.day, 28)))
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat(DATE)
        self.expires.setAccessibleName("Expiry date")
        self.expires.setEnabled(False)
        self.expiry.toggled.connect(self.expires.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.expiry)
        when.addWidget(self.expires)
        when.addStretch(1)
        holder = QWidget()
        holder.setLayout(when)
        when.setContentsMargins(0, 0, 0, 0)
        self.errors.add_row(form, "expires", "", holder)
        self.sell_button = QPushButton("&Sell")
        self.sell_button.setAutoDefault(False)
        self.sell_button.clicked.connect(self.sell)
        sell_row = QHBoxLayout()
        sell_row.addWidget(self.sell_button)
        sell_row.addStretch(1)
        form.addRow("", sell_row)
        return box

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.door.query(certificates.listed, self.door.now(), done=self.show_list,
                        failed=self._failed, key="certificates")

    def show_list(self, sold: list[CertificateView]) -> None:
        self.sold = sold
        self.list.clear()
        for c in sold:
            item = QTreeWidgetItem([
                c.code, _day(c.sold_on), self._fmt(c.amount), self._fmt(c.balance),
                _expiry(c), c.recipient or c.buyer])
            item.setData(0, ID, c.id)
            self.list.addTopLevelItem(item)
        for column in range(len(COLUMNS)):
            self.list.resizeColumnToContents(column)
        self._selected()

    def _fmt(self, minor: int) -> str:
        return money.format_amount(minor, self.cur)

    def _selected(self) -> CertificateView | None:
        item = self.list.currentItem()
        chosen = next((c for c in self.sold if item is not None and c.id == item.data(0, ID)),
                      None)
        self.void_button.setEnabled(chosen is not None and chosen.balance > 0)
        return chosen

    def look_up(self) -> None:
        self.errors.clear()
        try:
            cert = self.door.read(certificates.look_up_in, self.code.text(), self.door.now())
        except FrontdeskError as error:
            self.found.setStyleSheet(ERROR_STYLE)
            self.found.setText(str(error))
            return
        self.found.setStyleSheet("")
        self.found.setText(f"<b>{cert.code}</b>: {self._fmt(cert.balance)} left of "
                           f"{self._fmt(cert.amount)} · {_expiry(cert)}"
                           + (f" · for {cert.recipient}" if cert.recipient else ""))
        for i in range(self.list.topLevelItemCount()):
            if self.list.topLevelItem(i).data(0, ID) == cert.id:
                self.list.setCurrentItem(self.list.topLevelItem(i))

    # -- writing ----------------------------------------------------------------------------

    def sell(self) -> None:
        self.errors.clear()
        try:
            amount = money.parse(self.amount.text(), self.cur, "amount", "the value")
            expires = self.expires.date().toPython() if self.expiry.isChecked() else None
            _cert, receipt = self.door.ops.sell_certificate(
                amount, [Payment(Method(self.method.currentData()), amount)],
                recipient=self.recipient.text(), expires=expires)
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.amount.clear()
        self.recipient.clear()
        self.pages.show_receipt(receipt)

    def ask_void(self) -> None:
        cert = self._selected()
        if cert is None:
            return
        reason, ok = QInputDialog.getText(
            self, "Void sale", f"Why is the sale of {cert.code} ({self._fmt(cert.amount)}) "
            "taken back? The money goes back as it came; the certificate pays for nothing.")
        if not ok:
            return
        try:
            receipt = self.door.ops.void_sale(cert.id, reason)
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.pages.show_receipt(receipt)

    def _back(self) -> None:
        self.setWindowTitle("Gift certificates")
        self.pages.setCurrentIndex(0)
        self.reload()

    def _failed(self, error: Exception) -> None:
        self.errors.show(None, str(error))


def _expiry(cert: CertificateView) -> str:
    if cert.expires is None:
        return "no expiry"
    when = _day(cert.expires)
    return f"expired {when}" if cert.expired else f"until {when}"


def _day(d: date) -> str:
    """"Thu 1 Oct 2026", as the lists write a day (no platform's own strftime flags)."""
    return f"{d:%a} {d.day} {d:%b %Y}"
