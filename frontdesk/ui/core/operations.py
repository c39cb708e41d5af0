"""Every change the window makes: the engine's call first, then an undoable command.

Each method asks the engine (which checks the rules and writes the audit trail in one
transaction), puts the change on the undo stack and announces what it touched with
``changed`` (a :class:`Changed`), so the views refresh just that. A refusal is raised to the
caller, which shows it at the field at fault; an undo or redo that the book no longer allows
is reported through ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from frontdesk.domain import clock
from frontdesk.domain.errors import StaleEdit, Violation
from frontdesk.domain.ledger import Method, Payment
from frontdesk.domain.recurrence import Repeat
from frontdesk.domain.status import Status
from frontdesk.services import client_cards, client_record, schedule, series, waitlist
from frontdesk.services.booking import BookingRequest, Bookings, Change
from frontdesk.services.certificates import Certificates, CertificateView
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from frontdesk.services.fees import Fees
from frontdesk.services.receipts import Receipt
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.changed import Changed
from frontdesk.ui.core.commands import (
    BookStep,
    CardActiveStep,
    ClientStep,
    ImportedCardsStep,
    MoveStep,
    StatusStep,
    UndoableChange,
    WaitlistStep,
)
from frontdesk.ui.core.money_steps import CheckoutStep, FeeStatusStep


class Operations(QObject):
    changed = Signal(object)          # Changed, after a change, an undo or a redo
    configured = Signal()             # the clinic's set-up was changed here
    failed = Signal(str, object)      # what was tried, FrontdeskError

    def __init__(self, bookings: Bookings, tz, parent: QObject | None = None):
        super().__init__(parent)
        self.bookings = bookings
        self.tz = tz
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(200)
        self.versions: dict[int, int] = {}  # see commands.Versions

    @property
    def now(self) -> Callable[[], datetime]:
        return self.bookings.now

    def _push(self, text: str, steps: list, changed: Changed,
              touched: tuple[AppointmentView, ...] = ()) -> None:
        self.stack.push(UndoableChange(text, steps, self.bookings, self.changed.emit,
                                       self.failed.emit, touched=touched))
        self.changed.emit(changed)

    def _when(self, view: AppointmentView) -> str:
        return clock.to_local(view.start, self.tz).strftime("%a %d %b %H:%M")

    def _read(self, fn, *args):
        with self.bookings.db.read() as session:
            return fn(session, *args)

    # -- asking the engine, changing nothing --------------------------------------------

    def preview_change(self, appointment_id: int, change: Change) -> list[Violation]:
        """The rules a change would break (a drag's live refusal)."""
        return self.bookings.preview(appointment_id, change)

    def series_starts(self, first: datetime, repeat: Repeat) -> list[datetime]:
        return series.starts(self.bookings, first, repeat)

    def preview_series(self, request: BookingRequest, when: list[datetime]) -> list[series.Visit]:
        return series.preview(self.bookings, request, when)

    # -- one visit ----------------------------------------------------------------------

    def book(self, request: BookingRequest) -> AppointmentView:
        """Book one visit, or a couples service's whole party (one undo takes back both);
        the first visit is returned."""
        waiting = self._waiting(request)
        view, *partners = self.bookings.book_party(request)
        for partner in partners:
            self.versions[partner.id] = partner.version
        self._push(f"Book {view.client or view.service} {self._when(view)}",
                   [BookStep(view, self.versions, waiting, tuple(partners))],
                   Changed.of(view, *partners) | Changed(waitlist=waiting is not None))
        return view

    def _partners(self, view: AppointmentView) -> list[AppointmentView]:
        """A couples visit's partners as the book has them now, their versions noted (the
        engine changes them with the visit)."""
        if view.party_id is None:
            return []
        found = self._read(schedule.partners, [view]).get(view.id, [])
        for partner in found:
            self.versions[partner.id] = partner.version
        return found

    def _waiting(self, request: BookingRequest) -> tuple[int, waitlist.Wish] | None:
        """The waitlist entry a booking takes off the list, and its wish (for its undo)."""
        if request.waitlist_id is None:
            return None
        wish = self._read(waitlist.wish_of, request.waitlist_id)
        return (request.waitlist_id, wish) if wish is not None else None

    def change(self, before: AppointmentView, change: Change) -> AppointmentView:
        was = self._partners(before)
        view = self.bookings.change(before.id, change)
        now = self._partners(view)
        if view.start != before.start or view.therapist_id != before.therapist_id \
                or view.room_id != before.room_id:
            verb = "Move"
        elif view.end != before.end and view.service_id == before.service_id:
            verb = "Resize"
        else:  # another client or service, the notes or the source
            verb = "Change"
        self._push(f"{verb} {view.client or view.service}",
                   [MoveStep(before, view, self.versions)],
                   Changed.of(view, *now, before=(before, *was)),
                   touched=(before, view, *was, *now))
        return view

    def change_by_id(self, appointment_id: int, change: Change) -> AppointmentView:
        return self.change(self._current(appointment_id), change)

    def _current(self, appointment_id: int) -> AppointmentView:
        """The visit as the book has it now (a dialog knows only its number)."""
        view = self._read(schedule.appointment, appointment_id)
        if view is None:
            raise StaleEdit(f"appointment #{appointment_id} was taken out of the book",
                            appointment_id)
        return view

    def set_status(self, before: AppointmentView, status: Status, *, reason: str = "",
                   override: str = "") -> AppointmentView:
        was = self._partners(before)
        view = self.bookings.set_status(before.id, status, reason=reason, override=override,
                                        expected_version=before.version)
        self._push(f"Mark {view.client or view.service} {status.label}",
                   [StatusStep(before, view, self.versions, was)],
                   Changed.of(view, *self._partners(view)))
        return view

    def set_status_by_id(self, appointment_id: int, status: Status) -> AppointmentView:
        return self.set_status(self._current(appointment_id), status)

    # -- standing appointments ----------------------------------------------------------

    def book_series(self, request: BookingRequest, when: list[datetime],
                    every_weeks: int = 1) -> list[series.Outcome]:
        """Each visit booked or refused on its own; one undo cancels every one booked."""
        waiting = self._waiting(request)
        outcomes = series.book(self.bookings, request, when, every_weeks)
        booked = [o.appointment for o in outcomes if o.booked]
        if booked:
            first = booked[0]
            # The entry goes with the first visit booked, and comes back with its undo.
            steps = [BookStep(v, self.versions, waiting if v is first else None)
                     for v in booked]
            self._push(f"Book {len(booked)} visits of {first.client or first.service} "
                       f"from {self._when(first)}", steps,
                       Changed.of(*booked) | Changed(waitlist=waiting is not None))
        return outcomes

    def change_following(self, appointment_id: int, change: Change) -> list[AppointmentView]:
        """A visit and the later ones of its series, all or none; one undo puts all back."""
        before = self._read(_following_views, appointment_id)
        moved = series.change_following(self.bookings, appointment_id, change)
        was = {v.id: v for v in before}
        steps = [MoveStep(was[v.id], v, self.versions) for v in moved]
        self._push(f"Change {len(moved)} visits of {moved[0].client or moved[0].service}",
                   steps, Changed.of(*moved, before=tuple(before)),
                   touched=(*before, *moved))
        return moved

    def cancel_following(self, view: AppointmentView, reason: str, *,
                         late: bool = False) -> list[AppointmentView]:
        before = self._read(_following_views, view.id)
        gone = series.cancel_following(self.bookings, view.id, reason, late=late)
        was = {v.id: v for v in before}
        steps = [StatusStep(was[v.id], v, self.versions) for v in gone]
        self._push(f"Cancel {len(gone)} visits of {view.client or view.service}", steps,
                   Changed.of(*gone))
        return gone

    # -- the waitlist and client cards --------------------------------------------------

    def add_to_waitlist(self, wish: waitlist.Wish) -> int:
        step = WaitlistStep(self.bookings, wish, 0, added=True)
        changed = step.forward()
        self._push("Add to the waitlist", [step], changed)
        return step.entry_id

    def remove_from_waitlist(self, entry: waitlist.Entry) -> None:
        step = WaitlistStep(self.bookings, entry.wish(), entry.id, added=False)
        changed = step.forward()
        self._push(f"Take {entry.client} off the waitlist", [step], changed)

    def update_client(self, shown: client_record.ClientRecord, **fields) -> None:
        """Save a client card; ``shown`` is the record the desk edited (stale if changed)."""
        step = ClientStep(self.bookings, shown, fields)
        changed = step.forward()
        self._push(f"Edit {shown.name}'s card", [step], changed)

    def add_client(self, name: str, *, allow_duplicate: bool = False,
                   **fields) -> client_cards.ClientView:
        """A new card (``fields``: phone, email, notes, alert, flags); DuplicateClient
        names the card like it unless ``allow_duplicate``. Undo deactivates the card."""
        card = client_cards.add(self.bookings.db, name, allow_duplicate=allow_duplicate,
                                actor=self.bookings.actor, now=self.bookings.now, **fields)
        self._push(f"Add {card.name}'s card", [CardActiveStep(self.bookings, card.id, True)],
                   Changed(client_ids=frozenset({card.id})))
        return card

    def clients_imported(self, client_ids: list[int]) -> None:
        """Cards an import made (off the GUI thread, in its own transaction): recorded for
        undo, which deactivates them all, and announced."""
        if client_ids:
            self._push(f"Import {len(client_ids)} client{'s' * (len(client_ids) != 1)}",
                       [ImportedCardsStep(self.bookings, client_ids)],
                       Changed(client_ids=frozenset(client_ids)))

    def set_client_active(self, client_id: int, name: str, active: bool) -> None:
        """Deactivate or reactivate a card; undoable."""
        step = CardActiveStep(self.bookings, client_id, active)
        changed = step.forward()
        self._push(f"{'Reactivate' if active else 'Deactivate'} {name}'s card", [step],
                   changed)

    def merge_clients(self, kept_id: int, merged_id: int) -> client_cards.Merged:
        """Merge one card into another. Not on the undo stack (the audit trail keeps what
        was whose, but taking a merge apart is not a desk's quick undo): the dialog asks
        first. The moved visits' new versions are noted, so undoing an earlier booking or
        move of one of them still works."""
        done = client_cards.merge(self.bookings.db, kept_id, merged_id,
                                  actor=self.bookings.actor, now=self.bookings.now)
        found = self._read(schedule.by_ids, list(done.appointment_ids))
        for view in found.values():
            if view.id in self.versions:
                self.versions[view.id] = view.version
        self.changed.emit(Changed.of(*found.values())
                          | Changed(client_ids=frozenset({kept_id, merged_id}),
                                    waitlist=done.waitlist > 0))
        return done

    # -- money --------------------------------------------------------------------------

    def checkout(self, request: CheckoutRequest) -> Receipt:
        """Check visits out; undo voids the checkout, redo makes it again."""
        receipt = Checkouts(self.bookings.db, self.bookings.actor,
                            self.bookings.now).checkout(request)
        step = CheckoutStep(self.bookings, request, receipt)
        self._push(f"Check out {', '.join(receipt.clients) or 'a visit'}", [step],
                   step.changed())
        return receipt

    def mark_with_fee(self, before: AppointmentView, status: Status, *, reason: str = "",
                      fee: int | None = None) -> tuple[AppointmentView, Receipt | None]:
        """A no-show or late cancellation with its fee (None: the clinic's; 0: none). Its
        undo voids the fee (a new entry) and puts the status back."""
        fees = Fees(self.bookings.db, self.bookings.actor, self.bookings.now)
        was = self._partners(before)
        view, charged = fees.mark(before.id, status, reason=reason, fee=fee,
                                  expected_version=before.version)
        step = (FeeStatusStep(before, view, self.versions, fees, charged.lines[0].amount,
                              charged, was) if charged is not None
                else StatusStep(before, view, self.versions, was))
        self._push(f"Mark {view.client or view.service} {status.label}", [step],
                   Changed.of(view, *self._partners(view)))
        return view, charged

    def refund(self, checkout_id: int, method: Method, amount: int,
               reason: str) -> Receipt:
        """Part (or all) of a checkout given back. Not on the undo stack: the money has
        left the till; a refund made in error is corrected by a new checkout."""
        return Checkouts(self.bookings.db, self.bookings.actor,
                         self.bookings.now).refund(checkout_id, method, amount, reason)

    def waive_fee(self, client_id: int, amount: int, reason: str) -> Receipt:
        """Let a client off ``amount`` of the fees they owe. Not on the undo stack, like a
        refund: a waiver told to the client is taken back by charging again."""
        return Fees(self.bookings.db, self.bookings.actor,
                    self.bookings.now).waive(client_id, amount, reason)

    def sell_certificate(self, amount: int, payments: list[Payment], *, recipient: str = "",
                         expires: date | None = None) -> tuple[CertificateView, Receipt]:
        """A gift certificate sold. Not on the undo stack: it may be in the buyer's hands
        at once, so it is taken back on purpose (:meth:`void_sale`, a new entry)."""
        return self._certificates().sell(amount, payments, recipient=recipient,
                                         expires=expires)

    def void_sale(self, certificate_id: int, reason: str) -> Receipt:
        """A certificate's sale voided (refused once it has paid for anything)."""
        return self._certificates().void_sale(certificate_id, reason)

    def _certificates(self) -> Certificates:
        return Certificates(self.bookings.db, self.bookings.actor, self.bookings.now)

    # -- the clinic's set-up ------------------------------------------------------------

    def configure(self, fn: Callable[..., object], *args, **kw) -> object:
        """A set-up change (``fn`` is one of :mod:`frontdesk.services.admin`'s, called with
        the database and this desk's actor). Not on the undo stack: the set-up screen shows
        what is saved and is where it is changed back."""
        result = fn(self.bookings.db, *args, actor=self.bookings.actor, **kw)
        self.configured.emit()
        return result


def _following_views(session, appointment_id: int) -> list[AppointmentView]:
    ids = [a.id for a in series.following(session, appointment_id)]
    found = schedule.by_ids(session, ids)
    return [found[i] for i in ids if i in found]
