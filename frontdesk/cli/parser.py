"""The command line's grammar (argparse), one sub-parser per command.

Light on purpose: it names each command's function in :mod:`frontdesk.cli.commands` instead
of importing it, so ``--version``, ``--help`` and a usage error answer without loading
SQLAlchemy, the services or the writers; main() imports the commands after parsing.
"""

from __future__ import annotations

import argparse
import sys

from frontdesk import __version__
from frontdesk.cli import money_parser
from frontdesk.domain.hours import PARTS_OF_DAY
from frontdesk.domain.status import Source, Status
from frontdesk.export.base import FORMATS, LAYOUTS, PAPERS

#: The reports ``frontdesk report`` knows (frontdesk.services.reports.REPORTS, named here so
#: that a usage error answers without loading the services).
REPORT_NAMES = ("utilisation", "no-shows", "busiest-hours", "new-returning", "revenue")


class Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr and exit code 2, like every other bad input."""

    def error(self, message: str):
        print(f"frontdesk: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(2)


def appointment_id(text: str) -> int:
    """An appointment number as listed ("2061" or "#2061")."""
    value = int(text.strip().lstrip("#"))
    if value <= 0:
        raise ValueError(text)
    if value >= 2**31:  # INTEGER keys: 32 bits on PostgreSQL, which errs on larger ones
        raise argparse.ArgumentTypeError(f"no appointment #{value}")
    return value


appointment_id.__name__ = "appointment number"


def _common(json: bool = True, user: bool = True) -> argparse.ArgumentParser:
    # SUPPRESS keeps a value given before the command from being reset by the sub-parser.
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                   help="database URL (default: $FRONTDESK_DB or the user's SQLite file)")
    if user:
        p.add_argument("--user", dest="signin", metavar="NAME", default=argparse.SUPPRESS,
                       help="sign in as NAME on a book with staff accounts (default: "
                            "$FRONTDESK_USER; the password is asked, or $FRONTDESK_PASSWORD)")
    if json:
        p.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help="machine-readable output")
    return p


def build_parser() -> Parser:
    parser = Parser(prog="frontdesk", description="The clinic's appointment book.")
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    parser.add_argument("--db", metavar="URL", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", default=False, help=argparse.SUPPRESS)
    parser.add_argument("--user", dest="signin", metavar="NAME", default=None,
                        help=argparse.SUPPRESS)
    parser.set_defaults(run="gui", command="gui")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def command(name: str, run: str, help: str, json: bool = True, user: bool = True) -> Parser:
        """A sub-command; ``run`` names its function in frontdesk.cli.commands."""
        p = sub.add_parser(name, help=help, description=help, parents=[_common(json, user)])
        p.set_defaults(run=run, command=name)
        return p

    command("gui", "gui", "open the appointment book window (the default)", json=False)

    p = command("init", "init", "create or upgrade the database (idempotent)")
    p.add_argument("--name", help="the clinic's name")
    p.add_argument("--timezone", metavar="TZ", help="IANA zone, default America/New_York")
    p.add_argument("--keep", choices=["wall-clock", "instants"],
                   help="a new zone on a book with visits: keep their clock times, or the "
                        "moments (then their clock times change)")

    p = command("demo", "demo", "fill an empty database with the demo clinic")
    p.add_argument("--scale", choices=["small", "large"], default="small")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="the demo's today (default: today)")

    p = command("list", "list_", "list therapists, rooms, services, clients or "
                "appointments")
    p.add_argument("what", choices=["therapists", "rooms", "services", "clients", "appointments"])
    p.add_argument("--date", metavar="YYYY-MM-DD", help="first day of appointments (today)")
    p.add_argument("--days", type=int, default=1, help="number of days of appointments")
    p.add_argument("--therapist", metavar="NAME", help="only this therapist's appointments")
    p.add_argument("--room", metavar="NAME", help="only this room's appointments")
    p.add_argument("--search", metavar="TEXT", help="clients whose name or phone matches")

    p = command("book", "book", "book an appointment")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--client", metavar="NAME_OR_PHONE", help="an existing client")
    who.add_argument("--new-client", metavar="NAME", help="a new client, created with the booking")
    p.add_argument("--phone", metavar="P", help="the new client's phone")
    p.add_argument("--email", help="the new client's e-mail")
    p.add_argument("--service", metavar="NAME", required=True)
    p.add_argument("--start", metavar='"YYYY-MM-DD HH:MM"', required=True,
                   help="local time in the clinic's zone")
    p.add_argument("--therapist", metavar="NAME", help="default: the first free and qualified")
    p.add_argument("--room", metavar="NAME", help="default: the first free and suitable")
    p.add_argument("--minutes", type=int, help="length if not the service's")
    p.add_argument("--client2", metavar="NAME_OR_PHONE",
                   help="a couples service: the second client (default: a guest, unnamed)")
    p.add_argument("--new-client2", metavar="NAME",
                   help="a couples service: a new second client, created with the booking")
    p.add_argument("--therapist2", metavar="NAME",
                   help="a couples service: the second client's therapist (default: the "
                        "first free and qualified other than the first's)")
    p.add_argument("--source", choices=[s.value for s in Source if s != Source.IMPORT],
                   default=Source.PHONE.value)
    p.add_argument("--notes", default="")
    p.add_argument("--override", metavar="REASON", default="",
                   help="book over soft rules (hours, qualification, therapist double-booking)")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="with --new-client: add the card although one like it exists")
    p.add_argument("--acknowledge", action="store_true",
                   help="book although the client's contraindications advise against the "
                        "service (recorded on the appointment)")
    p.add_argument("--repeat", choices=["weekly"],
                   help="a standing appointment: the same local time every week(s)")
    p.add_argument("--every", metavar="N", type=int, default=1,
                   help="with --repeat: every N weeks (default 1)")
    end = p.add_mutually_exclusive_group()
    end.add_argument("--count", metavar="N", type=int, help="with --repeat: N visits")
    end.add_argument("--until", metavar="YYYY-MM-DD", help="with --repeat: last day (included)")

    _client_commands(command("client", "client_add", "add, edit, merge, deactivate, "
                             "reactivate, export or erase a client card"))

    p = command("find", "find", "the next free times for a service")
    p.add_argument("--service", metavar="NAME", required=True)
    p.add_argument("--from", dest="start", metavar='"YYYY-MM-DD HH:MM"', help="default: now")
    p.add_argument("--therapist", metavar="NAME")
    p.add_argument("--room", metavar="NAME")
    p.add_argument("--client", metavar="NAME_OR_PHONE", help="must be free too")
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--days", type=int, default=14, help="how many days to search")
    p.add_argument("--today-only", action="store_true", help="only times later today")
    p.add_argument("--part", choices=list(PARTS_OF_DAY),
                   help="only starts in this part of the day")

    p = command("move", "move", "move, resize or reassign an appointment")
    p.add_argument("id", type=appointment_id)
    p.add_argument("--start", metavar='"YYYY-MM-DD HH:MM"')
    p.add_argument("--minutes", type=int)
    p.add_argument("--therapist", metavar="NAME")
    p.add_argument("--room", metavar="NAME")
    p.add_argument("--override", metavar="REASON", default="")

    p = command("cancel", "cancel", "cancel an appointment")
    p.add_argument("id", type=appointment_id)
    p.add_argument("--reason", required=True)
    p.add_argument("--late", action="store_true", help="a late cancellation")
    money_parser.fee_option(p)

    p = command("status", "status", "set an appointment's status")
    p.add_argument("id", type=appointment_id)
    p.add_argument("status", type=str,
                   help=", ".join(s.value.replace("_", "-") for s in Status))
    p.add_argument("--reason", default="", help="needed for cancelled and late-cancel")
    p.add_argument("--override", metavar="REASON", default="",
                   help="reinstate over soft rules (hours, qualification, double-booking)")
    money_parser.fee_option(p)
    money_parser.add(command, _actions, appointment_id)
    p = command("export", "export", "write the schedule as PDF, CSV, iCalendar or HTML "
                "(the whole clinic, a therapist or a room)", json=False)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="first day (default: today)")
    p.add_argument("--days", type=int, default=1, help="number of days (default 1)")
    p.add_argument("--format", choices=FORMATS, help="default: from the output file's suffix")
    whose = p.add_mutually_exclusive_group()
    whose.add_argument("--therapist", metavar="NAME", help="only this therapist's day")
    whose.add_argument("--room", metavar="NAME", help="only this room's day")
    p.add_argument("--private", action="store_true",
                   help="leave out notes, alerts, contraindications and phones "
                        "(and, in iCalendar, clients' names)")
    p.add_argument("--paper", type=_paper, help="A4 or Letter (default: the clinic's country's)")
    p.add_argument("--layout", choices=LAYOUTS, default="auto",
                   help="PDF of the whole clinic: a grid of therapist columns or a list "
                        "(auto: the grid when it is readable)")
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="the file to write; - writes CSV, iCalendar or HTML to standard output")

    p = command("connect", "connect", "point this desk at the clinic's PostgreSQL server, "
                "or back at this computer's own file; with no options, say where it points",
                json=False, user=False)  # its --user is the server's; it opens no book
    p.add_argument("--server", metavar="HOST", help="the server's name or address")
    p.add_argument("--port", type=int, help=f"default {5432}")
    p.add_argument("--database", metavar="NAME")
    p.add_argument("--user", metavar="NAME")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input (kept in the system keyring)")
    p.add_argument("--no-check", action="store_true",
                   help="save without trying the server first")
    p.add_argument("--this-computer", action="store_true",
                   help="open this computer's own SQLite file again")

    p = command("backup", "backup", "a verified backup of the book: into its backup folder "
                "(rotated), or into FILE (a file or a folder); on PostgreSQL pg_dump's")
    p.add_argument("file", metavar="FILE", nargs="?",
                   help="where to write it (default: the book's backup folder)")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt it with a passphrase (asked twice, or --passphrase-stdin)")
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="read the passphrase from the first line of standard input")

    p = command("restore", "restore", "put a backup in the book's place (checked first; "
                "the book it replaces is kept as a backup)")
    p.add_argument("file", metavar="FILE", help="the backup (frontdesk backups lists them)")
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="an encrypted backup's passphrase, from standard input")

    command("backups", "backups_list", "list the book's backups, newest first")
    command("check", "check", "check the book: SQLite's integrity and references, and the "
            "book's own rules (exit 1 naming each problem, 0 when all hold)")

    p = command("audit", "audit", "the audit trail: who changed what, when, before and "
                "after; newest first", user=False)  # its --user is the filter: sign in
    # before the command (frontdesk --user NAME audit) or with $FRONTDESK_USER
    p.add_argument("--appointment", metavar="ID", type=appointment_id,
                   help="only the entries about this appointment")
    p.add_argument("--client", metavar="CLIENT",
                   help="only the entries about this client (name, phone digits or #number)")
    p.add_argument("--user", "--by", dest="by", metavar="NAME",
                   help="only the changes this staff member made")
    p.add_argument("--limit", metavar="N", type=_count, default=200,
                   help="at most N entries (default 200)")
    p = command("report", "report", "one of the owner's reports over a range of days, as "
                "CSV, PDF or PNG (managers only)")
    p.add_argument("name", choices=REPORT_NAMES, metavar="NAME",
                   help=", ".join(REPORT_NAMES))
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", required=True,
                   help="the first day (local)")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", required=True,
                   help="the last day, included")
    p.add_argument("--period", choices=["week", "month"], default="month",
                   help="new-returning: count by week or by month (default month)")
    p.add_argument("--format", choices=["csv", "pdf", "png"],
                   help="default: from the output file's suffix, CSV on standard output")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="the file to write (default: CSV to standard output)")
    _user_commands(command("user", "user_list", "staff accounts: add one, change a password, "
                           "list them (see the README's Staff sign-in)"))

    _import_commands(command("import", "import_latepoint", "bring in what another program "
                             "holds: the website's LatePoint bookings export, or a client "
                             "spreadsheet (CSV; see the README)"))

    p = command("close-day", "close_day", "close the day and write its end-of-day sheet "
                "(money in by method, tips per therapist, unpaid visits, no-shows and late "
                "cancellations) as PDF or CSV", json=False)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    p.add_argument("--format", choices=["pdf", "csv"],
                   help="default: from the output file's suffix")
    p.add_argument("--paper", type=_paper, help="A4 or Letter (default A4)")
    p.add_argument("--preview", action="store_true",
                   help="write the sheet as it stands without closing the day")
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="the file to write (- writes CSV to standard output)")

    p = command("publish", "publish", "write each therapist's calendar (.ics) into a "
                "folder for phones and calendar apps to subscribe to")
    p.add_argument("--folder", metavar="DIR", required=True)
    p.add_argument("--private", action="store_true",
                   help="services and times only: no clients' names, phones or notes")
    return parser


def _actions(parent: argparse.ArgumentParser, family: str):
    """The ``family ACTION`` sub-commands' maker: ``action(name, help)`` adds one, run by
    ``family_name`` in frontdesk.cli.commands."""
    sub = parent.add_subparsers(title="actions", metavar="ACTION", parser_class=Parser,
                                required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[_common()])
        p.set_defaults(run=f"{family}_{name}", command=f"{family} {name}")
        return p

    return action


def _client_commands(parent: argparse.ArgumentParser) -> None:
    """``client add|edit|merge|deactivate|reactivate|export|erase``; their functions are in
    frontdesk.cli.client_commands (re-exported by frontdesk.cli.commands)."""
    action = _actions(parent, "client")

    def details(p: argparse.ArgumentParser) -> None:
        p.add_argument("--phone", metavar="P")
        p.add_argument("--email")
        p.add_argument("--notes")
        p.add_argument("--alert", help="shown in red wherever the client appears")
        p.add_argument("--flags", metavar="A,B",
                       help="contraindications, comma-separated (pregnancy, diabetes, …)")

    p = action("add", "add a client card (refused when one like it exists)")
    p.add_argument("name")
    details(p)
    p.add_argument("--allow-duplicate", action="store_true",
                   help="add the card although one with the same phone or e-mail or a "
                        "near-identical name exists")
    p = action("edit", "change a card's details (those given; --flags '' clears them)")
    p.add_argument("client", metavar="CLIENT", help="name, phone digits or #number")
    p.add_argument("--name")
    details(p)
    p = action("merge", "merge the second card into the first: its appointments, waitlist "
               "entries, phones and flags move; its number then finds the first")
    p.add_argument("kept", metavar="KEPT", help="the card kept")
    p.add_argument("merged", metavar="MERGED", help="the card merged into it")
    p = action("export", "write everything the book holds about a client (card, "
               "contraindications, visits, waiting list, record of changes) as JSON or PDF")
    p.add_argument("client", metavar="CLIENT", help="name, phone digits or #number")
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="the file to write (- writes JSON to standard output)")
    p.add_argument("--format", choices=["json", "pdf"],
                   help="default: from the output file's suffix")
    p = action("erase", "erase a client's data on their request: the card becomes 'Erased "
               "client #N', past visits stay as counts without notes, visits to come are "
               "cancelled (cannot be undone; asks first)")
    p.add_argument("client", metavar="CLIENT", help="name, phone digits or #number")
    p.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    for name, help in (("deactivate", "hide a card from searches (its history stays)"),
                       ("reactivate", "show a deactivated card in searches again")):
        action(name, help).add_argument("client", metavar="CLIENT",
                                        help="name, phone digits or #number")


def _import_commands(parent: argparse.ArgumentParser) -> None:
    """``import latepoint`` and ``import clients``; their functions are in
    frontdesk.cli.latepoint_command and frontdesk.cli.client_import_command."""
    sub = parent.add_subparsers(title="sources", metavar="SOURCE", parser_class=Parser,
                                required=True)
    help = ("the website's LatePoint bookings export (CSV): booked through the booking "
            "engine; refused rows kept to resolve (exit 3); again later adds nothing twice")
    p = sub.add_parser("latepoint", help=help, description=help, parents=[_common()])
    p.set_defaults(run="import_latepoint", command="import latepoint")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--exported-on", metavar="YYYY-MM-DD",
                   help="the day the file was exported (its dates say 'Today' or leave the "
                        "year out); default: asked, or the file's date")
    p.add_argument("--map-service", metavar="WEB=OURS", action="append",
                   help="the website's service WEB is our OURS (remembered); repeatable")
    p.add_argument("--map-therapist", "--map-agent", metavar="WEB=OURS", action="append",
                   help="the website's agent WEB is our therapist OURS (remembered)")
    p = sub.add_parser("clients", parents=[_common()],
                       help="client cards from a spreadsheet saved as CSV (see the README's "
                            "Client import)",
                       description="Client cards from a spreadsheet saved as CSV: columns "
                                   "matched by their headers; duplicates of a card (or of an "
                                   "earlier row) and refused rows are reported, not added. "
                                   "Exit 0 when every row was added, 3 when some were not.")
    p.set_defaults(run="import_clients", command="import clients")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true",
                   help="say what would be added, and write nothing")


def _count(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(text)
    return value


_count.__name__ = "number above 0"


def _user_commands(parent: argparse.ArgumentParser) -> None:
    """``user add|passwd|list``; their functions are in frontdesk.cli.user_commands."""
    action = _actions(parent, "user")

    p = action("add", "add a staff account (the book's first must be a manager's)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["desk", "therapist", "manager"])
    p.add_argument("--therapist", metavar="T", help="a therapist's account: which therapist")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the new password from standard input (else asked twice)")
    p = action("passwd", "change an account's password (one's own, or any for a manager)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the new password from standard input (else asked twice)")
    action("list", "list the staff accounts")


def _paper(text: str) -> str:
    for paper in PAPERS:
        if text.strip().lower() == paper.lower():
            return paper
    raise ValueError(text)


_paper.__name__ = "paper (A4 or Letter)"
