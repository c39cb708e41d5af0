"""The window's one door to the data.

Every widget, dialog and controller of the window reaches the book through a :class:`Door`,
never through a database, a session or an ORM object (the layer contracts check it):

- ``door.query(fn, *args, done=...)`` runs ``fn(session, *args)`` on a worker thread and hands
  the result to ``done`` on the GUI thread; a newer query with the same ``key`` supersedes an
  older one, so typing fast never shows an older answer last. Use it for every read that grows
  with the book or with what is typed (searches, histories, months, lists, free times).
- ``door.call(fn, *args, done=...)`` is the same for a service that opens its own
  sessions (``fn(database, *args)``): the availability search; and the long writes that
  must not hold the GUI thread (an import, a backup or a restore), whose ``done`` then says
  what changed (``door.ops`` records an import, the watcher and a restore's own re-read the
  rest).
- ``door.read(fn, *args)`` runs ``fn(session, *args)`` at once, on the GUI thread. Only for
  reads that cost the same however large the book grows: one day or week (the day switch
  must paint in the same frame), one visit, one client, tomorrow's calls, and the
  index-backed look-ups of a few rows that answer within a keystroke (the client and caller
  type-aheads, so Enter always takes what is shown). An export also reads its days at once:
  the desk waits for it behind its progress dialog anyway.
- ``door.ops`` makes every change (:class:`~frontdesk.ui.core.operations.Operations`): it
  records undo and says what changed.
- ``door.catalog`` is the clinic's set-up, read once and again when it changes.
- ``door.reachable`` says whether the book's server answered last time it was asked (its
  reads, changes and the watcher's periodic read all tell it); ``reachability_changed``
  says when that changes. While it is away, reads and changes on the GUI thread are refused
  at once with :data:`AWAY` (never a frozen window waiting on a dead network) and the
  watcher keeps asking, off the GUI thread, a few seconds apart; its first answer brings
  the desk back. An SQLite book is always reachable.

Modelled on Anki's ``QueryOp``/``CollectionOp``: work runs away from the widgets, results and
failures come back on the GUI thread, and a change says what it touched.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from frontdesk.domain import clock
from frontdesk.domain.access import Staff
from frontdesk.domain.errors import UNREACHABLE, FrontdeskError, Unreachable
from frontdesk.services import accounts
from frontdesk.services.booking import Bookings
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.ui.core.operations import Operations
from frontdesk.ui.core.tasks import Tasks, courier
from frontdesk.ui.core.watcher import ChangeWatcher

log = logging.getLogger(__name__)

#: What a read or change refused while the server is away says (the editor shows it in its
#: general line and keeps what was typed).
AWAY = ("the database server cannot be reached; nothing was changed here — frontdesk keeps "
        "trying: try again once it is back")

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class Door(QObject):
    """One open book, as the window sees it. ``db`` is a migrated
    :class:`frontdesk.db.engine.Database`; only this class and the start-up code touch it."""

    catalog_changed = Signal(object)  # Catalog, after set-up changed here or elsewhere
    reachability_changed = Signal(bool)  # the server answers again (True) or not (False)

    def __init__(self, db, *, actor: str = "desk", now: Callable[[], datetime] = clock.utcnow,
                 watch_ms: int = 1000, parent: QObject | None = None):
        super().__init__(parent)
        self._db, self.actor, self.now = db, actor, now
        self._gate = _Gate(db)
        db.on_reach = _told(self)
        self.tasks = Tasks(self)
        self.catalog: Catalog = self.read(load_catalog)
        self.ops = Operations(Bookings(self._gate, actor=actor, now=now),
                              self.catalog.clinic.tz, self)
        self.ops.configured.connect(self.reload_catalog)
        self.watcher = ChangeWatcher(self, watch_ms, self)

    @property
    def tz(self):
        return self.catalog.clinic.tz

    @property
    def is_sqlite(self) -> bool:
        return self._db.is_sqlite

    @property
    def read_only(self) -> bool:
        """The book was opened read-only (its file is marked so): every change is refused."""
        return bool(getattr(self._db, "read_only", False))

    @property
    def url(self) -> str:
        """The open book's database URL (with its password: for the connection's own use,
        never for showing; :func:`frontdesk.connection.describe` says it for people)."""
        return self._db.url

    @property
    def staff(self) -> Staff | None:
        """The account signed in (None on a book without staff accounts)."""
        return self._db.staff

    def check(self, name: str, password: str) -> Staff:
        """The account ``name`` and ``password`` sign in as (Forbidden when wrong); signs
        nobody in. Slow on purpose (argon2): for a worker thread."""
        return accounts.check(self._db, name, password)

    def sign_in(self, staff: Staff) -> None:
        """From now on the window works as ``staff`` (checked by :meth:`check`): what the
        services allow and withhold, and whom the audit trail names."""
        self._db.staff = staff
        self.actor = staff.name
        self.ops.bookings.actor = staff.name

    @property
    def reachable(self) -> bool:
        """Whether the server answered the last time it was asked."""
        return self._gate.reachable

    def _reached(self, reachable: bool) -> None:
        """The database's word (carried to the GUI thread) that the server answered or
        could not be reached."""
        if reachable != self._gate.reachable:
            self._gate.reachable = reachable
            self.reachability_changed.emit(reachable)

    # -- reading ------------------------------------------------------------------------

    def read(self, fn: Callable[..., Any], *args, **kw) -> Any:
        """A bounded read, now (see the module's docstring for which reads may);
        :class:`Unreachable` at once while the server is away."""
        with self._gate.read() as session:
            return fn(session, *args, **kw)

    def query(self, fn: Callable[..., Any], *args, done: Done, failed: Failed | None = None,
              key: str | None = None, **kw) -> int:
        """``fn(session, *args, **kw)`` off the GUI thread; ``done(result)`` back on it."""
        db = self._db

        def work():
            with db.read() as session:
                return fn(session, *args, **kw)

        return self.tasks.run(work, done, _calm(failed), key=key)

    def call(self, fn: Callable[..., Any], *args, done: Done, failed: Failed | None = None,
             key: str | None = None, **kw) -> int:
        """``fn(database, *args, **kw)`` off the GUI thread, for services that open their own
        sessions; ``done(result)`` back on it."""
        db = self._db
        return self.tasks.run(lambda: fn(db, *args, **kw), done, _calm(failed), key=key)

    def reload_catalog(self) -> Catalog:
        self.catalog = self.read(load_catalog)
        self.ops.tz = self.catalog.clinic.tz
        self.catalog_changed.emit(self.catalog)
        return self.catalog

    def wait(self, msecs: int = 30000) -> bool:
        """Block until background work is done (closing, and tests)."""
        return self.tasks.wait(msecs)


def _told(door: Door) -> Callable[[bool], None]:
    """The database's ``on_reach`` for ``door``: called on any thread, it carries the word
    to the GUI thread (a worker must not touch a door the window may be deleting just
    then), and neither keeps the door alive nor reaches one whose window is gone."""
    ref = weakref.ref(door)
    to = courier()

    def told(reachable: bool) -> None:
        to.post(_tell, ref, reachable)

    return told


def _tell(ref: weakref.ref[Door], reachable: bool) -> None:
    found = ref()
    if found is not None:
        with suppress(RuntimeError):  # its Qt object was deleted meanwhile
            found._reached(reachable)


class _Gate:
    """The database as the window's own thread uses it: while the server is known to be
    away, a read or a change is refused at once with :data:`AWAY`; one that finds it away
    says the same. Everything else is the database's (the services take it as one).

    It keeps the door's word on reachability itself rather than asking the door: a gate
    holding its door would make a reference cycle through a Qt object, which Python's
    collector may then free on a worker thread."""

    def __init__(self, db):
        self._db = db
        self.reachable = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    @contextmanager
    def _guarded(self, sessions) -> Iterator[Any]:
        if not self.reachable:
            raise Unreachable(AWAY)
        try:
            with sessions() as session:
                yield session
        except Unreachable as error:
            if str(error) != UNREACHABLE:  # lost during a commit: the outcome is unknown
                raise
            raise Unreachable(AWAY) from None

    def read(self):
        return self._guarded(self._db.read)

    def write(self):
        return self._guarded(self._db.write)


def _calm(failed: Failed | None) -> Failed:
    """A failure the user can be told about (a refusal, a file that cannot be written)
    reaches ``failed`` as it is; a bug is logged, by its kind only, and reaches ``failed``
    as a plain sentence (a database error's text can hold client details). Without
    ``failed`` a failure is only logged, the same way."""

    def calm(error: Exception) -> None:
        if not isinstance(error, FrontdeskError | OSError):
            log.error("background work failed: %s", type(error).__name__)
            error = FrontdeskError("could not read the book; see the log")
        if failed is not None:
            failed(error)

    return calm
