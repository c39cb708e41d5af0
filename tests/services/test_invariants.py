"""Property test: no sequence of desk actions can double-book a room, a client or a therapist.

A hypothesis state machine books, moves, resizes, reassigns, cancels, reinstates and
progresses appointments in the known test clinic (tests/helpers.py) at random, sometimes with
an override reason, and after every step reads the appointments table directly to check:

* no two active appointments share a room, turnover included;
* no client is in two active appointments at once;
* no therapist is in two active appointments at once (rest included) unless one of the two
  was booked over with an override reason;
* every appointment's ``therapist_until`` / ``room_until`` is its end plus its service's rest
  and turnover;
* ``overridden`` is recorded exactly when there is an ``override_reason``;
* a refused action leaves the database exactly as it was.

Every example gets a fresh SQLite file (the machine makes its own temporary folder).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, insert, select, text

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.status import ACTIVE, Status
from frontdesk.services.booking import BookingRequest, Bookings, Change
from tests.helpers import NOW, ClinicBuilder, local

ACTIVE_VALUES = frozenset(s.value for s in ACTIVE)
SERVICES = ["Deep Tissue 60", "Swedish 60", "Hot Stone 90", "Trigger Point 30"]
CLIENTS = ["José Núñez", "Zoë Brontë", "李小龍"]

# Starts on the 15-minute grid, 07:00-19:45 local on 2026-10-01 (Thu) to 10-03 (Sat); NOW is
# 08:00 local on the first day. Most draws land on one busy morning so that clashes are common.
DAYS = ["2026-10-01", "2026-10-02", "2026-10-03"]
busy_starts = st.builds(lambda q: local(f"2026-10-02 {9 + q // 4:02d}:{q % 4 * 15:02d}"),
                        st.integers(0, 4 * 4 - 1))
any_starts = st.builds(lambda d, q: local(f"{d} {7 + q // 4:02d}:{q % 4 * 15:02d}"),
                       st.sampled_from(DAYS), st.integers(0, 13 * 4 - 1))
starts = st.one_of(busy_starts, any_starts)
overrides = st.sampled_from(["", "", "client insists"])
therapists = st.sampled_from(["Ana", "Ana", "Ben", None])
rooms = st.sampled_from(["Willow", "Cedar", "Cedar", None])
clients = st.sampled_from([*CLIENTS, None])
minutes = st.sampled_from([15, 30, 45, 60, 75, 90, 120, 180])


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def assert_invariants(session) -> int:
    """Check the book's invariants; return how many therapist overlaps an override allows."""
    services = {s.id: s for s in session.scalars(select(m.Service))}
    rows = session.scalars(select(m.Appointment).order_by(m.Appointment.id)).all()
    for a in rows:
        service = services[a.service_id]
        assert a.ends_at > a.starts_at, f"#{a.id} ends before it starts"
        assert a.therapist_until == a.ends_at + timedelta(minutes=service.rest_after), (
            f"#{a.id}: therapist_until {a.therapist_until} != end {a.ends_at} + "
            f"{service.rest_after} min rest")
        assert a.room_until == a.ends_at + timedelta(minutes=service.turnover_after), (
            f"#{a.id}: room_until {a.room_until} != end {a.ends_at} + "
            f"{service.turnover_after} min turnover")
        assert bool(a.override_reason.strip()) == bool(a.overridden), (
            f"#{a.id}: override_reason {a.override_reason!r} but overridden {a.overridden!r}")
    allowed = 0
    active = [a for a in rows if a.status in ACTIVE_VALUES]
    for a, b in combinations(active, 2):
        what = f"#{a.id} {a.status} {a.starts_at}-{a.ends_at} and #{b.id} {b.status} " \
               f"{b.starts_at}-{b.ends_at}"
        if a.room_id == b.room_id:
            assert not _overlap(a.starts_at, a.room_until, b.starts_at, b.room_until), (
                f"room {a.room_id} double-booked: {what}")
        if a.client_id is not None and a.client_id == b.client_id:
            assert not _overlap(a.starts_at, a.ends_at, b.starts_at, b.ends_at), (
                f"client {a.client_id} double-booked: {what}")
        if a.therapist_id == b.therapist_id and _overlap(
                a.starts_at, a.therapist_until, b.starts_at, b.therapist_until):
            assert a.override_reason.strip() or b.override_reason.strip(), (
                f"therapist {a.therapist_id} double-booked without an override: {what}")
            allowed += 1
    return allowed


def snapshot(session) -> tuple:
    """Everything an action may change, to compare before and after a refusal."""
    a = m.Appointment
    rows = session.execute(select(a.__table__).order_by(a.id)).all()
    audits = session.scalar(select(func.count()).select_from(m.AuditEntry))
    clients_ = session.scalar(select(func.count()).select_from(m.Client))
    return tuple(tuple(r) for r in rows), audits, clients_


class BookMachine(RuleBasedStateMachine):
    """Random desk actions on a fresh test clinic; ``stats`` is shared by one test run."""

    stats: ClassVar[Counter] = Counter()
    appointments = Bundle("appointments")

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="frontdesk-invariants-"))
        self.db = open_database(f"sqlite:///{self.folder / 'clinic.sqlite3'}")
        self.clinic = ClinicBuilder(self.db).standard()
        self.now = NOW
        self.bookings = Bookings(self.db, actor="hypothesis", now=lambda: self.now)

    def teardown(self):
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------

    def _id(self, name: str | None) -> int | None:
        return None if name is None else self.clinic[name]

    def _attempt(self, action: str, fn, *, override: str = ""):
        """Run ``fn``; a refusal is a valid outcome but must change nothing."""
        with self.db.read() as s:
            before = snapshot(s)
        try:
            view = fn()
        except (Refused, BadInput):
            with self.db.read() as s:
                assert snapshot(s) == before, f"a refused {action} changed the database"
            self.stats["refused"] += 1
            self.stats[f"refused:{action}"] += 1
            return None
        self.stats["ok"] += 1
        self.stats[f"ok:{action}"] += 1
        if override:
            self.stats["ok-with-override"] += 1
        with self.db.read() as s:
            row = s.get(m.Appointment, view.id)
            assert row is not None
            assert (row.starts_at, row.ends_at, row.therapist_id, row.room_id, row.status) == (
                view.start, view.end, view.therapist_id, view.room_id, view.status.value)
            if action in {"book", "change", "reinstate"} and not override:
                # Without a reason nothing may have been booked over.
                assert row.override_reason == "" and row.overridden == "", (
                    f"{action} without an override left {row.overridden!r}")
        return view

    # -- rules --------------------------------------------------------------------------

    @initialize(target=appointments)
    def seed(self):
        """One appointment to start from, so that the first actions have something to move."""
        view = self.bookings.book(BookingRequest(
            service_id=self.clinic["Deep Tissue 60"], start=local("2026-10-02 10:00"),
            client_id=self.clinic["José Núñez"], therapist_id=self.clinic["Ana"],
            room_id=self.clinic["Cedar"]))
        return view.id

    @rule(target=appointments, service=st.sampled_from(SERVICES), start=starts,
          therapist=therapists, room=rooms, client=clients, override=overrides)
    def book(self, service, start, therapist, room, client, override):
        view = self._attempt("book", lambda: self.bookings.book(BookingRequest(
            service_id=self.clinic[service], start=start, client_id=self._id(client),
            therapist_id=self._id(therapist), room_id=self._id(room), override=override,
        )), override=override)
        return multiple() if view is None else view.id

    @rule(target=appointments, service=st.sampled_from(SERVICES), start=busy_starts,
          therapist=therapists, room=rooms, client=clients, override=overrides)
    def book_on_the_busy_morning(self, service, start, therapist, room, client, override):
        return self.book(service, start, therapist, room, client, override)

    @rule(appt=appointments, start=starts, override=overrides)
    def move(self, appt, start, override):
        self._attempt("change", lambda: self.bookings.move(appt, start, override=override),
                      override=override)

    @rule(appt=appointments, start=st.one_of(st.none(), starts), therapist=therapists,
          room=rooms, override=overrides)
    def change(self, appt, start, therapist, room, override):
        self._attempt("change", lambda: self.bookings.change(appt, Change(
            start=start, therapist_id=self._id(therapist), room_id=self._id(room),
            override=override)), override=override)

    @rule(appt=appointments, length=minutes, override=overrides)
    def resize(self, appt, length, override):
        self._attempt("change", lambda: self.bookings.resize(appt, length, override=override),
                      override=override)

    @rule(appt=appointments, late=st.booleans())
    def cancel(self, appt, late):
        self._attempt("cancel", lambda: self.bookings.cancel(appt, "changed plans", late=late))

    @rule(appt=appointments, override=overrides)
    def reinstate(self, appt, override):
        with self.db.read() as s:
            was = Status(s.get(m.Appointment, appt).status)
        # Only coming back from a cancellation re-checks the rules; confirmed -> booked and
        # the like keep what was booked over before.
        self._attempt("reinstate" if not was.occupies_time else "status",
                      lambda: self.bookings.set_status(appt, Status.BOOKED, override=override),
                      override=override)

    @rule(appt=appointments, override=overrides)
    def cancel_then_reinstate(self, appt, override):
        """Undoing a cancellation at once: the common case of a reinstatement."""
        self.cancel(appt, late=False)
        self.reinstate(appt, override)

    @rule(appt=appointments, status=st.sampled_from(
        [Status.CONFIRMED, Status.ARRIVED, Status.IN_SESSION, Status.COMPLETED, Status.NO_SHOW]),
        override=overrides)
    def progress(self, appt, status, override):
        self._attempt("status", lambda: self.bookings.set_status(appt, status, override=override))

    @precondition(lambda self: self.now < NOW + timedelta(days=2))
    @rule(quarters=st.integers(1, 16))
    def clock_moves_on(self, quarters):
        self.now += timedelta(minutes=15 * quarters)

    # -- invariants ---------------------------------------------------------------------

    @invariant()
    def book_is_consistent(self):
        with self.db.read() as s:
            self.stats["override-overlaps"] += assert_invariants(s)


def test_random_desk_actions_never_double_book():
    BookMachine.stats = Counter()
    # Derandomized: the same 40 runs every time, so the coverage floor below cannot pass on
    # one CI run and fail on the next (overrides never double-book an unnamed therapist now,
    # so override overlaps are rarer and a random draw could miss them).
    run_state_machine_as_test(BookMachine, settings=settings(
        max_examples=40, stateful_step_count=25, deadline=None, derandomize=True))
    stats = BookMachine.stats
    # The run must have exercised the interesting paths, or it proves nothing.
    assert stats["ok:book"] >= 20, stats
    assert stats["ok:change"] >= 10, stats
    assert stats["ok:cancel"] >= 10, stats
    assert stats["ok:reinstate"] >= 1, stats
    assert stats["refused"] >= 50, stats
    assert stats["ok-with-override"] >= 10, stats
    assert stats["override-overlaps"] >= 1, stats


# -- the checker itself must catch what it is meant to catch --------------------------------


def _raw(session, clinic, start: datetime, minutes_: int, *, service="Deep Tissue 60",
         therapist="Ana", room="Cedar", client="José Núñez", status="booked", reason="",
         rest=None, turnover=None) -> None:
    svc = session.get(m.Service, clinic[service])
    end = start + timedelta(minutes=minutes_)
    session.execute(insert(m.Appointment).values(
        client_id=clinic[client] if client else None, service_id=svc.id,
        therapist_id=clinic[therapist], room_id=clinic[room], starts_at=start, ends_at=end,
        therapist_until=end + timedelta(minutes=svc.rest_after if rest is None else rest),
        room_until=end + timedelta(minutes=svc.turnover_after if turnover is None else turnover),
        status=status, override_reason=reason, overridden="x" if reason else "",
        created_at=NOW, updated_at=NOW,
    ))


@pytest.mark.parametrize("second, message", [
    # Deep Tissue 60 at 10:00 holds Cedar until 11:10 (turnover) and Ana until 11:15 (rest).
    (dict(start="11:05", therapist="Ben", client="Zoë Brontë"), "room"),
    (dict(start="10:30", therapist="Ben", room="Willow"), "client"),
    (dict(start="11:10", room="Willow", client="Zoë Brontë"), "therapist"),
    (dict(start="10:00", turnover=0, therapist="Ben", room="Willow", client=None), "room_until"),
    (dict(start="12:00", rest=5, room="Willow", client=None), "therapist_until"),
])
def test_checker_catches_each_kind_of_double_booking(clinic, db, second, message):
    second = dict(second)
    start = local(f"2026-10-02 {second.pop('start')}")
    with db.write() as s:
        # The database's own guard (migration 0007) would refuse the clash; the checker must
        # catch it by itself, so it goes here.
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text("DROP TRIGGER IF EXISTS tr_appointments_guard_insert"))
        else:
            s.execute(text("ALTER TABLE appointments DROP CONSTRAINT ex_appointments_room, "
                           "DROP CONSTRAINT ex_appointments_therapist"))
        _raw(s, clinic, local("2026-10-02 10:00"), 60)
        _raw(s, clinic, start, 60, **second)
    with db.read() as s, pytest.raises(AssertionError, match=message):
        assert_invariants(s)


def test_checker_allows_what_the_rules_allow(clinic, db):
    with db.write() as s:
        _raw(s, clinic, local("2026-10-02 10:00"), 60)
        # Touching the turnover / rest boundary, other client, other room: all fine.
        _raw(s, clinic, local("2026-10-02 11:10"), 60, therapist="Ben", client="Zoë Brontë")
        _raw(s, clinic, local("2026-10-02 11:15"), 60, room="Willow", client="李小龍")
        # A therapist double-booked with a reason, and a cancelled visit, are allowed.
        _raw(s, clinic, local("2026-10-02 13:00"), 60, room="Willow", client=None, reason="ok")
        _raw(s, clinic, local("2026-10-02 13:00"), 60, client=None)
        _raw(s, clinic, local("2026-10-02 10:00"), 60, status="cancelled")
    with db.read() as s:
        assert assert_invariants(s) == 1


def test_a_no_show_marked_by_mistake_can_be_put_right(clinic, db):
    """NO_SHOW -> ARRIVED is a listed transition ("a slip of the hand ... can be put right"),
    and a no-show can only be set once the visit has started; so putting it right must work
    after the start, when the start is in the past."""
    at = {"now": NOW}
    desk = Bookings(db, actor="tester", now=lambda: at["now"])
    view = desk.book(BookingRequest(
        service_id=clinic["Swedish 60"], start=local("2026-10-02 10:00"),
        client_id=clinic["José Núñez"], therapist_id=clinic["Ana"], room_id=clinic["Cedar"]))
    at["now"] = local("2026-10-02 10:20")
    desk.set_status(view.id, Status.NO_SHOW)
    at["now"] = local("2026-10-02 10:25")  # the client walks in late
    fixed = desk.set_status(view.id, Status.ARRIVED)
    assert fixed.status == Status.ARRIVED
    with db.read() as s:
        assert_invariants(s)
