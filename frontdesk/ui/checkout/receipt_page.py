"""A receipt on screen with what may be done with it: saved as a PDF, printed, closed. The
checkout's and a gift certificate sale's (or its void's) are the same page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.receipts import Receipt


class ReceiptPage(QWidget):
    """``closed``: the desk is done with the receipt (Close, or Enter once it is shown)."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.receipt: Receipt | None = None
        layout = QVBoxLayout(self)
        self.view = QTextBrowser()
        self.view.setAccessibleName("Receipt")
        layout.addWidget(self.view)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_ = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.save, self.print_):
            button.setAutoDefault(False)
        self.close_button = close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.save.clicked.connect(self.ask_save)
        self.print_.clicked.connect(self.ask_print)
        close.clicked.connect(self.closed.emit)
        layout.addWidget(buttons)

    def show_receipt(self, receipt: Receipt) -> None:
        from frontdesk.export import pdf_receipt

        self.receipt = receipt
        self.view.setHtml(pdf_receipt.html(receipt))
        self.close_button.setDefault(True)  # Enter now closes: what was paid is recorded
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_pdf(self, path: Path) -> None:
        from frontdesk.export import pdf_receipt

        assert self.receipt is not None
        pdf_receipt.write(self.receipt, path)

    def ask_save(self) -> None:
        if self.receipt is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save the receipt",
                                              f"receipt-{self.receipt.number}.pdf",
                                              "PDF (*.pdf)")
        if name:
            self.save_pdf(Path(name))

    def ask_print(self) -> None:
        if self.receipt is not None:
            from frontdesk.ui.printing.document_print import print_receipt

            print_receipt(self.receipt, self)


class FormThenReceipt(QStackedWidget):
    """A dialog's form, then, once what it records is written, the receipt in its place,
    the window titled with the receipt's number: the checkout's, a certificate sale's, a
    refund's. ``closed`` runs when the desk is done with the receipt."""

    def __init__(self, form: QWidget, closed: Callable[[], None]):
        super().__init__()
        self.addWidget(form)
        self.receipt_page = ReceiptPage()
        self.receipt_page.closed.connect(closed)
        self.addWidget(self.receipt_page)

    def show_receipt(self, receipt: Receipt) -> None:
        self.window().setWindowTitle(f"Receipt #{receipt.number}")
        self.setCurrentIndex(1)
        self.receipt_page.show_receipt(receipt)
