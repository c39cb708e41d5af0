"""``frontdesk user add|passwd|list``: staff accounts on the command line.

    frontdesk user add NAME --role desk|therapist|manager [--therapist T] [--password-stdin]
    frontdesk user passwd NAME [--password-stdin]
    frontdesk user list

The first ``user add`` of a book starts its accounts: it must make a manager, and needs no
sign-in (its password may come from FRONTDESK_PASSWORD, as that manager's next commands
will). From then on these commands need a signed-in manager, except ``passwd`` of one's own
account. A new password comes from the first line of standard input (``--password-stdin``)
or is asked twice on the terminal.
"""

from __future__ import annotations

import getpass
import os
import sys

from frontdesk.cli.commands import _catalog, _emit, _open
from frontdesk.domain.access import Role
from frontdesk.domain.errors import BadInput
from frontdesk.environment import now_source
from frontdesk.services import accounts


def _new_password(args, *, first: bool) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if first and os.environ.get("FRONTDESK_PASSWORD") is not None:
        return os.environ["FRONTDESK_PASSWORD"]
    if not sys.stdin.isatty():
        raise BadInput("give the new password with --password-stdin (no terminal to ask on)",
                       "password")
    secret = getpass.getpass(f"new password for {args.name}: ")
    if getpass.getpass("the same password again: ") != secret:
        raise BadInput("the two passwords differ; nothing was changed", "password")
    return secret


def _line(verb: str, a: accounts.Account) -> str:
    of = f" ({a.therapist})" if a.therapist else ""
    return f"{verb} {a.name}: {a.role}{of}"


def user_add(args) -> int:
    db = _open(args)
    role = Role.parse(args.role)
    therapist_id = _catalog(db).therapist(args.therapist).id if args.therapist else None
    with db.read() as session:
        first = not accounts.has_accounts(session)
    made = accounts.add(db, args.name, role, _new_password(args, first=first),
                        therapist_id=therapist_id, now=now_source())
    _emit(args, made.as_json(), [_line("added", made)])
    return 0


def user_passwd(args) -> int:
    db = _open(args)
    done = accounts.set_password(db, args.name, _new_password(args, first=False),
                                 now=now_source())
    _emit(args, done.as_json(), [f"new password for {done.name}"])
    return 0


def user_list(args) -> int:
    db = _open(args)
    with db.read() as session:
        found = accounts.accounts(session)
    _emit(args, [a.as_json() for a in found],
          [_line("", a).lstrip() for a in found] or ["no staff accounts: anyone may use this "
                                                      "book (`frontdesk user add NAME --role "
                                                      "manager` starts them)"])
    return 0
