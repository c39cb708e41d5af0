"""Signing in on the command line: who (``--user NAME`` or ``FRONTDESK_USER``) and the
password (``FRONTDESK_PASSWORD`` for scripts, else asked on the terminal, never echoed).

Only a book with staff accounts asks; a book with none works as it always did. A wrong name
or password waits a moment (a little slower for whoever is guessing; the hash is slow
already) and exits 4 in one line, with nothing changed. The password is never printed or
logged.
"""

from __future__ import annotations

import getpass
import os
import sys
import time

from frontdesk.db.engine import Database
from frontdesk.domain.access import Staff, failure_delay
from frontdesk.domain.errors import Forbidden
from frontdesk.environment import actor
from frontdesk.services import accounts

#: Seconds a refused sign-in waits before it answers (the first failure's delay).
WAIT_AFTER_FAILURE = failure_delay(1)


def who(args) -> str:
    """The account named on the command line, else FRONTDESK_USER ("" when neither)."""
    return (getattr(args, "signin", None) or os.environ.get("FRONTDESK_USER") or "").strip()


def password(prompt: str) -> str | None:
    """FRONTDESK_PASSWORD, else asked on the terminal; None with neither."""
    given = os.environ.get("FRONTDESK_PASSWORD")
    if given is not None:
        return given
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def sign_in(args, db: Database) -> Staff | None:
    """Sign in on ``db`` when it has staff accounts (then the account, else None)."""
    with db.read() as session:
        if not accounts.has_accounts(session):
            return None
    name = who(args)
    if not name:
        raise Forbidden("this book has staff accounts: say who you are with --user NAME (or "
                        "FRONTDESK_USER), and the password")
    secret = password(f"password for {name}: ")
    if secret is None:
        raise Forbidden("no password: give it on a terminal, or in FRONTDESK_PASSWORD for a "
                        "script")
    try:
        return accounts.sign_in(db, name, secret)
    except Forbidden:
        time.sleep(WAIT_AFTER_FAILURE)
        raise


def actor_of(db: Database) -> str:
    """Who the audit trail names: the signed-in account, else (a book with no accounts)
    FRONTDESK_USER or the computer's user, as before."""
    return db.staff.name if db.staff is not None else actor()
