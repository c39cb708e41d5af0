"""``frontdesk close-day``: close the day and write its end-of-day sheet.

    frontdesk close-day -o close.pdf                       # today, closed, as a PDF
    frontdesk close-day --date 2026-11-30 -o close.csv     # that day, as CSV
    frontdesk close-day --preview -o - --format csv        # the sheet so far, not closed

Closing records that the day's ledger entries so far are closed (nothing is changed: a
payment or a void written afterwards is a new entry, listed on the sheet after the close,
and closing again covers it). A day still to come is refused (exit 2). Needs the right to
check out (a desk or manager account, on a book with accounts).
"""

from __future__ import annotations

from pathlib import Path

from frontdesk.cli.commands import _open
from frontdesk.cli.signin import actor_of
from frontdesk.domain import clock, money
from frontdesk.domain.errors import BadInput
from frontdesk.environment import now_source
from frontdesk.export import close_sheet
from frontdesk.services import day_close, ledger_store


def close_day(args) -> int:
    fmt = args.format or ("csv" if args.output == "-"
                          else Path(args.output).suffix.lstrip(".").lower())
    if fmt not in close_sheet.FORMATS:
        raise BadInput(f"say --format ({' or '.join(close_sheet.FORMATS)}): the output "
                       f"{args.output!r} does not tell", "format")
    from frontdesk.export.writer import check_target

    check_target(fmt, args.output)
    db = _open(args)
    now = now_source()
    with db.read() as session:
        tz = ledger_store.till(session).tz
    day = clock.parse_date(args.date) if args.date else clock.to_local(now(), tz).date()
    if args.preview:
        with db.read() as session:
            sheet, wrote = day_close.gather(session, day), False
    else:
        sheet, wrote = day_close.close(db, day, actor=actor_of(db), now=now)
    count = close_sheet.write(sheet, fmt, args.output, paper=args.paper or "A4")
    said = money.format_amount(sheet.money_in, sheet.currency)
    what = ("preview, not closed" if args.preview else "closed" if wrote
            else "closed already; nothing written since")
    if args.output != "-":
        unit = "page" if fmt == "pdf" else "row"
        print(f"{day:%a} {day.day} {day:%b %Y}: {what}; money in {said}, "
              f"{len(sheet.unpaid)} completed visit{'s' * (len(sheet.unpaid) != 1)} unpaid; "
              f"wrote {args.output} "
              f"({count} {unit}{'s' * (count != 1)})")
    return 0
