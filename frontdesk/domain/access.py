"""Who may do what: staff roles, the actions they may take, what a therapist may see.

The one place this rule lives. The services enforce it (they raise
:class:`~frontdesk.domain.errors.Forbidden`, exit 4 on the command line); the command line and
the window ask it too, only to hide or grey what would be refused, with the reason it gives.

- **desk**: the book (booking, moving, cancelling, statuses, the waitlist) and the clients'
  cards, their contact details with the alerts and contraindications the desk needs to book
  safely; exports and calendars of the schedule.
- **therapist**: their own schedule. They read the book, but client notes, alerts,
  contraindications and visit notes only of their own clients (a client with a visit booked
  with them, past or to come) and their own visits; they may set the status of their own
  visits and edit the notes, alert and contraindications of their own clients, nothing else.
- **manager**: everything, and alone the clinic's set-up, staff accounts, the audit trail,
  backups, a client's whole file (its export with the audit entries about them, its
  erasure), and the reports (utilisation, no-shows, takings: the business's own figures).

A book with no staff accounts has nobody signed in and works as it always did: every action
is allowed (see :data:`OPEN_BOOK`). Once it has accounts, everything needs a signed-in one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from frontdesk.domain.errors import BadInput, Forbidden
from frontdesk.domain.status import Status


class Role(StrEnum):
    DESK = "desk"
    THERAPIST = "therapist"
    MANAGER = "manager"

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise BadInput(f"no role {text!r}: say desk, therapist or manager", "role") from None


class Action(StrEnum):
    """What a role may be allowed; the value is how a refusal names it."""

    READ_BOOK = "read the book"
    BOOK = "book, move or cancel appointments"
    SET_STATUS = "set an appointment's status"
    WAITLIST = "change the waitlist"
    CLIENT_CARDS = "add, merge, deactivate or change clients' contact details"
    CLIENT_NOTES = "change clients' notes, alerts and contraindications"
    EXPORT = "export or publish the schedule"
    SET_UP = "change the clinic's set-up"
    STAFF = "manage staff accounts"
    AUDIT = "read the audit trail"
    BACKUP = "back up, restore or check the book"
    OWN_PASSWORD = "change their own password"
    CLIENT_FILE = "export or erase a client's whole file"
    CHECKOUT = "check visits out, sell gift certificates and charge fees"
    REFUND = "void or refund payments and waive fees"
    REPORTS = "read the clinic's reports"


_ALL = frozenset(Role)
_DESK = frozenset({Role.DESK, Role.MANAGER})
_MANAGER = frozenset({Role.MANAGER})

#: Which roles may take each action (at all: some only on their own visits or clients, see
#: :data:`OWN_ONLY`).
RULES: dict[Action, frozenset[Role]] = {
    Action.READ_BOOK: _ALL,
    Action.BOOK: _DESK,
    Action.SET_STATUS: _ALL,
    Action.WAITLIST: _DESK,
    Action.CLIENT_CARDS: _DESK,
    Action.CLIENT_NOTES: _ALL,
    Action.EXPORT: _ALL,
    Action.SET_UP: _MANAGER,
    Action.STAFF: _MANAGER,
    Action.AUDIT: _MANAGER,
    Action.BACKUP: _MANAGER,
    Action.OWN_PASSWORD: _ALL,
    Action.CLIENT_FILE: _MANAGER,
    Action.CHECKOUT: _DESK,
    Action.REFUND: _DESK,
    Action.REPORTS: _MANAGER,
}

#: Actions a role may take only on its own therapist's visits or clients.
OWN_ONLY: dict[Action, frozenset[Role]] = {
    Action.SET_STATUS: frozenset({Role.THERAPIST}),
    Action.CLIENT_NOTES: frozenset({Role.THERAPIST}),
    Action.EXPORT: frozenset({Role.THERAPIST}),
}

#: What a change to each kind of record needs (any one of the actions, by the table's name):
#: the last check before anything is written, whichever service wrote it. A record kind not
#: named here needs the set-up's right.
CHANGES: dict[str, tuple[Action, ...]] = {
    "appointments": (Action.BOOK, Action.SET_STATUS),
    "series": (Action.BOOK,),
    "waitlist": (Action.WAITLIST,),
    "clients": (Action.CLIENT_CARDS, Action.CLIENT_NOTES),
    "client_phones": (Action.CLIENT_CARDS,),
    "client_flags": (Action.CLIENT_NOTES,),
    "staff_accounts": (Action.STAFF, Action.OWN_PASSWORD),
    "checkouts": (Action.CHECKOUT, Action.REFUND),
    "gift_certificates": (Action.CHECKOUT,),
    "day_closes": (Action.CHECKOUT,),
}

#: What a therapist is told when an action concerns someone else's visit or client.
NOT_THEIRS = "only for their own visits and clients"

#: Passwords shorter than this are refused.
MIN_PASSWORD = 8


def may(role: Role, action: Action) -> bool:
    """Whether ``role`` may take ``action`` at all (perhaps only on its own, see
    :func:`Staff.may`)."""
    return role in RULES[action]


@dataclass(frozen=True)
class Staff:
    """A signed-in account: who is at the desk, and as what."""

    name: str
    role: Role
    #: The therapist this account is (a therapist's account only).
    therapist_id: int | None = None

    def may(self, action: Action, therapist_ids: Collection[int] | None = None) -> bool:
        """Whether this account may take ``action``; ``therapist_ids`` are the therapists of
        the visit or client it concerns (None: the action in general)."""
        if not may(self.role, action):
            return False
        if therapist_ids is None or self.role not in OWN_ONLY.get(action, ()):
            return True
        return self.therapist_id is not None and self.therapist_id in therapist_ids

    def require(self, action: Action, therapist_ids: Collection[int] | None = None) -> None:
        """:class:`Forbidden` naming the action when this account may not take it."""
        if not self.may(action, therapist_ids):
            raise Forbidden(refusal(self, action, own=may(self.role, action)))

    def may_change(self, entity: str) -> bool:
        """Whether this account may change a record of kind ``entity`` at all."""
        return any(self.may(action) for action in change_actions(entity))

    def sees_details(self, therapist_ids: Collection[int]) -> bool:
        """Whether this account sees the notes, alert and contraindications of a client (or
        the notes of a visit) whose visits are with ``therapist_ids``."""
        return self.role != Role.THERAPIST or (
            self.therapist_id is not None and self.therapist_id in therapist_ids)


def status_action(status: Status) -> Action:
    """What giving a visit ``status`` needs: cancelling it, or putting it back in the book,
    is booking; the others (confirmed, arrived, in session, completed, no-show) are statuses."""
    if status in (Status.CANCELLED, Status.LATE_CANCEL, Status.BOOKED):
        return Action.BOOK
    return Action.SET_STATUS


def change_actions(entity: str) -> tuple[Action, ...]:
    """The actions of which one allows a change to a record of kind ``entity``."""
    return CHANGES.get(entity, (Action.SET_UP,))


def refusal(staff: Staff, action: Action, *, own: bool = False) -> str:
    """The one line a refused action says (also the reason the window shows beside what it
    greys)."""
    if own:
        return f"{staff.name} ({staff.role}) may {action.value} {NOT_THEIRS}; nothing was changed"
    return f"{staff.name} ({staff.role}) may not {action.value}; nothing was changed"


def reason(role: Role, action: Action) -> str:
    """Why something is greyed for ``role``: "" when it may."""
    return "" if may(role, action) else f"a {role} may not {action.value}: ask a manager"


def why_not(staff: Staff | None, action: Action,
            therapist_ids: Collection[int] | None = None) -> str:
    """Why ``staff`` may not take ``action`` (on ``therapist_ids``' visits or clients), for
    a greyed menu item: "" when it may, or when nobody signs in on the book."""
    if staff is None or staff.may(action, therapist_ids):
        return ""
    if may(staff.role, action):
        return f"a {staff.role} may {action.value} {NOT_THEIRS}"
    return reason(staff.role, action)


def check_name(name: str) -> str:
    """An account's name as kept: trimmed, spaces squeezed, 1-60 characters."""
    name = " ".join((name or "").split())
    if not name:
        raise BadInput("an account needs a name", "name")
    if len(name) > 60:
        raise BadInput("an account's name has at most 60 characters", "name")
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise BadInput(f"a password needs at least {MIN_PASSWORD} characters", "password")
    if password != password.strip():
        raise BadInput("a password may not begin or end with a space", "password")
    return password


def check_link(role: Role, therapist_id: int | None) -> None:
    """A therapist's account is linked to its therapist; no other account is."""
    if role == Role.THERAPIST and therapist_id is None:
        raise BadInput("a therapist's account needs --therapist NAME (whose schedule it is)",
                       "therapist")
    if role != Role.THERAPIST and therapist_id is not None:
        raise BadInput("only a therapist's account names a therapist", "therapist")


def failure_delay(failures: int) -> float:
    """Seconds to wait after the ``failures``-th wrong password in a row: a little longer
    each time (0.5, 1, 2, 4 s at most), on top of the hash's own cost."""
    if failures <= 0:
        return 0.0
    return float(min(0.5 * 2 ** (failures - 1), 4.0))
