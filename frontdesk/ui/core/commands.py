"""Undo and redo of every change: one QUndoCommand made of steps that call the engine.

A change is a list of steps: visits booked, moved or given a status (``VisitStep``), or one
waitlist entry or one client card. A standing appointment or "this and following" is one
command of many visit steps, so one Ctrl+Z takes the whole of it back; its steps run in one
booking transaction (``Bookings.transaction``), so an undo that one visit's slot no longer
allows changes none of them.

The first ``redo`` that QUndoStack.push makes is skipped: the change was already made (the
dialog or the drop needed the engine's answer at once to show a refusal at its field). Undo
and later redos are engine calls like any other, checked against the book as it is then; a
refused one is reported and the command leaves the stack, since it no longer matches the
book.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, timedelta

from PySide6.QtGui import QUndoCommand

from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import TRANSITIONS, Source, Status
from frontdesk.services import (
    client_cards,
    client_import,
    client_record,
    schedule,
    waitlist,
    withdrawal,
)
from frontdesk.services.booking import Bookings, Change
from frontdesk.services.booking_session import BookingSession
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.changed import Changed

log = logging.getLogger(__name__)

Done = Callable[[Changed], None]
Failed = Callable[[str, FrontdeskError], None]
#: The version this window last wrote or read back, per appointment. Shared by all commands
#: of one stack: undoing the second of two changes to one visit moves the version on, and the
#: first change's undo must expect that version, not the one it saw when it was made. A
#: change from another desk is not in here, so undoing over it is refused as stale.
Versions = dict[int, int]


class Step:
    """One undoable part of a change that writes on its own (a waitlist entry, a card)."""

    def forward(self) -> Changed:
        raise NotImplementedError

    def backward(self) -> Changed:
        raise NotImplementedError


class VisitStep:
    """A step on one appointment, run inside the command's booking transaction; it expects
    the version this window last saw."""

    def __init__(self, after: AppointmentView, versions: Versions):
        self.versions = versions
        self.id_ = after.id
        versions[after.id] = after.version
        #: A couples visit's partners as the step's last run left them: the engine moves,
        #: cancels and puts them back with it, and the window must show that too.
        self.partners: list[AppointmentView] = []

    @property
    def version(self) -> int:
        return self.versions[self.id_]

    def forward(self, tx: BookingSession) -> AppointmentView | None:
        """The step made again; the visit as it is now (None: no longer in the book)."""
        raise NotImplementedError

    def backward(self, tx: BookingSession) -> AppointmentView | None:
        raise NotImplementedError

    def gone(self) -> Changed:
        """What the window must drop when the step took its visit out of the book."""
        return Changed(views={self.id_: None})

    def _seen(self, view: AppointmentView, tx: BookingSession | None = None) -> AppointmentView:
        self.versions[self.id_] = view.version
        if tx is not None and view.party_id is not None:
            self.partners = schedule.partners(tx.session, [view]).get(view.id, [])
            for partner in self.partners:  # changed with it by this window
                self.versions[partner.id] = partner.version
        return view

    def committed(self) -> None:
        """The transaction this step ran in was committed (see :class:`BookStep`)."""


class UndoableChange(QUndoCommand):
    """A change already made when pushed: visit steps (one transaction) or one ``Step``."""

    def __init__(self, text: str, steps: list[VisitStep] | list[Step], bookings: Bookings,
                 done: Done, failed: Failed, *, touched: tuple[AppointmentView, ...] = ()):
        super().__init__(text)
        self.steps, self.bookings, self.done, self.failed = steps, bookings, done, failed
        #: The visits before and after the change: an undo or redo changes the days of the
        #: therapists of both (a visit moved from Ana to Ben, then back).
        self.touched = touched
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(forward=True)

    def undo(self) -> None:
        self._run(forward=False)

    def _run(self, forward: bool) -> None:
        verb = "Redo" if forward else "Undo"
        steps = self.steps if forward else list(reversed(self.steps))
        try:
            changed = (self._visits(steps, forward) if isinstance(steps[0], VisitStep)
                       else _one(steps, forward))
        except Exception as error:
            # Refused, or the database failed (locked, gone): either way nothing of it was
            # written, and the command no longer matches the book.
            self.setObsolete(True)
            if not isinstance(error, FrontdeskError):
                log.error("%s failed: %s", verb.lower(), type(error).__name__)
                error = FrontdeskError("the book could not be changed; see the log")
            self.failed(f"{verb} “{self.text()}”", error)
            return
        self.done(changed)

    def _visits(self, steps: list, forward: bool) -> Changed:
        versions = steps[0].versions
        kept = dict(versions)
        try:
            with self.bookings.transaction() as tx:
                views = [s.forward(tx) if forward else s.backward(tx) for s in steps]
        except BaseException:
            versions.clear()
            versions.update(kept)  # nothing was written: the versions seen still stand
            raise
        for step in steps:
            step.committed()
        changed = Changed.of(*(v for v in views if v is not None),
                             *(p for s in steps for p in s.partners), before=self.touched)
        for step, view in zip(steps, views, strict=True):
            if view is None:
                changed |= step.gone()
        return changed | Changed(waitlist=any(isinstance(s, BookStep) and s.waiting
                                              for s in steps))


def _one(steps: list, forward: bool) -> Changed:
    changed = Changed()
    for step in steps:
        changed |= step.forward() if forward else step.backward()
    return changed


class BookStep(VisitStep):
    """Undo takes the new booking out of the book (the audit trail keeps it: see
    :mod:`frontdesk.services.withdrawal`), so it shows nowhere, cancelled or not; redo puts
    it back under its own number, every rule checked again. A booking made for a waiting
    client (``waiting``: the entry and its wish) puts the client back on the waitlist when
    undone, and takes them off again when redone, in the same transaction."""

    def __init__(self, after: AppointmentView, versions: Versions,
                 waiting: tuple[int, waitlist.Wish] | None = None,
                 partners: tuple[AppointmentView, ...] = ()):
        super().__init__(after, versions)
        self.waiting = waiting
        #: A couples booking's other visits: taken back and put back with it by the engine.
        self.booked_with = partners
        self.shown = after  # whose day and card change when it goes or comes back
        self._entry: int | None = None  # the entry made by an undo not yet committed

    def forward(self, tx: BookingSession) -> AppointmentView:
        self._entry = None
        view = withdrawal.reinstate(tx, self.id_)
        if self.waiting is not None:
            tx.drop_waitlist(self.waiting[0])
        self.shown = view
        return self._seen(view, tx)

    def backward(self, tx: BookingSession) -> None:
        self.partners = []
        withdrawal.withdraw(tx, self.id_, self.version)
        if self.waiting is not None:
            self._entry = waitlist.add_in(tx.session, self.waiting[1], actor=tx.actor,
                                          at=tx.now(), entry_id=self.waiting[0])

    def gone(self) -> Changed:
        shown = [self.shown, *self.booked_with]
        return Changed(views={v.id: None for v in shown},
                       client_ids=frozenset(v.client_id for v in shown if v.client_id),
                       therapist_ids=frozenset(v.therapist_id for v in shown))

    def committed(self) -> None:
        if self._entry is not None and self.waiting is not None:
            self.waiting, self._entry = (self._entry, self.waiting[1]), None


def _minutes(a: AppointmentView) -> int:
    return int((a.end - a.start) / timedelta(minutes=1))


class MoveStep(VisitStep):
    """A change of a booked visit: a move, resize or reassignment, another client or
    service, its notes or source; undo puts each of them back (a walk-in named by mistake
    goes back to having no client). Only what the change touched is sent, so an undo of a
    note written during the session does not ask to move a visit under way. Contraindications
    put back are the ones the desk acknowledged when it made that state."""

    def __init__(self, before: AppointmentView, after: AppointmentView, versions: Versions):
        super().__init__(after, versions)
        self.before, self.after = before, after

    def _to(self, tx: BookingSession, a: AppointmentView) -> AppointmentView:
        other = self.after if a is self.before else self.before
        placed = (a.start, a.end, a.therapist_id, a.room_id) != (
            other.start, other.end, other.therapist_id, other.room_id)
        who = (a.client_id, a.service_id) != (other.client_id, other.service_id)
        change = Change(
            start=a.start if placed else None, minutes=_minutes(a) if placed else None,
            therapist_id=a.therapist_id if placed else None,
            room_id=a.room_id if placed else None, expected_version=self.version,
            override=a.override_reason if a.overridden else "",
            client_id=a.client_id if who else None,
            no_client=who and a.client_id is None,
            service_id=a.service_id if who else None, acknowledge=who,
            notes=a.notes if a.notes != other.notes else None,
            source=Source(a.source) if a.source != other.source else None)
        return self._seen(tx.change(self.id_, change), tx)

    def forward(self, tx: BookingSession) -> AppointmentView:
        return self._to(tx, self.after)

    def backward(self, tx: BookingSession) -> AppointmentView:
        return self._to(tx, self.before)


class StatusStep(VisitStep):
    """A status change; undo goes back to the earlier status, through "booked" when the
    rules have no direct step back (a cancelled visit returns as booked, then confirmed).

    A couple's cancellation cancels the partners too, and its undo brings them back as
    booked with it; ``partners_before`` (the partners as they were before the change) puts
    each back as it was then (a partner who had confirmed is confirmed again)."""

    def __init__(self, before: AppointmentView, after: AppointmentView, versions: Versions,
                 partners_before: Sequence[AppointmentView] = ()):
        super().__init__(after, versions)
        self.before, self.after = before, after
        self.partners_before = {p.id: p.status for p in partners_before}

    def _to(self, tx: BookingSession, a: AppointmentView, current: Status) -> AppointmentView:
        path = [a.status]
        if a.status not in TRANSITIONS[current] and Status.BOOKED in TRANSITIONS[current]:
            path = [Status.BOOKED, a.status]
        view = None
        for status in path:
            if view is not None and view.status == status:
                continue
            view = self._seen(tx.set_status(
                self.id_, status, a.cancel_reason, self.version,
                a.override_reason if a.overridden else ""), tx)
        return view

    def forward(self, tx: BookingSession) -> AppointmentView:
        return self._to(tx, self.after, self.before.status)

    def backward(self, tx: BookingSession) -> AppointmentView:
        view = self._to(tx, self.before, self.after.status)
        back = [(p.id, was) for p in self.partners
                if (was := self.partners_before.get(p.id)) is not None
                and p.status != was and was in TRANSITIONS[p.status]]
        for partner_id, was in back:
            tx.set_status(partner_id, was, "", self.versions.get(partner_id), "", alone=True)
        return self._seen(view, tx) if back else view  # the partners as they are now


class WaitlistStep(Step):
    """A client put on the waitlist (``added``) or taken off it; the other way round undoes
    it. Putting back makes the entry again, same wish and number (a booking's undo step may
    name it too)."""

    def __init__(self, bookings: Bookings, wish: waitlist.Wish, entry_id: int, *, added: bool):
        self.bookings, self.wish, self.entry_id, self.added = bookings, wish, entry_id, added

    def _add(self) -> Changed:
        self.entry_id = waitlist.add(self.bookings.db, self.wish, actor=self.bookings.actor,
                                     now=self.bookings.now, entry_id=self.entry_id or None)
        return Changed(waitlist=True, client_ids=frozenset({self.wish.client_id}))

    def _remove(self) -> Changed:
        waitlist.remove(self.bookings.db, self.entry_id, actor=self.bookings.actor,
                        now=self.bookings.now)
        return Changed(waitlist=True, client_ids=frozenset({self.wish.client_id}))

    def forward(self) -> Changed:
        return self._add() if self.added else self._remove()

    def backward(self) -> Changed:
        return self._remove() if self.added else self._add()


class ClientStep(Step):
    """A client card's details; undo writes the earlier ones back. Each write expects the
    card as this window last saw it, so one made over another desk's edit is refused as
    stale instead of silently undoing that desk's work."""

    def __init__(self, bookings: Bookings, shown: client_record.ClientRecord, after: dict):
        self.bookings, self.id_, self.seen = bookings, shown.id, shown
        self.before = {"name": shown.name, "phone": shown.phone, "email": shown.email,
                       "notes": shown.notes, "alert": shown.alert, "flags": list(shown.flags)}
        self.after = after

    def _write(self, fields: dict) -> Changed:
        db = self.bookings.db
        client_record.update_client(db, self.id_, **fields, actor=self.bookings.actor,
                                    at=self.bookings.now(), expected=self.seen)
        with db.read() as session:
            # Only the card's fields are compared next time; the summary's zone is moot.
            self.seen = client_record.record(session, self.id_, UTC, limit=0)
        return Changed(client_ids=frozenset({self.id_}))

    def forward(self) -> Changed:
        return self._write(self.after)

    def backward(self) -> Changed:
        return self._write(self.before)


class CardActiveStep(Step):
    """A card made active (added, or reactivated) or deactivated; undo does the other.
    Undoing an added card deactivates it: its number and audit trail stay, a deleted row
    could not come back with the same number."""

    def __init__(self, bookings: Bookings, client_id: int, active: bool):
        self.bookings, self.id_, self.active = bookings, client_id, active

    def _set(self, active: bool) -> Changed:
        client_cards.set_active(self.bookings.db, self.id_, active, actor=self.bookings.actor,
                                now=self.bookings.now)
        return Changed(client_ids=frozenset({self.id_}))

    def forward(self) -> Changed:
        return self._set(self.active)

    def backward(self) -> Changed:
        return self._set(not self.active)


class ImportedCardsStep(Step):
    """The cards a client import made: undo deactivates them all in one transaction (as an
    added card's undo does), redo reactivates them."""

    def __init__(self, bookings: Bookings, client_ids: list[int]):
        self.bookings, self.ids = bookings, list(client_ids)

    def _set(self, active: bool) -> Changed:
        client_import.set_cards_active(self.bookings.db, self.ids, active,
                                       actor=self.bookings.actor, now=self.bookings.now)
        return Changed(client_ids=frozenset(self.ids))

    def forward(self) -> Changed:
        return self._set(True)

    def backward(self) -> Changed:
        return self._set(False)
