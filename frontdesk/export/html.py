"""The day sheet as one self-contained, printable HTML page.

No scripts, fonts, images or style sheets from elsewhere: the page opens from an e-mail or a
USB stick, and prints a day per sheet of paper (the paper size is the page's own ``@page``
rule). Columns and cell texts are the list's (:mod:`frontdesk.export.base`), the same as the
PDF's, so the two never disagree about what a sheet shows.
"""

from __future__ import annotations

from html import escape

from frontdesk.export.base import Progress, cells, list_columns, long_date, tick, title
from frontdesk.services.daysheet import Sheet, SheetDay

STYLE = """
@page { size: %(paper)s; margin: 14mm 12mm; }
body { font: 10pt/1.35 "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", sans-serif;
       color: #1d2228; margin: 0 auto; max-width: 1100px; padding: 12px; }
section { break-after: page; page-break-after: always; }
section:last-of-type { break-after: auto; page-break-after: auto; }
header { display: flex; justify-content: space-between; align-items: baseline;
         border-bottom: 1.5px solid #1d2228; margin: 0 0 8px; padding-bottom: 4px; }
header h1 { font-size: 14pt; margin: 0; }
header .day { font-size: 12pt; font-weight: 600; }
header .who { color: #47525e; }
table { border-collapse: collapse; width: 100%%; }
thead { display: table-header-group; }
th { background: #e8ecf0; text-align: left; font-size: 9pt; }
th, td { border: 1px solid #b8c2cc; padding: 3px 5px; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
tbody tr:nth-child(even) td { background: #f6f8fa; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.alert { color: #a3161a; font-weight: 600; }
td.status-confirmed { color: #1b6e2a; font-weight: 600; }
p.none, p.note, footer { color: #5b6670; font-size: 9pt; }
footer { margin-top: 6px; }
"""

_CLASS = {"Time": "time", "Alerts & contraindications": "alert"}


def page(sheet: Sheet, paper: str = "A4", progress: Progress | None = None) -> str:
    sections = []
    for done, day in enumerate(sheet.days, 1):
        sections.append(_section(sheet, day))
        tick(progress, done, len(sheet.days))
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='generator' content='frontdesk'>"
            f"<title>{escape(title(sheet))}</title><style>{STYLE % {'paper': paper}}</style></head>"
            f"<body>{''.join(sections)}</body></html>\n")


def _section(sheet: Sheet, day: SheetDay) -> str:
    who = escape(sheet.title) + (" · private copy" if sheet.private else "")
    head = (f"<header><h1>{escape(sheet.clinic)}</h1>"
            f"<span class='day'>{long_date(day.day)}</span>"
            f"<span class='who'>{who}</span></header>")
    visits = day.active
    cancelled = len(day.visits) - len(visits)
    if visits:
        cols = list_columns(sheet)
        rows = []
        for v in visits:
            text = cells(sheet, v)
            tds = "".join(f"<td class='{_css(c, text)}'>{escape(text[c])}</td>" for c in cols)
            rows.append(f"<tr data-id='{v.appt.id}'>{tds}</tr>")
        body = (f"<table><thead><tr>{''.join(f'<th>{escape(c)}</th>' for c in cols)}</tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table>")
    else:
        body = "<p class='none'>No appointments.</p>"
    if cancelled:
        body += f"<p class='note'>{cancelled} cancelled not shown.</p>"
    made = sheet.local(sheet.made_at)
    foot = (f"<footer>{len(visits)} appointment{'s' * (len(visits) != 1)} · printed "
            f"{made:%Y-%m-%d %H:%M} by frontdesk</footer>")
    return f"<section>{head}{body}{foot}</section>"


def _css(column: str, text: dict[str, str]) -> str:
    if column == "Status":
        return f"status-{text['Status'].replace(' ', '-')}"
    return _CLASS.get(column, "")


def write(sheet: Sheet, out, paper: str = "A4", progress: Progress | None = None) -> int:
    out.write(page(sheet, paper, progress))
    return len(sheet.visits)
