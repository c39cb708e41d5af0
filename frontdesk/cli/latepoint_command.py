"""``frontdesk import latepoint FILE.csv``: the website's LatePoint bookings into the book.

    frontdesk import latepoint bookings.csv --exported-on 2026-11-30
    frontdesk import latepoint bookings.csv --map-service "Relax 60=Swedish Massage 60"

Exit 0 when every row was taken (booked, applied, or nothing to do), 3 when the booking
engine refused some (each said with its row and reason, and kept for the window's list),
2 when the file is not a LatePoint export, a date cannot be read (row and text), or a
service or agent name is unknown (nothing is imported then). The whole file is one unit:
Ctrl+C (exit 130) or a lost server stops it with nothing imported, said on stderr.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from frontdesk.cli.commands import _catalog, _emit, _open
from frontdesk.cli.signin import actor_of
from frontdesk.domain import clock
from frontdesk.domain.errors import LOST_AT_COMMIT, BadInput, Busy, Unreachable
from frontdesk.environment import now_source
from frontdesk.services import latepoint
from frontdesk.services.latepoint_file import read_export

#: From this many rows on, a terminal is shown the import's progress.
LONG = 20
STOPPED = "frontdesk: stopped: nothing was imported (the book is as it was)"


def import_latepoint(args) -> int:
    path = Path(args.file)
    exported_on = _export_day(args.exported_on, path)
    rows = read_export(path, exported_on)  # all read and checked before the book is opened
    db = _open(args)
    tz = _catalog(db).clinic.tz
    actor = actor_of(db)
    for kind, option in (("service", args.map_service), ("therapist", args.map_therapist)):
        for pair in option or []:
            web, sep, ours = pair.rpartition("=")
            if not sep or not web.strip() or not ours.strip():
                raise BadInput(f"--map-{'agent' if kind == 'therapist' else kind} wants "
                               f"\"WEBSITE NAME=OUR NAME\", not {pair!r}", kind)
            latepoint.remember(db, kind, web, ours, actor=actor)
    shown = sys.stderr.isatty() and len(rows) >= LONG and not getattr(args, "json", False)
    try:
        report = latepoint.run(db, rows, actor=actor, now=now_source(),
                               progress=_progress if shown else None)
    except KeyboardInterrupt:
        print(("\n" if shown else "") + STOPPED, file=sys.stderr)
        return 130
    except (Unreachable, Busy) as error:  # said next, by the command line's own words
        if str(error) != LOST_AT_COMMIT:
            print(("\n" if shown else "") + STOPPED, file=sys.stderr)
        raise
    if shown:
        print(file=sys.stderr)
    lines = [f"row {r.row} (LatePoint #{r.web_id}, {clock.format_local(r.start, tz)}): "
             f"{'refused: ' if r.refused else ''}{r.message}"
             for r in report.results if r.outcome not in ("unchanged",)]
    lines.append(f"{path.name}, exported on {exported_on}: {report.summary()}")
    if report.refused:
        lines.append("the refused rows are kept in the window's Tools > Web bookings to "
                     "resolve…")
    _emit(args, {"file": path.name, "exported_on": exported_on.isoformat(),
                 "counts": {o: report.count(o) for o in OUTCOMES},
                 "rows": [r.as_json(tz) for r in report.results]}, lines)
    return 3 if report.refused else 0


OUTCOMES = ("booked", "moved", "cancelled", "status", "unchanged", "skipped", "refused")


def _export_day(given: str | None, path: Path) -> date:
    """The day the file was exported: as given; else asked on a terminal (the file's own
    date offered); else the file's date, said on stderr."""
    if given:
        return clock.parse_date(given, "--exported-on")
    try:
        mtime = date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        mtime = datetime.now().date()
    if sys.stdin.isatty():
        answer = input(f"Day {path.name} was exported on the website [{mtime}]: ").strip()
        return clock.parse_date(answer, "export day") if answer else mtime
    print(f"frontdesk: reading {path.name}'s dates as exported on {mtime} (the file's "
          "date; say --exported-on otherwise)", file=sys.stderr)
    return mtime


def _progress(done: int, total: int) -> bool:
    print(f"\rimporting: row {done} of {total}", end="", file=sys.stderr, flush=True)
    return True
