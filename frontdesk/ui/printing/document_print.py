"""A short document printed (a receipt, the end-of-day sheet): a print preview of the same
page the PDF holds, the printer's own dialog one click away, as the schedule is printed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from frontdesk.services.receipts import Receipt
from frontdesk.ui.widgets.screen_fit import fit_to_screen


def preview(title: str, paint: Callable[[object], object], parent: QWidget,
            size: tuple[int, int] = (800, 700)) -> QDialog:
    """Open a print preview that lays the page out with ``paint(device)`` (kept on
    ``parent`` while open, with its printer); the dialog."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {title}")
    dialog.paintRequested.connect(paint)
    fit_to_screen(dialog, *size)
    parent.print_printer, parent.print_dialog = printer, dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def print_receipt(receipt: Receipt, parent: QWidget) -> QDialog:
    """The receipt's print preview; the dialog."""
    from frontdesk.export import pdf_receipt

    return preview(pdf_receipt.title(receipt),
                   lambda device: pdf_receipt.paint(receipt, device), parent)
