"""``frontdesk import clients FILE.csv [--dry-run] [--json]``: a client spreadsheet as cards.

Prints the columns as matched, one line per row not simply added (a duplicate with the card
it resembles, a refusal with its reason; every row with ``--json``), and a count. Exit 0
when every row was added, 3 when some were duplicates or refused, 2 for a file without a
column naming the client. The whole file is one transaction
(:mod:`frontdesk.services.client_import`): Ctrl+C part-way writes nothing.
"""

from __future__ import annotations

import sys

from frontdesk.cli.commands import _emit, _open
from frontdesk.cli.signin import actor_of
from frontdesk.environment import now_source
from frontdesk.services import client_import

#: Rows after which a terminal is shown how far the import is.
_PROGRESS_FROM = 200


def import_clients(args) -> int:
    sheet = client_import.read_file(args.file)  # a bad file is said before the book opens
    db = _open(args)
    shown = len(sheet.rows) >= _PROGRESS_FROM and sys.stderr.isatty()
    try:
        report = client_import.import_sheet(
            db, sheet, dry_run=args.dry_run, actor=actor_of(db), now=now_source(),
            progress=_progress if shown else None)
    except KeyboardInterrupt:
        if shown:
            print(file=sys.stderr)
        print("frontdesk: interrupted; nothing was imported", file=sys.stderr)
        return 130
    if shown:
        print(file=sys.stderr)
    lines = [f"{args.file}: {sheet.describe_columns()}", *sheet.notes]
    lines += [o.describe(report.dry_run) for o in report.outcomes
              if o.kind != client_import.ADDED]
    lines.append(report.summary())
    _emit(args, report.as_json() | {"file": args.file}, lines)
    return 0 if report.all_taken else 3


def _progress(done: int, total: int) -> bool:
    print(f"\rimporting: row {done} of {total}", end="", file=sys.stderr, flush=True)
    return True
