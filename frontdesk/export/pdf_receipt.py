"""A receipt as a PDF, or as the HTML the window prints.

One small page of Qt rich text (QTextDocument), painted on a QPdfWriter with the day sheets'
font, like the client file (:mod:`frontdesk.export.pdf_client`). Every text is escaped. The
HTML is also what the window's printing lays out, so a printed receipt and a saved one read
the same.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from frontdesk.export.files import replacing
from frontdesk.export.pdf import MARGIN_MM, PAPERS, ensure_gui
from frontdesk.export.pdf_grid import font
from frontdesk.services.receipts import Receipt

_STYLE = """
h1 { font-size: 14pt; margin-bottom: 2pt; }
p.quiet { color: #5b6470; }
table { border-collapse: collapse; }
td { padding: 2pt 4pt; }
td.amount { text-align: right; }
tr.total td { font-weight: bold; border-top: 0.5pt solid #5b6470; }
"""


def document(receipt: Receipt) -> QTextDocument:
    """The receipt laid out (for a PDF or a printer)."""
    doc = QTextDocument()
    doc.setDefaultFont(font(10))
    doc.setDefaultStyleSheet(_STYLE)
    doc.setHtml(html(receipt))
    return doc


def write(receipt: Receipt, path: Path, *, paper: str = "A4") -> int:
    """Write ``receipt`` as a PDF at ``path`` (atomically); the number of pages."""
    ensure_gui()
    with replacing(Path(path)) as temp:
        writer = QPdfWriter(str(temp))
        writer.setPageSize(QPageSize(PAPERS[paper]))
        writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                              QPageLayout.Unit.Millimeter)
        writer.setTitle(f"{receipt.title} #{receipt.number}")
        writer.setCreator("frontdesk")
        doc = document(receipt)
        doc.print_(writer)
        return doc.pageCount()


def html(receipt: Receipt) -> str:
    """The receipt as the HTML it is laid out from."""
    head = [f"<h1>{_e(receipt.clinic)}</h1>",
            f"<p>{_e(receipt.title)} #{receipt.number} · {_e(receipt.at)}"
            + (f" · {_e(', '.join(receipt.clients))}" if receipt.clients else "") + "</p>"]
    if receipt.reverses is not None:
        head.append(f"<p class='quiet'>Of receipt #{receipt.reverses}"
                    + (f": {_e(receipt.reason)}" if receipt.reason else "") + "</p>")
    rows = [(line.label, line.shown) for line in receipt.lines]
    body = _table(rows, ("Total", receipt.total))
    paid = _table([(p.label, p.shown) for p in receipt.payments], None) \
        if receipt.payments else ""
    tail = []
    if receipt.voided_by is not None:
        tail.append(f"<p><b>Voided</b> by #{receipt.voided_by}.</p>")
    tail.append(f"<p class='quiet'>Amounts in {_e(receipt.currency)}. Cards are taken on the "
                "clinic's own terminal; this receipt records the payment.</p>")
    return "".join([*head, body, "<p><b>Paid</b></p>" if paid else "", paid, *tail])


def _table(rows, total: tuple[str, str] | None) -> str:
    body = "".join(f"<tr><td width='75%'>{_e(label)}</td>"
                   f"<td class='amount' width='25%'>{_e(amount)}</td></tr>"
                   for label, amount in rows)
    if total is not None:
        body += (f"<tr class='total'><td>{_e(total[0])}</td>"
                 f"<td class='amount'>{_e(total[1])}</td></tr>")
    return f"<table width='100%' cellspacing='0' cellpadding='2'>{body}</table>"


def _e(text: object) -> str:
    return escape(str(text or "")).replace("\n", "<br>")
