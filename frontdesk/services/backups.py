"""Backups of the book: taken, listed, rotated and restored, for every front end alike.

Where: ``backups/`` in the user data folder, one folder per book (the data folder's own book
in ``backups/frontdesk``, any other in ``backups/<name>-<8 hex of its path>``, so two books
of one name never rotate each other's). Each backup is named
``<name>-<YYYYMMDD-HHMMSS>-<why>.sqlite3`` (the machine's wall clock; ``.dump`` for a
PostgreSQL dump, ``.enc`` added when encrypted); *why* is ``start`` or ``daily`` (the
window's own), ``manual`` (``frontdesk backup`` with no file), ``replaced`` (the book a
restore replaced) or ``damaged`` (a damaged book a restore moved aside, kept for rescue,
never offered as good). The copy taken before an upgrade stays beside the book
(``<book>.<stamp>.bak``) and is listed too.

Rotation (:mod:`frontdesk.domain.retention`) keeps 7 daily, 4 weekly and 12 monthly of the
``start``, ``daily`` and ``manual`` backups; ``replaced`` and ``damaged`` ones and files
written elsewhere are the user's to delete.

Every SQLite backup is a verified copy (:func:`frontdesk.db.sqlite_files.copy_verified`); an
encrypted one is read back and decrypted before it takes its name. PostgreSQL's are
``pg_dump``'s (:mod:`frontdesk.services.pg_backup`).

Each backup taken, and each restore, also keeps the audit trail's last entry beside the
backups (:mod:`frontdesk.services.audit_seal`), for ``frontdesk check`` to find the trail's
end again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk import paths, private
from frontdesk.db import sqlite_files
from frontdesk.db.migrate import HEAD, open_database, sqlite_path
from frontdesk.domain import retention
from frontdesk.domain.errors import BadInput, DatabaseError
from frontdesk.services import audit_seal, backup_crypto, pg_backup

ROTATED = ("start", "daily", "manual")
REASONS = (*ROTATED, "replaced", "damaged")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<why>[a-z]+)"
                   r"\.(?P<kind>sqlite3|dump)(?P<enc>\.enc)?$")
_BAK = re.compile(r"\.(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.bak$")
#: A half-written copy older than this is a killed process's, and removed when rotating.
STALE_PARTIAL_S = 24 * 3600


@dataclass(frozen=True)
class Backup:
    """One backup file, as a list or a dialog shows it."""

    path: Path
    taken_at: datetime  # the machine's wall clock, as in the name
    why: str  # one of REASONS, or "upgrade" for the copy taken before an upgrade
    size: int
    encrypted: bool

    @property
    def offered(self) -> bool:
        """Whether it may be offered as a good book to restore (a damaged book moved aside
        is kept for rescue only)."""
        return self.why != "damaged"

    def as_json(self) -> dict:
        return {"file": str(self.path), "taken_at": self.taken_at.isoformat(timespec="seconds"),
                "why": self.why, "bytes": self.size, "encrypted": self.encrypted}


@dataclass(frozen=True)
class Restored:
    book: Path
    source: Path
    kept: Backup | None  # the book it replaced, where there was one


def _wall(now: datetime) -> datetime:
    """``now`` on this machine's wall clock, naive, as backups are named."""
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now


def folder_for(url: str, *, make: bool = True) -> Path:
    """This book's backup folder (made when missing, unless ``make`` is false; like the
    folder of all backups, its owner's only)."""
    path = sqlite_path(url)
    if path is not None:
        stem, where = path.stem, str(path.resolve())
        local = path.resolve().parent == paths.data_dir().resolve()
    else:
        name = pg_backup.database_name(url)
        stem, where, local = name, pg_backup.where(url), False
    key = stem if local else f"{stem}-{hashlib.sha256(where.encode()).hexdigest()[:8]}"
    if not make:
        return paths.data_dir() / "backups" / key
    return private.folder(private.folder(paths.data_dir() / "backups") / key)


def _book_stem(url: str) -> str:
    path = sqlite_path(url)
    return path.stem if path is not None else pg_backup.database_name(url)


def _new_name(folder: Path, stem: str, now: datetime, why: str, kind: str,
              encrypted: bool = False) -> Path:
    stamp = _wall(now).strftime("%Y%m%d-%H%M%S")
    tail = f"{why}.{kind}" + (backup_crypto.SUFFIX if encrypted else "")
    target, n = folder / f"{stem}-{stamp}-{tail}", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{stamp}-{n}-{tail}"
    return target


def list_backups(url: str) -> list[Backup]:
    """The book's backups, newest first: its folder's, and the copies taken before upgrades
    beside it."""
    found: list[Backup] = []
    for p in folder_for(url).iterdir():
        match = _NAME.match(p.name)
        if match and match["why"] in REASONS and p.is_file():
            found.append(Backup(p, datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"),
                                match["why"], p.stat().st_size, bool(match["enc"])))
    book = sqlite_path(url)
    if book is not None and book.parent.is_dir():
        for p in book.parent.glob(f"{book.name}.*.bak"):
            match = _BAK.search(p.name)
            if match:
                found.append(Backup(p, datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"),
                                    "upgrade", p.stat().st_size, False))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def back_up(url: str, now: datetime, target: Path | None = None, *, why: str = "manual",
            passphrase: str | None = None, stop: Callable[[], bool] | None = None) -> Backup:
    """A verified backup of the book at ``url``: into ``target`` (a file, or a folder to
    name it in) or, by default, into the book's backup folder (then rotated). With a
    ``passphrase`` it is encrypted. ``stop()`` may end a long copy (the window closing)."""
    folder = folder_for(url)
    kind = "sqlite3" if sqlite_path(url) is not None else "dump"
    if target is not None and target.is_dir():
        target = _new_name(target, _book_stem(url), now, why, kind, bool(passphrase))
    if target is not None and not target.parent.is_dir():
        raise BadInput(f"folder {target.parent} does not exist", "file")
    final = target or _new_name(folder, _book_stem(url), now, why, kind, bool(passphrase))
    plain = _new_name(folder, _book_stem(url), now, "writing", kind) if passphrase else final
    try:
        _copy(url, plain, stop)
        if passphrase:
            _seal(plain, final, passphrase)
    finally:
        if passphrase:
            with contextlib.suppress(OSError):
                plain.unlink()
    audit_seal.keep(url, folder, now)
    if target is None:
        rotate(url)
    return Backup(final, _wall(now), why, final.stat().st_size, bool(passphrase))


def _copy(url: str, target: Path, stop: Callable[[], bool] | None) -> None:
    book = sqlite_path(url)
    if book is None:
        pg_backup.dump(url, target)
        return
    if not book.exists():
        raise BadInput(f"no book at {book}", "db")
    problem = sqlite_files.open_problem(book)
    if problem is not None:
        raise DatabaseError(f"the book {book} is not sound ({problem}); it was not backed "
                            "up (see `frontdesk check`)")
    try:
        sqlite_files.copy_verified(book, target, stop)
    except sqlite_files.CopyError as error:
        raise DatabaseError(f"{error}: the book itself may be damaged (see `frontdesk check`)"
                            ) from None


def _seal(plain: Path, final: Path, passphrase: str) -> None:
    """Encrypt ``plain`` into ``final`` (a temporary name first), read it back and decrypt
    it: only a file that gives the verified copy back takes its name."""
    data = plain.read_bytes()
    sealed = backup_crypto.encrypt(data, passphrase)
    partial = final.with_name(final.name + sqlite_files.PARTIAL)
    try:
        with private.writing(partial) as f:
            f.write(sealed)
            f.flush()
            os.fsync(f.fileno())
        if backup_crypto.decrypt(partial.read_bytes(), passphrase) != data:
            raise DatabaseError(f"the encrypted backup {final} did not read back as written")
        os.replace(partial, final)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def rotate(url: str) -> list[Path]:
    """Remove the backups the rotation does not keep, and copies left half-written by a
    killed process long ago; returns what was removed. Backups an older version left
    readable by others are made their owner's only."""
    folder = folder_for(url)
    found = list_backups(url)
    for b in found:
        private.tighten(b.path)
    rotated = [b for b in found if b.why in ROTATED and b.path.parent == folder]
    keep = retention.to_keep(b.taken_at for b in rotated)
    gone = [b.path for b in rotated if b.taken_at not in keep]
    gone += list(sqlite_files.stale_partials(folder, "", STALE_PARTIAL_S))
    gone += [p for p in folder.glob("*-writing.*")  # a plain copy an encrypting process left
             if p.stat().st_mtime < time.time() - STALE_PARTIAL_S]
    for p in gone:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    return gone


def back_up_if_due(url: str, now: datetime, *, at_start: bool,
                   stop: Callable[[], bool] | None = None) -> Backup | None:
    """The window's own backup, at start and daily (:func:`retention.due`); None when none
    was due. Only a local SQLite book: a server's backups are its administrator's."""
    if sqlite_path(url) is None:
        return None
    made = [b.taken_at for b in list_backups(url) if b.why in ("start", "daily")]
    if not retention.due(max(made, default=None), _wall(now), at_start=at_start):
        return None
    return back_up(url, now, why="start" if at_start else "daily", stop=stop)


def check_file(path: Path, passphrase: str | None = None) -> str | None:
    """Why the backup at ``path`` cannot be restored, or None (it is decrypted to a
    temporary file for the check when encrypted)."""
    with _readable(path, passphrase) as plain:
        return _restorable(plain)


def newest_good(url: str) -> Backup | None:
    """The newest backup that passes its check (an encrypted one is not opened: it needs
    its passphrase), for a window offering it in place of a damaged book."""
    for backup in list_backups(url):
        if backup.offered and not backup.encrypted and backup.path.suffix != ".dump" \
                and _restorable(backup.path) is None:
            return backup
    return None


def _restorable(path: Path) -> str | None:
    problem = sqlite_files.verify(path)
    if problem is not None:
        return problem
    con = sqlite_files.connect_ro(path)
    try:
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()
    if not (revision.isdigit() and int(revision) <= int(HEAD)):
        return (f"it was written by a newer frontdesk (schema {revision}; this one knows up "
                f"to {HEAD})")
    return None


@contextlib.contextmanager
def _readable(path: Path, passphrase: str | None):
    """``path`` as a plain SQLite file: itself, or decrypted into a temporary file."""
    if not path.is_file():
        raise BadInput(f"no file at {path}", "file")
    if not backup_crypto.is_encrypted(path):
        yield path
        return
    if passphrase is None:
        raise BadInput(f"{path.name} is encrypted: give its passphrase", "passphrase")
    plain = private.folder(paths.data_dir() / "backups") / f".restoring-{os.getpid()}.sqlite3"
    try:
        private.write_bytes(plain, backup_crypto.decrypt(path.read_bytes(), passphrase))
        yield plain
    finally:
        with contextlib.suppress(OSError):
            plain.unlink()


def restore(url: str, source: Path, now: datetime, passphrase: str | None = None, *,
            upgrade: bool = False) -> Restored:
    """Put the backup at ``source`` in the book's place, once it passes its check. The book
    it replaces is kept as a backup (``replaced``, verified; a damaged book is moved aside
    whole as ``damaged``). A sound book is overwritten through SQLite's backup API, so a
    desk that has it open sees the restored book at its next read, not a file pulled from
    under it. With ``upgrade`` a backup of an older schema is brought to this program's at
    once (the window restoring into the book it has open); else the next start does it."""
    book = sqlite_path(url)
    if book is None:
        raise DatabaseError("a PostgreSQL book is restored with pg_restore, by the server's "
                            "administrator (see the README's Backups)")
    if source.resolve() == book.resolve():
        raise BadInput("that file is the book itself", "file")
    if not book.parent.is_dir():
        raise BadInput(f"folder {book.parent} does not exist", "db")
    incoming = book.with_name(f"{book.name}.restoring")
    with _readable(source, passphrase) as plain:
        problem = _restorable(plain)
        if problem is not None:
            raise DatabaseError(f"{source} cannot be restored: {problem}; the book was left "
                                "as it was")
        sqlite_files.copy_verified(plain, incoming)
    try:
        kept = _replace(url, book, incoming, now)
    finally:
        with contextlib.suppress(OSError):
            incoming.unlink()
    audit_seal.keep(url, folder_for(url), now)  # the trail now ends where the backup's did
    if upgrade:
        open_database(url, create=False).close()
    return Restored(book, source, kept)


def _replace(url: str, book: Path, incoming: Path, now: datetime) -> Backup | None:
    if not book.exists():
        os.replace(incoming, book)
        return None
    folder = folder_for(url)
    if book.stat().st_size == 0:  # not a book: nothing to keep
        os.replace(incoming, book)
        return None
    if sqlite_files.open_problem(book) is None:
        kept = _new_name(folder, book.stem, now, "replaced", "sqlite3")
        sqlite_files.copy_verified(book, kept)
        source, dest = sqlite3.connect(incoming), sqlite3.connect(book, timeout=30)
        try:
            source.backup(dest)
        finally:
            source.close()
            dest.close()
        problem = sqlite_files.open_problem(book, None)
        if problem is not None:
            raise DatabaseError(f"the restored book failed its check ({problem}); the book "
                                f"it replaced is kept in {kept}")
        return Backup(kept, _wall(now), "replaced", kept.stat().st_size, False)
    kept = _new_name(folder, book.stem, now, "damaged", "sqlite3")
    shutil.move(book, kept)
    for tail in ("-wal", "-shm"):
        beside = book.with_name(book.name + tail)
        if beside.exists():
            shutil.move(beside, kept.with_name(kept.name + tail))
    private.book(kept)
    os.replace(incoming, book)
    return Backup(kept, _wall(now), "damaged", kept.stat().st_size, False)
