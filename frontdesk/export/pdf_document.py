"""A short document (an end-of-day sheet, a receipt, a report's table) on paper: HTML laid
out by Qt's QTextDocument and painted on a QPdfWriter or a QPrinter.

The day sheet has its own table painter (:mod:`frontdesk.export.pdf_table`) because a busy
clinic's day runs to pages of rows that must not split; these documents are a page or two of
totals and short lists, which Qt's rich-text layout pages well enough, and the same HTML is
what the window shows before printing. Only Qt's GUI classes are used: the command line
writes a PDF without a window (:func:`frontdesk.export.pdf.ensure_gui`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from frontdesk.export.pdf import MARGIN_MM, PAPERS, ensure_gui

#: Type size of the body text, in points.
POINTS = 10


def paint(html: str, title: str, device: QPagedPaintDevice) -> int:
    """Lay ``html`` out on ``device``'s page and paint it; the number of pages."""
    ensure_gui()
    device.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    for setter in ("setTitle", "setDocName"):
        if hasattr(device, setter):
            getattr(device, setter)(title)
    if hasattr(device, "setCreator"):
        device.setCreator("frontdesk")
    doc = QTextDocument()
    font = doc.defaultFont()
    font.setPointSizeF(POINTS)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    layout = device.pageLayout()
    # Laid out in points on the page's printable size: print() scales to the device.
    rect = layout.paintRect(QPageLayout.Unit.Point)
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(device)
    return doc.pageCount()


def write(html: str, title: str, path: Path, *, paper: str = "A4") -> int:
    """Write ``html`` as a PDF at ``path`` (the caller writes to a temporary name and
    replaces the real one); the number of pages."""
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAPERS[paper]))
    writer.setResolution(300)
    return paint(html, title, writer)
