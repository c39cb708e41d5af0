"""Files and folders readable by their owner only: the book, its ``-wal`` and ``-shm``, backups,
the log, exports and published calendars.

Why: the book holds clients' names, phones and health notes. A file made with the usual
permissions (0644 in a 0755 folder) can be read by every account on the computer, a shared
front-desk PC's guest account included. So every file frontdesk makes is 0600 and every folder
it makes 0700.

How: a file is created 0600 before its first byte is written (``os.open`` with the mode, or an
empty file made so before SQLite or another program fills it): a file that was 0644 even for
a moment could be opened by another account then and read later through that handle. SQLite
gives a book's ``-wal`` and ``-shm`` the book's own permissions when it makes them, so a
private book has private companions. Files and folders made 0644/0755 by older versions are
tightened when frontdesk opens them: the group's and others' bits are taken away, the owner's
are kept (a book marked read-only stays read-only). A file or folder that is not ours to change
(another account's) is left as it is.

Windows keeps permissions in ACLs, which ``chmod`` does not reach (it sets only the read-only
flag); the user's profile folders are private there already, so nothing here changes a file on
Windows.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

#: The mode of every file frontdesk makes, and of every folder.
FILE_MODE = 0o600
FOLDER_MODE = 0o700
#: Beside an SQLite book: its write-ahead log, its shared memory, a rollback journal.
BOOK_COMPANIONS = ("-wal", "-shm", "-journal")

_POSIX = os.name != "nt"


def tighten(path: Path | str) -> None:
    """Take the group's and others' permission bits off ``path`` (when it exists, is ours,
    and is not a symbolic link's target elsewhere: a link itself is left alone)."""
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode) or not mode & 0o077:
            return
        os.chmod(path, stat.S_IMODE(mode) & 0o700)


def folder(path: Path | str) -> Path:
    """The folder ``path``, made (with any missing parent) 0700 when missing, tightened when
    it exists. Only for frontdesk's own folders: the data, log and backup folders."""
    path = Path(path)
    missing = []
    for p in (path, *path.parents):
        if p.exists():
            break
        missing.append(p)
    for p in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another desk made it a moment ago
            p.mkdir(mode=FOLDER_MODE)
    if not missing:
        tighten(path)
    return path


def create(path: Path | str) -> bool:
    """Make ``path`` an empty 0600 file unless it exists (then tighten it); True when made.
    For files another program fills: an SQLite database before SQLite opens it, the target
    ``pg_dump`` writes into."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path)
        return False
    os.close(fd)
    return True


@contextlib.contextmanager
def writing(path: Path | str, binary: bool = True, **text_options) -> Iterator[IO]:
    """``open(path, "wb")`` (or ``"w"`` with ``text_options``), the file made 0600 or, when
    it exists, truncated and tightened first."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 FILE_MODE)
    tighten(path)
    with open(fd, "wb" if binary else "w", **text_options) as f:
        yield f


def write_bytes(path: Path | str, data: bytes) -> None:
    with writing(path) as f:
        f.write(data)


def book(path: Path | str) -> None:
    """Tighten an SQLite book and whichever of its companions exist (an older version's)."""
    path = Path(path)
    tighten(path)
    for tail in BOOK_COMPANIONS:
        tighten(path.with_name(path.name + tail))
