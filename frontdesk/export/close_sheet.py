"""The end-of-day sheet as a CSV file, as HTML (what the window shows), and as a PDF or a
printed page (the HTML laid out by :mod:`frontdesk.export.pdf_document`).

The CSV is one flat table, ``day, section, item, count, amount, detail``, so that a
spreadsheet sums it and a program reads it back: amounts are plain decimals in the clinic's
currency ("1234.50", no symbol or grouping), counts whole numbers. The sections are
``close`` (its state), ``visits`` (by status), ``takings`` (per method: checkouts paid by it
and the net; what went back out in the detail), ``totals``, ``revenue`` and ``tips`` (per
therapist; the count is visits completed), ``unpaid``, ``missed`` and ``after_close``.
"""

from __future__ import annotations

import csv
from html import escape
from pathlib import Path
from typing import IO

from frontdesk.domain import money
from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import Status
from frontdesk.domain.text import client_label
from frontdesk.export.csv_sheet import guard
from frontdesk.export.files import opened, replacing
from frontdesk.services.day_close import CloseSheet, VisitLine

FORMATS = ("pdf", "csv")
COLUMNS = ("day", "section", "item", "count", "amount", "detail")
#: Statuses in the order the sheet lists them, with their words.
STATUS_WORDS = {"booked": "booked, not seen", "confirmed": "confirmed, not seen",
                "arrived": "arrived", "in_session": "in session", "completed": "completed",
                "no_show": "no-show", "late_cancel": "late cancellation",
                "cancelled": "cancelled"}


def _day(sheet: CloseSheet) -> str:
    """"Thu 3 Dec 2026"."""
    return f"{sheet.day:%a} {sheet.day.day} {sheet.day:%b %Y}"


def title(sheet: CloseSheet) -> str:
    return f"{sheet.clinic or 'Clinic'} — close of {_day(sheet)}"


def state(sheet: CloseSheet) -> str:
    """"Closed 18:02 by ana" (and how often), or "Not closed yet"."""
    last = sheet.closed
    if last is None:
        return "Not closed yet"
    again = f" (closed {len(sheet.closes)} times)" if len(sheet.closes) > 1 else ""
    return (f"Closed {sheet.local(last.at):%a %d %b %H:%M} by {last.by or 'the desk'}"
            f"{again}").replace(" 0", " ", 1)


def rows(sheet: CloseSheet) -> list[list[str]]:
    """The sheet as CSV rows (without the heading)."""
    cur = sheet.currency

    def amt(minor: int) -> str:
        return money.plain(minor, cur)

    out = [["close", "state", "", "", state(sheet)]]
    for status, word in STATUS_WORDS.items():
        out.append(["visits", word, str(sheet.counts.get(Status(status), 0)), "", ""])
    for t in sheet.takings:
        out.append(["takings", t.method.label, str(t.payments), amt(t.net),
                    f"taken {amt(t.taken)}, back {amt(t.returned)}" if t.returned else ""])
    out += [["totals", "money in", "", amt(sheet.money_in), ""],
            ["totals", "service revenue", "", amt(sheet.revenue - sheet.discounts), ""],
            ["totals", "discounts", "", amt(sheet.discounts), ""],
            ["totals", "tips", "", amt(sheet.tips), ""],
            ["totals", "fees charged", "", amt(sheet.fees), ""],
            ["totals", "fees waived", "", amt(sheet.waived), ""],
            ["totals", "gift certificates sold", "", amt(sheet.certificates_sold), ""]]
    for th in sheet.therapists:
        out.append(["revenue", th.therapist, str(th.completed), amt(th.revenue), ""])
    for th in sheet.therapists:
        out.append(["tips", th.therapist, "", amt(th.tips), ""])
    for v in sheet.unpaid:
        out.append(["unpaid", _visit(sheet, v), "1", amt(v.price), f"#{v.appointment_id}"])
    for v in sheet.missed:
        out.append(["missed", _visit(sheet, v), "1", amt(v.fee),
                    f"#{v.appointment_id} {STATUS_WORDS[v.status.value]}"])
    for g in sheet.late:
        what = f"{g.kind.value} #{g.checkout_id}" + (
            f" of #{g.reverses}" if g.reverses else "")
        out.append(["after_close", what, "", amt(g.money_in),
                    f"{sheet.local(g.at):%Y-%m-%d %H:%M} {g.actor} {g.reason}".strip()])
    day = sheet.day.isoformat()
    return [[day, *(guard(c) for c in r)] for r in out]


def write_csv(sheet: CloseSheet, out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    body = rows(sheet)
    writer.writerows(body)
    return len(body)


def html(sheet: CloseSheet) -> str:
    """The sheet as HTML for QTextDocument: headings, a totals table, the lists."""
    cur = sheet.currency

    def amt(minor: int) -> str:
        return escape(money.format_amount(minor, cur))

    def table(head: list[str], body: list[list[str]], right: set[int]) -> str:
        if not body:
            return "<p><i>None.</i></p>"
        cells = "".join(f"<th align='{'right' if i in right else 'left'}'>{escape(h)}</th>"
                        for i, h in enumerate(head))
        lines = [f"<tr>{cells}</tr>"]
        for r in body:
            lines.append("<tr>" + "".join(
                f"<td align='{'right' if i in right else 'left'}'>{c}</td>"
                for i, c in enumerate(r)) + "</tr>")
        return ("<table width='100%' cellspacing='0' cellpadding='3' border='0.5' "
                "style='border-collapse: collapse; border-color: #9aa1a9'>"
                + "".join(lines) + "</table>")

    counts = [[escape(word), str(sheet.counts.get(Status(s), 0))]
              for s, word in STATUS_WORDS.items() if sheet.counts.get(Status(s), 0)]
    takings = [[escape(t.method.label.capitalize()), str(t.payments), amt(t.taken),
                amt(t.returned), f"<b>{amt(t.net)}</b>"] for t in sheet.takings]
    takings.append(["<b>Total</b>", str(sum(t.payments for t in sheet.takings)),
                    amt(sum(t.taken for t in sheet.takings)),
                    amt(sum(t.returned for t in sheet.takings)),
                    f"<b>{amt(sheet.money_in)}</b>"])
    totals = [["Service revenue (after discounts)", amt(sheet.revenue - sheet.discounts)],
              ["Discounts given", amt(sheet.discounts)], ["Tips", amt(sheet.tips)],
              ["Fees charged", amt(sheet.fees)], ["Fees waived", amt(sheet.waived)],
              ["Gift certificates sold", amt(sheet.certificates_sold)]]
    therapists = [[escape(t.therapist), str(t.completed), amt(t.revenue), amt(t.tips)]
                  for t in sheet.therapists]
    unpaid = [[*_cells(sheet, v), amt(v.price)] for v in sheet.unpaid]
    missed = [[*_cells(sheet, v), escape(STATUS_WORDS[v.status.value]), amt(v.fee)]
              for v in sheet.missed]
    late = [[f"#{g.checkout_id}", f"{sheet.local(g.at):%a %d %b %H:%M}",
             escape(g.kind.value + (f" of #{g.reverses}" if g.reverses else "")),
             escape(g.actor), escape(g.reason), amt(g.money_in)] for g in sheet.late]
    visit_head = ["Time", "#", "Client", "Therapist", "Service"]
    parts = [
        f"<h2>Close of {escape(_day(sheet))}</h2>",
        f"<p>{escape(sheet.clinic)} · {escape(state(sheet))} · amounts in {escape(cur.code)}"
        "</p>",
        "<h3>Money in by method</h3>",
        table(["Method", "Checkouts", "Taken", "Back out", "Net"], takings, {1, 2, 3, 4}),
        "<h3>Totals</h3>", table(["", "Amount"], totals, {1}),
        "<h3>Tips and revenue per therapist</h3>",
        table(["Therapist", "Completed", "Revenue", "Tips"], therapists, {1, 2, 3}),
        "<h3>Completed, not checked out</h3>",
        table([*visit_head, "Price"], unpaid, {1, 5}),
        "<h3>No-shows and late cancellations</h3>",
        table([*visit_head, "Status", "Fee"], missed, {1, 6}),
        "<h3>Visits</h3>", table(["Status", "Visits"], counts, {1}),
    ]
    if sheet.late:
        parts += ["<h3>Written after the close</h3>",
                  table(["Receipt", "When", "What", "By", "Reason", "Money in"], late, {5})]
    return "".join(parts)


def write(sheet: CloseSheet, fmt: str, target: str | Path, *, paper: str = "A4") -> int:
    """Write the sheet as ``fmt`` ("pdf" or "csv") to ``target`` ("-": standard output,
    CSV only); the number of rows (PDF: pages)."""
    from frontdesk.export.writer import check_target

    if fmt not in FORMATS:
        raise BadInput(f"the close of day is written as {' or '.join(FORMATS)}, not {fmt!r}",
                       "format")
    check_target(fmt, target)
    if fmt == "csv":
        with opened(target, bom=True) as out:
            return write_csv(sheet, out)
    from frontdesk.export import pdf_document  # Qt is loaded only for a PDF

    with replacing(Path(target)) as temp:
        return pdf_document.write(html(sheet), title(sheet), temp, paper=paper)


def _visit(sheet: CloseSheet, v: VisitLine) -> str:
    return f"{sheet.local(v.start):%H:%M} {client_label(v.client)} — {v.service} " \
           f"with {v.therapist}"


def _cells(sheet: CloseSheet, v: VisitLine) -> list[str]:
    return [f"{sheet.local(v.start):%H:%M}", str(v.appointment_id),
            escape(client_label(v.client)), escape(v.therapist), escape(v.service)]
