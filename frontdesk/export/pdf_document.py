"""A short document (an end-of-day sheet, a receipt, a client's file) on paper: HTML laid
out by Qt's QTextDocument and painted on a QPdfWriter or a QPrinter.

The day sheet has its own table painter (:mod:`frontdesk.export.pdf_table`) because a busy
clinic's day runs to pages of rows that must not split; these documents are a few pages of
totals and short lists, which Qt's rich-text layout breaks into pages itself, and the same
HTML is what the window shows and prints. Only Qt's GUI classes are used: the command line
writes a PDF without a window (:func:`frontdesk.export.pdf.ensure_gui`). Callers escape
every text they put in the HTML.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from frontdesk.export.pdf import MARGIN_MM, PAPERS, ensure_gui
from frontdesk.export.pdf_grid import font

#: Type size of the body text, in points.
POINTS = 10.0


def document(html: str, *, points: float = POINTS, style: str = "") -> QTextDocument:
    """``html`` laid out in the day sheets' font, with ``style`` as its style sheet."""
    ensure_gui()
    doc = QTextDocument()
    doc.setDefaultFont(font(points))
    if style:
        doc.setDefaultStyleSheet(style)
    doc.setHtml(html)
    return doc


def paint(html: str, title: str, device: QPagedPaintDevice, *, points: float = POINTS,
          style: str = "") -> int:
    """Lay ``html`` out on ``device``'s pages (a QPdfWriter, or the printer a print dialog
    chose) within the day sheets' margins and paint it; the number of pages."""
    ensure_gui()
    device.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    for setter in ("setTitle", "setDocName"):  # a QPrinter's title is its doc name
        if hasattr(device, setter):
            getattr(device, setter)(title)
    if hasattr(device, "setCreator"):
        device.setCreator("frontdesk")
    doc = document(html, points=points, style=style)
    doc.print_(device)
    return doc.pageCount()


def write(html: str, title: str, path: Path, *, paper: str = "A4", points: float = POINTS,
          style: str = "") -> int:
    """Write ``html`` as a PDF at ``path`` (the caller writes to a temporary name and
    replaces the real one); the number of pages."""
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAPERS[paper]))
    return paint(html, title, writer, points=points, style=style)
