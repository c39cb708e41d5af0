"""``frontdesk connect``: point this desk at the clinic's server, or back at its own file.

    frontdesk connect                                   # where this desk's book is
    frontdesk connect --server HOST --database DB --user USER [--port N] [--password-stdin]
    frontdesk connect --this-computer

The server is tried before anything is saved (an unreachable server, a wrong password or a
missing database is said in one line, exit 1, and the desk stays where it was); the password
goes to the system keyring (see :mod:`frontdesk.connection`).
"""

from __future__ import annotations

import sys

from frontdesk import connection, paths
from frontdesk.domain.errors import BadInput
from frontdesk.services.server_check import try_server


def connect(args) -> int:
    if args.this_computer:
        connection.save(None)
        print(f"this desk now opens {connection.describe(paths.local_db_url())}")
        return 0
    if not args.server:
        if any((args.database, args.user, args.port, args.password_stdin)):
            raise BadInput("say --server HOST with --database and --user", "server")
        print(f"this desk opens {connection.describe(paths.default_db_url())}")
        return 0
    try:
        server = connection.Server(args.server, args.database or "", args.user or "",
                                   args.port or connection.DEFAULT_PORT)
    except ValueError as error:
        raise BadInput(str(error), "server") from None
    secret = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    # Reached and readable (nothing changed there: the first desk to open it sets it up).
    found = "" if args.no_check else f": {try_server(server, secret)}"
    kept = connection.save(server, secret)
    where = connection.describe(server.url())
    if secret is not None and not kept:
        print(f"this desk now opens {where}{found}; there is no system keyring here to keep "
              "the password: give it with PGPASSWORD or a pgpass file")
    else:
        print(f"this desk now opens {where}{found}")
    return 0
