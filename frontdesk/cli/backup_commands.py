"""``frontdesk backup [FILE]``, ``frontdesk restore FILE`` and ``frontdesk check``.

    frontdesk backup                         # a verified backup in the book's backup folder
    frontdesk backup /media/usb --encrypt    # into another folder or file, with a passphrase
    frontdesk restore FILE                   # checks FILE, keeps the book it replaces
    frontdesk check                          # exit 1 naming each problem, 0 when all hold

They read and write the book's file themselves (see :mod:`frontdesk.services.backups`), so
they work on a book too damaged for the other commands to open.

On a book with staff accounts they are a manager's (see frontdesk.domain.access): the
manager signs in on the book first. A book too damaged to open cannot say who its managers
are; ``check`` and ``restore`` then go on without a sign-in (whoever could damage the file
could as well replace it: the file's own permissions guard it).
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from frontdesk import paths
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput, DamagedBook
from frontdesk.environment import now_source
from frontdesk.services import backup_crypto, backups, book_check


def _url(args) -> str:
    return args.db or paths.default_db_url()


def _manager(args, *, damaged_ok: bool = False) -> None:
    """On a book with staff accounts: sign in, and only a manager goes on (exit 4)."""
    from frontdesk.cli.signin import sign_in
    from frontdesk.db.migrate import open_database

    try:
        db = open_database(_url(args), create=False)
    except DamagedBook:
        if damaged_ok:
            return
        raise
    except BadInput:  # no book there: the command itself says so
        return
    try:
        staff = sign_in(args, db)
        if staff is not None:
            staff.require(Action.BACKUP)
    finally:
        db.close()


def _passphrase(args, *, twice: bool) -> str:
    """From the first line of standard input (``--passphrase-stdin``), else asked on the
    terminal (twice when it makes a new file)."""
    if args.passphrase_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        secret = getpass.getpass("passphrase: ")
        if twice and getpass.getpass("the same passphrase again: ") != secret:
            raise BadInput("the two passphrases differ; nothing was written", "passphrase")
    else:
        raise BadInput("give the passphrase with --passphrase-stdin (no terminal to ask on)",
                       "passphrase")
    if not secret:
        raise BadInput("the passphrase is empty", "passphrase")
    return secret


def _emit(args, data, line: str) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(line)


def backup(args) -> int:
    target = Path(args.file) if args.file else None
    if args.passphrase_stdin and not args.encrypt:
        raise BadInput("--passphrase-stdin goes with --encrypt", "passphrase")
    _manager(args)
    secret = _passphrase(args, twice=True) if args.encrypt else None
    made = backups.back_up(_url(args), now_source()(), target, passphrase=secret)
    _emit(args, made.as_json(), f"backed up the book to {made.path} ({made.size:,} bytes, "
          f"verified{', encrypted' if made.encrypted else ''})")
    return 0


def restore(args) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise BadInput(f"no file at {source}", "file")
    _manager(args, damaged_ok=True)
    secret = (_passphrase(args, twice=False) if backup_crypto.is_encrypted(source)
              else None)
    done = backups.restore(_url(args), source, now_source()(), passphrase=secret)
    kept = (f"; the book it replaced is kept in {done.kept.path}" if done.kept is not None
            else "")
    _emit(args, {"book": str(done.book), "restored": str(done.source),
                 "kept": done.kept.as_json() if done.kept else None},
          f"restored {done.source} into {done.book}{kept}")
    return 0


def backups_list(args) -> int:
    _manager(args)
    found = backups.list_backups(_url(args))
    if getattr(args, "json", False):
        _emit(args, [b.as_json() for b in found], "")
        return 0
    for b in found:
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.why:<8} {b.size:>14,}  {b.path}"
              + ("  (encrypted)" if b.encrypted else ""))
    if not found:
        print("no backups yet")
    return 0


def check(args) -> int:
    _manager(args, damaged_ok=True)
    report = book_check.check(_url(args), now_source()())
    if getattr(args, "json", False):
        _emit(args, report.as_json(), "")
    elif report.sound:
        print(f"{report.book} holds together ({report.appointments:,} appointments; "
              f"checked: {'; '.join(report.checked)})")
    else:
        for problem in report.problems:
            print(problem.message)
    if report.sound:
        return 0
    n = len(report.problems)
    print(f"frontdesk: {report.book}: {n} problem{'s' * (n != 1)} found; `frontdesk restore "
          "FILE` puts a backup in its place (`frontdesk backups` lists them)", file=sys.stderr)
    return 1
