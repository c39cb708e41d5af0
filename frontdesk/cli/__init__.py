"""The command line: ``frontdesk`` and ``python -m frontdesk``.

Exit codes: 0 done; 1 anything else (unexpected error, unusable database, a lock another
desk or program held too long); 2 bad input
(unknown name, malformed or impossible date, ambiguous client); 3 refused by a booking rule;
4 not allowed: a wrong name or password, or an action the signed-in account's role may not
take (nothing changed).
Errors are one line on stderr; the traceback of a bug goes to the log file, not the screen.
"""

from __future__ import annotations

import logging
import sys

from frontdesk import logs
from frontdesk.cli.parser import build_parser
from frontdesk.domain.errors import FrontdeskError
from frontdesk.loading import loading

log = logging.getLogger("frontdesk.cli")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed as one line
        return int(stop.code or 0)
    logfile = "the log"
    try:
        logfile = logs.setup()
        code = getattr(_commands(), args.run)(args) or 0
        for db in getattr(args, "databases", ()):
            if db.read_only:  # said once the answer is given; a refusal says it itself
                print(f"frontdesk: note: the book {db.url.split(':///', 1)[-1]} is "
                      "read-only (its file is marked so): it was only read", file=sys.stderr)
        return code
    except FrontdeskError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as error:  # an unusable data folder, a full disk, ...
        print(f"frontdesk: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("frontdesk: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: say so in one line, keep the details in the log
        log.exception("unexpected error in %s", getattr(args, "command", "?"))
        first_line = (str(error).strip().splitlines() or [""])[0][:300]
        print(f"frontdesk: unexpected error: {type(error).__name__}: {first_line} "
              f"(details in {logfile})", file=sys.stderr)
        return 1
    finally:
        for db in getattr(args, "databases", ()):
            db.close()


def _commands():
    """The commands module: the database layer loads only once there is work, and the
    first time with the collector paused (see frontdesk.loading)."""
    if "frontdesk.cli.commands" not in sys.modules:
        with loading():
            import frontdesk.cli.commands  # noqa: F401
    return sys.modules["frontdesk.cli.commands"]


def run() -> None:
    sys.exit(main())
