"""The command line: ``frontdesk`` and ``python -m frontdesk``.

Exit codes: 0 done; 1 anything else (unexpected error, unusable database, a lock another
desk or program held too long); 2 bad input
(unknown name, malformed or impossible date, ambiguous client); 3 refused by a booking rule;
4 not allowed: a wrong name or password, or an action the signed-in account's role may not
take (nothing changed).
Errors are one line on stderr; the traceback of a bug goes to the log file, not the screen
(a database error's by kind and place only: its text may quote a client's details).
"""

from __future__ import annotations

import signal
import sys


def _interrupted(_signum, _frame) -> None:
    """Ctrl+C while the program is still loading: exit 130, quietly (no traceback)."""
    sys.exit(130)


signal.signal(signal.SIGINT, _interrupted)  # first, before the slower imports below

import logging  # noqa: E402

from frontdesk import logs  # noqa: E402
from frontdesk.cli.parser import build_parser  # noqa: E402
from frontdesk.domain.errors import BadInput, FrontdeskError  # noqa: E402
from frontdesk.domain.text import printable  # noqa: E402
from frontdesk.loading import loading  # noqa: E402

log = logging.getLogger("frontdesk.cli")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed as one line
        return int(stop.code or 0)
    logfile = "the log"
    signal.signal(signal.SIGINT, signal.default_int_handler)  # now: "interrupted", 130
    _text_out()
    try:
        _readable_arguments(args)
        logfile = logs.setup()
        code = getattr(_commands(), args.run)(args) or 0
        for db in getattr(args, "databases", ()):
            if db.read_only:  # said once the answer is given; a refusal says it itself
                print(f"frontdesk: note: the book {db.url.split(':///', 1)[-1]} is "
                      "read-only (its file is marked so): it was only read", file=sys.stderr)
        return code
    except FrontdeskError as error:
        print(f"frontdesk: {printable(str(error))}", file=sys.stderr)
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
        logs.failed(log, error, "unexpected error in %s", getattr(args, "command", "?"))
        first_line = (str(error).strip().splitlines() or [""])[0][:300]
        print(f"frontdesk: unexpected error: {type(error).__name__}: {first_line} "
              f"(details in {logfile})", file=sys.stderr)
        return 1
    finally:
        for db in getattr(args, "databases", ()):
            db.close()


def _readable_arguments(args) -> None:
    """Every text argument is text: a byte that was not UTF-8 (kept by Python as a lone
    surrogate) or a NUL is refused here, naming the option, before anything is opened."""
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any(
                    c == "\0" or "\ud800" <= c <= "\udfff" for c in text):
                option = "--" + name.replace("_", "-")
                raise BadInput(f"{option} is not valid text (a NUL, or a byte that is not "
                               "UTF-8)", name)


def _text_out() -> None:
    """Output that goes to a file or a pipe is UTF-8 whatever the system's code page (a
    Windows console's cp1252 would stop ``list`` part-way at an Arabic, Hebrew or emoji
    name); on a terminal that cannot show a character it is replaced, never fatal."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        if stream.isatty():
            reconfigure(errors="replace")
        elif (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="replace")


def _commands():
    """The commands module: the database layer loads only once there is work, and the
    first time with the collector paused (see frontdesk.loading)."""
    if "frontdesk.cli.commands" not in sys.modules:
        with loading():
            import frontdesk.cli.commands  # noqa: F401
    return sys.modules["frontdesk.cli.commands"]


def run() -> None:
    sys.exit(main())
