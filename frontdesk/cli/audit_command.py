"""``frontdesk audit``: the audit trail, newest first, filtered as the window's Audit trail.

    frontdesk audit                              # the newest 200 entries
    frontdesk audit --appointment 2061           # what happened to one visit
    frontdesk audit --client "#302" --json       # everything about one client, for programs
    frontdesk audit --user ana --limit 1000      # what one staff member changed

Plain text: a line per entry (number, local time, who, what, about what) and the fields it
changed; ``--json`` a list of entries with their whole state before and after (fields in
the README). Whether the trail is intact is ``frontdesk check``'s to say. Here ``--user``
(or ``--by``) is the filter, as the issue asked; a manager signs in before the command
(``frontdesk --user maria audit --user ana``) or with ``FRONTDESK_USER``.
"""

from __future__ import annotations

import sys

from frontdesk.cli.commands import _catalog, _emit, _open
from frontdesk.domain import clock
from frontdesk.services import audit_view


def audit(args) -> int:
    db = _open(args)
    catalog = _catalog(db)
    tz, wording = catalog.clinic.tz, audit_view.Wording.of(catalog)
    flt = audit_view.Filter(appointment_id=args.appointment, client=args.client,
                            actor=args.by, limit=args.limit)
    with db.read() as session:
        found = audit_view.find(session, flt)
    lines = []
    for e in found.entries:
        lines.append(f"#{e.id:<7} {clock.to_local(e.at, tz):%Y-%m-%d %H:%M}  {e.actor:<14} "
                     f"{e.action:<14} {e.subject}")
        summary = e.summary(wording)
        if summary:
            lines.append(f"{'':9}{summary}")
    if not found.entries:
        lines.append("no audit entries match")
    _emit(args, [e.as_json(tz) for e in found.entries], lines)
    if found.more:
        print(f"frontdesk: the newest {flt.limit:,} entries are shown; --limit N shows more",
              file=sys.stderr)
    return 0
