"""A receipt printed: a print preview of the same page the PDF holds (the printer's own
dialog is one click away), as the schedule is printed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.services.receipts import Receipt
from frontdesk.ui.widgets.screen_fit import fit_to_screen


def print_receipt(receipt: Receipt, parent: QWidget):
    """Open the preview (kept on ``parent`` while open); the dialog."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from frontdesk.export import pdf_receipt

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(f"{receipt.title} {receipt.number}")
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {receipt.title} #{receipt.number}")
    dialog.paintRequested.connect(lambda device: pdf_receipt.document(receipt).print_(device))
    fit_to_screen(dialog, 800, 700)
    parent.print_printer, parent.print_dialog = printer, dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog
