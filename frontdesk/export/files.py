"""Writing an export so that a reader never sees half of it.

The file is written beside its target under a temporary name, flushed to disk, and renamed
over the target in one step (``os.replace`` is atomic on one file system, on Windows too). A
failure or a cancelled export removes the temporary file and leaves any earlier file as it
was: a calendar app polling a published .ics sees the old one or the new one, never a mix;
what a killed export left is removed by the next export of that file.

An export holds clients' names and notes, so the file is its owner's only (0600, as
:mod:`frontdesk.private` makes every file), whatever the file it replaces allowed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from frontdesk import private
from frontdesk.domain.text import printable


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; on a clean exit it replaces ``path``."""
    path = Path(path)
    _sweep(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part",
                                dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        with open(temp, "rb+") as done:  # on disk before the rename makes it visible
            os.fsync(done.fileno())
        private.tighten(temp)  # mkstemp made it 0600; a writer may not have kept that
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _sweep(path: Path) -> None:
    """Remove what a killed export into ``path`` left (a killed process cleans nothing up):
    temporary files named after a process that no longer runs. One still running (another
    desk exporting the same file just now) keeps its own."""
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # no cheap check there: keep it (a name of the same pid is rare)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: running
        return True
    return True


@contextlib.contextmanager
def opened(path: Path | str, binary: bool = False, bom: bool = False) -> Iterator[IO]:
    """An open file for ``path`` replaced atomically, or standard output for ``"-"``.

    Text is UTF-8 with the newline left to the writer (CSV writes its own CRLF); ``bom``
    starts a text file with a byte-order mark (not written to standard output).
    """
    if str(path) == "-":
        stream: IO = sys.stdout.buffer if binary else sys.stdout
        yield cast(IO, _Screened(stream)) if not binary and stream.isatty() else stream
        stream.flush()
        return
    with replacing(Path(path)) as temp:
        if binary:
            with open(temp, "wb") as f:
                yield f
        else:
            with open(temp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
                yield f


class _Screened:
    """Standard output on a terminal: an export's text with control characters shown as
    codes (an escape sequence kept in an old book's client name must not act on the screen).
    Piped or redirected, the export is written as it is."""

    def __init__(self, stream: IO[str]):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text, lines=True))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def same_content(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data`` (so a publish can skip the write)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
