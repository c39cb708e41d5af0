"""A receipt as a PDF, or as the HTML the window prints.

One small page of Qt rich text (QTextDocument), painted on a QPdfWriter with the day sheets'
font, like the client file (:mod:`frontdesk.export.pdf_client`). Every text is escaped. The
HTML is also what the window's printing lays out, so a printed receipt and a saved one read
the same.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from frontdesk.export import pdf_document
from frontdesk.export.files import replacing
from frontdesk.services.receipts import Receipt

_STYLE = """
h1 { font-size: 14pt; margin-bottom: 2pt; }
p.quiet { color: #5b6470; }
table { border-collapse: collapse; }
td { padding: 2pt 4pt; }
td.amount { text-align: right; }
tr.total td { font-weight: bold; border-top: 0.5pt solid #5b6470; }
"""


def title(receipt: Receipt) -> str:
    return f"{receipt.title} #{receipt.number}"


def paint(receipt: Receipt, device) -> int:
    """Lay the receipt out on a PDF writer or a printer; the number of pages."""
    return pdf_document.paint(html(receipt), title(receipt), device, style=_STYLE)


def write(receipt: Receipt, path: Path, *, paper: str = "A4") -> int:
    """Write ``receipt`` as a PDF at ``path`` (atomically); the number of pages."""
    with replacing(Path(path)) as temp:
        return pdf_document.write(html(receipt), title(receipt), temp, paper=paper,
                                  style=_STYLE)


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
