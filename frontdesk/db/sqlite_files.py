"""An SQLite book as a file: is it sound enough to open, and a verified copy of it.

Below the services because the database layer itself needs both: opening a book refuses a
damaged one before anything (a migration included) writes to it, and the copy taken before
an upgrade is a verified backup like any other. The services' backups build on the same
copy (:mod:`frontdesk.services.backups`).

**The quick check at opening** (:func:`open_problem`) reads the 100-byte header (an empty
file, another kind of file, an impossible page size, a file cut short of the pages its header
counts) and then runs ``PRAGMA quick_check`` for at most :data:`OPEN_CHECK_BUDGET_S`: on a
clinic's book of a few years that is the whole file (every page of every table and index
read, their structure and records' form checked), on the 1,000,000-appointment demo its first
part only; the rest of a large book is checked in full by every backup of it (the copy is
checked with ``PRAGMA integrity_check``) and by ``frontdesk check``.

**A verified copy** (:func:`copy_verified`) is written with SQLite's online backup API
(consistent under WAL while other desks write; never a copy of the live file's bytes) into a
temporary name beside the target, checked (``integrity_check``, the schema revision the source
had, the same number of appointments, clients and audit entries as the source at that
instant), flushed to disk, and only then renamed to its name: a copy killed half-way leaves a
``.partial`` file, never a backup that is not one. A copy is its owner's only (0600,
:mod:`frontdesk.private`) from its first page.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from frontdesk import private

MAGIC = b"SQLite format 3\x00"

#: How long the check at opening may run ``PRAGMA quick_check`` (see the module docstring;
#: benchmarks/run.py measures it as ``open_check``).
OPEN_CHECK_BUDGET_S = 0.035

#: The tables a large book's rows are in, checked last at opening (smallest first).
LARGEST = ("client_phones", "clients", "audit_log", "appointments")

#: How long an empty file is given to become a new book another desk is writing.
NEW_FILE_WAIT_S = 2.0

#: The suffix of a copy being written; it is renamed to its name once verified.
PARTIAL = ".partial"

#: Tables whose rows a copy must hold as many of as its source (when they exist).
COUNTED = ("appointments", "clients", "audit_log")

#: Pages copied per step of the backup API: a step is where a copy can be stopped.
STEP_PAGES = 4096


class CopyError(Exception):
    """A copy that did not verify (the message names the fault)."""


class CopyStopped(Exception):
    """The copy was stopped by its caller (the window closing); nothing was kept."""


@dataclass(frozen=True)
class Snapshot:
    """What a verified copy holds: its schema revision and row counts, as the source had
    them at the instant of the copy."""

    revision: str | None
    counts: dict[str, int]


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates or changes the file (``mode=ro``); it may
    be interrupted from another thread (the check's timer)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30,
                           check_same_thread=False)


def writable(path: Path) -> bool:
    """Whether the book at ``path`` may be written: this user may, and the file is not marked
    read-only (no write bit at all, as a read-only share or ``chmod a-w`` leaves it; an
    administrator's account would otherwise write through that mark)."""
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def header_problem(path: Path) -> str | None:
    """What makes the file at ``path`` no sound SQLite book by its header, or None."""
    size = path.stat().st_size
    if size == 0:
        return "it is empty (0 bytes), not a book"
    with open(path, "rb") as f:
        head = f.read(100)
    if len(head) < 100 or head[:16] != MAGIC:
        return "it is not an SQLite database"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged (page size)"
    if size % page_size:
        return "it is cut short or padded (its length is not a whole number of pages)"
    counted = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]
    wal = path.with_name(path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if valid and wal_empty and counted > size // page_size:
        return f"it is cut short ({size // page_size} of its {counted} pages)"
    return None


def quick_problem(conn: sqlite3.Connection, budget_s: float | None) -> str | None:
    """The first fault ``PRAGMA quick_check`` finds within ``budget_s`` seconds (all of it
    when None), or None. A check cut short by the budget finds nothing: it is not a fault.

    Table by table, the clinic's set-up first and the largest tables last, then the whole
    file (its free pages, pages no table owns): a budget too short for a large book checks
    what matters most for opening it. The check is one step of SQLite's machine, so the
    budget is kept by interrupting it from a timer (``sqlite3_interrupt``)."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    tables.sort(key=lambda t: LARGEST.index(t) if t in LARGEST else -1)
    checks = [f"PRAGMA quick_check('{t}')" for t in tables if t.isidentifier()]
    checks.append("PRAGMA quick_check(3)")
    timer = None
    if budget_s is not None:
        timer = threading.Timer(budget_s, conn.interrupt)
        timer.start()
    try:
        for check in checks:
            fault = _fault(conn.execute(check).fetchall())
            if fault is not None:
                return fault
        return None
    except sqlite3.OperationalError as error:
        if "interrupt" in str(error):
            return None
        return f"it cannot be read ({_first_line(error)})"
    except sqlite3.DatabaseError as error:
        return f"it cannot be read ({_first_line(error)})"
    finally:
        if timer is not None:
            timer.cancel()


def open_problem(path: Path, budget_s: float | None = OPEN_CHECK_BUDGET_S) -> str | None:
    """Why the existing file at ``path`` must not be opened as a book, or None: its header,
    then ``quick_check`` for ``budget_s`` (see the module docstring). Reads only.

    An empty file is waited for a moment first: another desk creating this new book has it
    empty for the instant between making the file and writing its first page."""
    deadline = time.monotonic() + NEW_FILE_WAIT_S
    while path.stat().st_size == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    problem = header_problem(path)
    if problem is not None:
        return problem
    try:
        conn = connect_ro(path)
    except sqlite3.Error as error:
        return f"it cannot be opened ({_first_line(error)})"
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return quick_problem(conn, budget_s)
    except sqlite3.OperationalError as error:
        if "locked" in str(error):  # another desk's checkpoint or upgrade: not damage
            return None
        return f"it cannot be read ({_first_line(error)})"
    except sqlite3.DatabaseError as error:
        return f"it cannot be read ({_first_line(error)})"
    finally:
        conn.close()


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    """The revision and row counts of the database on ``conn`` (inside its transaction)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in COUNTED if t in tables}
    return Snapshot(revision, counts)


def verify(path: Path, expect: Snapshot | None = None) -> str | None:
    """Why the copy at ``path`` is no good backup, or None: it must pass SQLite's full
    ``integrity_check``, be a frontdesk book (a schema revision stamped) and, given the
    source's ``expect``, hold its revision and as many appointments, clients and audit
    entries."""
    problem = header_problem(path)
    if problem is not None:
        return problem
    try:
        conn = connect_ro(path)
        try:
            fault = _fault(conn.execute("PRAGMA integrity_check(3)").fetchall())
            if fault is not None:
                return fault
            held = snapshot(conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"it cannot be read ({_first_line(error)})"
    if held.revision is None:
        return "it holds no frontdesk book (no schema revision)"
    if expect is not None and held != expect:
        return (f"it differs from the book it copies (revision {held.revision}, "
                f"{_counts(held)}; the book: revision {expect.revision}, {_counts(expect)})")
    return None


def copy_verified(source: Path, target: Path,
                  stop: Callable[[], bool] | None = None) -> Snapshot:
    """Copy the book at ``source`` to ``target`` as a verified backup (see the module
    docstring); returns what it holds. Raises :class:`CopyError` naming the fault when the
    copy does not verify, :class:`CopyStopped` when ``stop()`` turned true between steps;
    either way nothing is left at ``target``'s name."""
    partial = target.with_name(target.name + PARTIAL)
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        origin = connect_ro(source)
        try:
            origin.execute("BEGIN")  # one snapshot for the counts and the copy alike
            expect = snapshot(origin)
            private.create(partial)  # the owner's only before the first page is copied
            dest = sqlite3.connect(partial, isolation_level=None)
            try:
                _copy(origin, dest, stop)
                # One self-contained file: the copy of a WAL book would be WAL too, and
                # every reader would then make -wal and -shm files beside it.
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
            origin.execute("COMMIT")
        finally:
            origin.close()
        problem = verify(partial, expect)
        if problem is not None:
            raise CopyError(f"the copy of {source.name} failed its check: {problem}")
        _flush(partial)
        os.replace(partial, target)
        _flush_folder(target.parent)
        return expect
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def _copy(origin: sqlite3.Connection, dest: sqlite3.Connection,
          stop: Callable[[], bool] | None) -> None:
    if stop is None:
        origin.backup(dest)
        return

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if stop():
            raise CopyStopped

    origin.backup(dest, pages=STEP_PAGES, progress=progress, sleep=0)


def stale_partials(folder: Path, prefix: str, older_than_s: float = 0) -> Iterator[Path]:
    """Copies under ``folder`` named ``prefix…`` left half-written by a process that was
    killed (older than ``older_than_s`` seconds)."""
    now = time.time()
    for p in folder.glob(f"{prefix}*{PARTIAL}"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime >= older_than_s:
                yield p


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """The rename itself reaches the disk (POSIX; Windows has no folder handles to sync)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fault(rows: list[tuple]) -> str | None:
    """The first fault in the rows of an integrity or quick check, or None for "ok" (the
    check heads its faults with a line naming the database, which says nothing)."""
    lines = [line for r in rows for line in str(r[0]).splitlines()
             if line.strip() and not line.startswith("***")]
    if not lines or lines == ["ok"]:
        return None
    return f"SQLite's check found: {_first_line(lines[0])}"


def _counts(s: Snapshot) -> str:
    return ", ".join(f"{n} {t}" for t, n in s.counts.items()) or "no rows counted"


def _first_line(value: object) -> str:
    return (str(value).strip().splitlines() or [""])[0][:200]
