"""A client's own file as a PDF: what the book holds about them, readable by the client.

Laid out by Qt's rich text (a QTextDocument of simple HTML: headings, a few tables), which
breaks its pages itself and numbers them; painted on a QPdfWriter with the day sheets' font
and margins. A file is a few pages, so none of the day sheet's own table machinery is needed.
Every text is escaped: a note holding "<b>" prints as typed.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from frontdesk.export import pdf_document
from frontdesk.services.client_file import ClientFile, Entry

#: How much of one changed value the audit table prints (the JSON file holds it whole).
VALUE_CHARS = 160
_STYLE = """
h1 { font-size: 15pt; margin-bottom: 2pt; }
h2 { font-size: 11.5pt; margin-top: 14pt; margin-bottom: 4pt; }
p.quiet { color: #5b6470; }
table { border-collapse: collapse; }
th { background-color: #e4e7eb; text-align: left; }
th, td { padding: 2pt 4pt; border: 0.5pt solid #c8cdd3; vertical-align: top; }
"""


def write(file: ClientFile, path: Path, *, paper: str = "A4") -> int:
    """Write ``file`` as a PDF at ``path``; returns the number of pages. The caller writes
    to a temporary name and replaces the real one."""
    return pdf_document.write(html(file), f"{file.name}: client file", path, paper=paper,
                              points=9, style=_STYLE)


def html(file: ClientFile) -> str:
    """The file as the HTML the PDF is laid out from."""
    c = file.counts
    card = [("Card number", f"#{file.id}" + ("" if file.active else " (deactivated)")),
            ("Name", file.name),
            ("Phones", ", ".join(f"{p['number']} ({p['label']})" for p in file.phones)),
            ("E-mail", file.email), ("Alert", file.alert), ("Notes", file.notes),
            ("Card made", _when(file.created_at))]
    if file.merged_cards:
        card.append(("Cards merged into it", ", ".join(f"#{i}" for i in file.merged_cards)))
    parts = [
        f"<h1>{_e(file.name)}</h1>",
        f"<p class='quiet'>What {_e(file.clinic)} holds about card #{file.id}, "
        f"as of {_e(_when(file.made_at))}.</p>",
        "<h2>Card</h2>", _table(["", ""], card, header=False, first="25%"),
        "<h2>Contraindications</h2>",
        _table(["Flag", "Note"], [(f["flag"], f["note"]) for f in file.flags])
        if file.flags else "<p>None recorded.</p>",
        "<h2>Visits</h2>",
        f"<p>{c.total} in all: {c.visits} completed, {c.no_shows} no-show(s), "
        f"{c.late_cancels} late cancellation(s), {c.cancelled} cancelled, "
        f"{c.upcoming} to come.</p>",
        _table(["#", "When", "Service", "Therapist", "Room", "Status", "Notes"],
               [(str(v.id), f"{_when(v.start)}–{v.end[11:16]}", v.service,
                 v.therapist, v.room, v.status.replace("_", " "),
                 "; ".join(t for t in (v.notes, v.cancel_reason, v.cautions_acknowledged)
                           if t)) for v in file.visits]) if file.visits else "<p>None.</p>",
        "<h2>Waiting list</h2>",
        _table(["Service", "Therapist", "Days", "From", "To", "Until", "Note"],
               [(w.service, w.therapist or "any", w.weekdays or "any", w.earliest, w.latest,
                 w.until, w.note) for w in file.waitlist])
        if file.waitlist else "<p>None.</p>",
        *(["<h2>Bookings from the website</h2>",
           _table(["LatePoint #", "When", "Service", "Customer", "Phone", "E-mail", "Here"],
                  [(w.web_id, _when(w.start), w.service, w.customer, w.phone, w.email,
                    w.state + (f": {w.reason}" if w.reason else "")) for w in file.web_bookings])]
          if file.web_bookings else []),
        "<h2>Record of changes</h2>",
        _table(["When", "Who", "What", "Changes"],
               [(_when(e.at), e.actor, f"{e.action} {_subject(e)}",
                 _changes(e)) for e in file.audit]) if file.audit else "<p>None.</p>",
    ]
    return "".join(parts)


def _subject(e: Entry) -> str:
    kind = {"clients": "card", "appointments": "visit", "waitlist": "waiting-list entry"}
    return f"{kind.get(e.entity, e.entity)} #{e.entity_id}"


def _changes(e: Entry) -> str:
    """"field: before → after" for each field that changed (all of a new row's filled ones)."""
    before, after = e.before or {}, e.after or {}
    out = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new or (not old and not new):
            continue
        shown = f"{_value(old)} → {_value(new)}" if key in before and key in after \
            else _value(new if key in after else old)
        out.append(f"{key}: {shown}")
    return "; ".join(out)


def _value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS - 1] + "…"


def _table(columns: list[str], rows, *, header: bool = True, first: str = "") -> str:
    top = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in columns) + "</tr>" if header else ""
    width = f" width='{first}'" if first else ""
    body = "".join("<tr>" + "".join(f"<td{width if n == 0 else ''}>{_e(cell)}</td>"
                                    for n, cell in enumerate(row)) + "</tr>" for row in rows)
    return f"<table width='100%' cellspacing='0' cellpadding='2'>{top}{body}</table>"


def _when(iso: str) -> str:
    """"2026-11-30 09:50" from an ISO instant in the clinic's zone."""
    return iso[:16].replace("T", " ")


def _e(text: object) -> str:
    return escape(str(text or "")).replace("\n", "<br>")
