"""Logging to a rotating file in the user log directory, readable by its owner only.

Messages name ids and actions, never a client's name, phone, e-mail or notes. A database
error is the one thing that would bring them in unasked: its text quotes what the database
saw (PostgreSQL's "Key (email_key)=(zoe@example.com) already exists", a CHECK's "Failing row
contains (…, Zoë Brontë, …)", a statement with its values written in). So the rule is one:
**a database error is logged by kind and place, never by its text** — its class, its
SQLSTATE or SQLite error code, the constraint and table it names, and the traceback's frames
(:func:`describe`, :func:`kind_and_place`). Call sites say so themselves; the file's
:class:`DatabaseTextFilter` is the last guard, for a call that forgot (``exc_info=error``,
``"%s" % error``): it rewrites such a record before it is written.

Light on purpose (no SQLAlchemy import): the command line sets logging up before it loads the
database layer. A database error is told by its class's module (SQLAlchemy, sqlite3, psycopg).
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

from frontdesk import paths, private

#: The modules whose exceptions are database errors, whose text may quote client data.
DATABASE_MODULES = ("sqlalchemy", "sqlite3", "_sqlite3", "psycopg", "psycopg2")


def setup(level: int = logging.INFO) -> Path:
    """Send frontdesk's log records to ``frontdesk.log``; idempotent. Returns the file."""
    logfile = paths.log_dir() / "frontdesk.log"
    logger = logging.getLogger("frontdesk")
    if not any(getattr(h, "baseFilename", None) == str(logfile) for h in logger.handlers):
        for old in list(logger.handlers):
            logger.removeHandler(old)
            old.close()
        for older in logfile.parent.glob(f"{logfile.name}.*"):  # an older version's, 0644
            private.tighten(older)
        handler = PrivateLogFile(logfile, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        # On the handler, not the logger: a logger's filters do not see its children's records.
        handler.addFilter(DatabaseTextFilter())
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    return logfile


class PrivateLogFile(logging.handlers.RotatingFileHandler):
    """A rotating log file made 0600 (each new one after a rotation too), tightened when an
    older version made it readable by others."""

    def _open(self):
        private.create(self.baseFilename)
        return super()._open()


def is_database_error(error: BaseException) -> bool:
    return any(k.__module__.split(".")[0] in DATABASE_MODULES for k in type(error).__mro__)


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and the exceptions it was raised from or during, as a traceback prints them
    (innermost last)."""
    out: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in out:
        out.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    return out


def touches_database(error: BaseException) -> bool:
    """Whether ``error`` or one it came from is a database error (a traceback would print
    that one's text too)."""
    return any(is_database_error(e) for e in _chain(error))


def describe(error: BaseException) -> str:
    """One exception by kind: "sqlalchemy.exc.IntegrityError (psycopg.errors.UniqueViolation,
    SQLSTATE 23505, constraint uq_x, table clients)", "sqlite3.OperationalError
    (SQLITE_READONLY)". Never its text."""
    orig = getattr(error, "orig", None)
    parts: list[str] = []
    if isinstance(orig, BaseException):
        parts.append(_name(type(orig)))
    for source in (error, orig):
        state = getattr(source, "sqlstate", None)
        if isinstance(state, str) and state:
            parts.append(f"SQLSTATE {state}")
        name = getattr(source, "sqlite_errorname", None)
        if isinstance(name, str) and name:
            parts.append(name)
        diag = getattr(source, "diag", None)
        for what in ("constraint_name", "table_name"):
            value = getattr(diag, what, None)
            if isinstance(value, str) and value:  # schema names, not data
                parts.append(f"{what.split('_')[0]} {value}")
    kind = _name(type(error))
    return f"{kind} ({', '.join(dict.fromkeys(parts))})" if parts else kind


def _name(kind: type) -> str:
    """"sqlalchemy.exc.IntegrityError", "psycopg.errors.UniqueViolation"; a built-in's bare."""
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def kind_and_place(error: BaseException, tb: TracebackType | None = None) -> str:
    """``error`` (and each exception it came from) by kind, with the traceback's frames: what
    a log keeps of a database error (see the module docstring)."""
    blocks = []
    for e in reversed(_chain(error)):
        frames = "".join(traceback.format_tb(tb if e is error and tb is not None
                                             else e.__traceback__)).rstrip()
        blocks.append("Traceback (most recent call last):\n" + frames + "\n" + describe(e)
                      if frames else describe(e))
    return "\n(then, while handling it)\n".join(blocks)


def failed(logger: logging.Logger, error: BaseException, message: str, *args: object,
           level: int = logging.ERROR) -> None:
    """Log ``error`` under ``message``: a database error (or one raised while handling one)
    by kind and place, any other with its traceback and text."""
    if touches_database(error):
        logger.log(level, message + "\n%s", *args, kind_and_place(error))
    else:
        logger.log(level, message, *args, exc_info=error)


class DatabaseTextFilter(logging.Filter):
    """The last guard: a record carrying a database error (as its exception, or among its
    arguments) is rewritten to keep only the error's kind and place."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, BaseException) and touches_database(record.msg):
            record.msg = describe(record.msg)
        info = record.exc_info
        if info and info[1] is not None and touches_database(info[1]):
            record.exc_text = kind_and_place(info[1], info[2])
            record.exc_info = None
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, BaseException) and touches_database(a)
                                           for a in args):
            record.args = tuple(describe(a) if isinstance(a, BaseException)
                                and touches_database(a) else a for a in args)
        elif isinstance(args, dict) and any(isinstance(a, BaseException) and
                                            touches_database(a) for a in args.values()):
            record.args = {k: describe(a) if isinstance(a, BaseException)
                           and touches_database(a) else a for k, a in args.items()}
        return True
