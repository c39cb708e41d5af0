"""``frontdesk report NAME --from D --to D``: one of the owner's reports, for managers.

    frontdesk report utilisation --from 2026-01-01 --to 2026-12-31           # CSV on screen
    frontdesk report no-shows --from 2026-01-01 --to 2026-06-30 -o weeks.pdf # chart + table
    frontdesk report busiest-hours --from 2026-01-01 --to 2026-12-31 -o heat.png
    frontdesk report new-returning --from 2026-01-01 --to 2026-12-31 --period week --json

The format is ``--format`` or the output file's suffix; with no ``-o`` the CSV goes to
standard output. The figures are :mod:`frontdesk.services.reports`'; the files
:mod:`frontdesk.export.report_file`'s, the same as the window's Export. Exit codes as every
command's: 0 done, 2 bad input (an unknown report, a date that is not one, a range that
ends before it starts), 4 not a manager, 1 anything else.
"""

from __future__ import annotations

from frontdesk.cli.commands import _catalog, _emit, _open
from frontdesk.domain import clock
from frontdesk.domain import reports as rules
from frontdesk.export import report_file
from frontdesk.services import reports


def report(args) -> int:
    target = args.output or "-"
    fmt = report_file.format_of(target, args.format or ("csv" if target == "-" else None))
    report_file.check_target(fmt, target)
    r = rules.Range(clock.parse_date(args.start, "from"), clock.parse_date(args.end, "to"))
    db = _open(args)
    country = _catalog(db).clinic.country
    with db.read() as session:
        found = reports.run(session, args.name, r, period=args.period)
    if getattr(args, "json", False):
        _emit(args, [dict(zip(found.columns, row, strict=True)) for row in found.cells], [])
        return 0
    count = report_file.write(found, fmt, target, country=country)
    if target != "-":
        what = {"csv": f"{count} row{'s' * (count != 1)}",
                "pdf": f"{count} page{'s' * (count != 1)}", "png": "a chart"}[fmt]
        print(f"wrote {target}: {found.title}, {r.first} to {r.last} ({what})")
    return 0
