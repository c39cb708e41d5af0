"""The kinds of failure a user can be told about, kept apart from bugs.

Every front end maps these to its own way of speaking: the command line to an exit code and
one line on stderr, the window to a message at the field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class FrontdeskError(Exception):
    """A failure caused by the user's request or data, not by a bug."""

    exit_code = 1


class BadInput(FrontdeskError):
    """The request cannot be understood: unknown name, malformed date, impossible time."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class DatabaseError(FrontdeskError):
    """The database cannot be used as it is (newer schema, unreachable server, ...)."""

    exit_code = 1


class Busy(DatabaseError):
    """Another desk or program held the lock a change waits for longer than the wait allows.

    The message names what holds it ("another desk is upgrading the book ..."); nothing of
    the waiting change was written, so trying again later is safe."""


class Unreachable(DatabaseError):
    """The database server cannot be reached: the connection was refused or dropped.

    Raised only where nothing of the change can have been written: a transaction the server
    lost before its commit is rolled back by the server itself. (A connection lost during
    the commit, when the server may or may not have committed, says so instead.) The
    message is this program's own, never the driver's text, which may quote client data."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or UNREACHABLE)


#: What the user is told when the server cannot be reached.
UNREACHABLE = ("the database server cannot be reached; nothing was changed here: "
               "try again when it is back")
#: ... and when the connection went while a change was being committed.
LOST_AT_COMMIT = ("the connection to the database server was lost while the change was "
                  "being saved; it may or may not have been saved: look at the book once "
                  "the server is back")


@dataclass(frozen=True)
class Violation:
    """One booking rule a proposed appointment breaks.

    ``field`` names the part of the request at fault (therapist, room, client, start, service)
    so the window can show the reason beside it; ``soft`` rules may be booked over with an
    explicit override reason, hard ones never.

    The rest says whom the refusal concerns, so that no front end has to read it out of the
    message: ``appointment_id`` is the existing visit the request would change (None for a new
    booking), ``clash_id`` the booked visit in the way, and the therapist, room and client are
    given by id and by the name the message uses. ``detail`` is the message without what a
    front end already shows or asks in its own words: the name at its head ("is busy
    10:00-11:00 (...)", shown beside "Ana" in a list of therapists) and the advice on what to
    do next. It is the whole message when there is nothing to leave out.
    """

    code: str
    field: str
    message: str
    soft: bool = False
    detail: str = ""
    appointment_id: int | None = None
    clash_id: int | None = None
    therapist_id: int | None = None
    therapist: str = ""
    room_id: int | None = None
    room: str = ""
    client_id: int | None = None
    client: str = ""

    def __post_init__(self) -> None:
        if not self.detail:
            object.__setattr__(self, "detail", self.message)


class Refused(FrontdeskError):
    """A booking rule says no. Carries every rule broken, hard ones first."""

    exit_code = 3

    def __init__(self, violations: list[Violation] | tuple[Violation, ...] | str):
        if isinstance(violations, str):
            violations = [Violation("refused", "", violations)]
        self.violations = sorted(violations, key=lambda v: v.soft)
        super().__init__("; ".join(v.message for v in self.violations))

    @property
    def overridable(self) -> bool:
        """True when every broken rule is soft, so "book anyway" with a reason would work."""
        return all(v.soft for v in self.violations)


class StaleEdit(Refused):
    """The appointment changed since the caller read it (optimistic locking); who changed
    it and when, where known, so a desk can show the other desk's change beside its own."""

    def __init__(self, message: str, appointment_id: int | None = None, *,
                 changed_by: str = "", changed_at: datetime | None = None):
        super().__init__([Violation("stale", "", message, appointment_id=appointment_id)])
        self.appointment_id = appointment_id
        self.changed_by, self.changed_at = changed_by, changed_at


class DamagedBook(DatabaseError):
    """The book's file is not sound (or not a book at all): it is opened for nothing, so
    nothing is written into it. ``reason`` says what was found; the message tells what to do
    (``frontdesk check`` says more, ``frontdesk restore`` puts a backup in its place)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} is no sound book: {reason}; nothing was written to it "
                         "(see `frontdesk check`; `frontdesk restore FILE` puts a backup in "
                         "its place)")
        self.path, self.reason = path, reason


class ReadOnlyBook(DatabaseError):
    """A change asked of a book opened read-only (its file is marked read-only)."""


class Forbidden(FrontdeskError):
    """Who is signed in may not do this, or the sign-in itself failed (a wrong name or
    password, none given for a book with staff accounts). Nothing was changed."""

    exit_code = 4
