"""Who may do what (frontdesk.domain.access): the rule every front end and service asks."""

from __future__ import annotations

import itertools

import pytest

from frontdesk.domain.access import (
    CHANGES,
    Action,
    Role,
    Staff,
    change_actions,
    check_link,
    check_name,
    check_password,
    failure_delay,
    may,
    reason,
    status_action,
)
from frontdesk.domain.errors import BadInput, Forbidden
from frontdesk.domain.status import Status

DESK, THERAPIST, MANAGER = Role.DESK, Role.THERAPIST, Role.MANAGER


@pytest.mark.parametrize("action", list(Action))
def test_a_manager_may_do_everything(action):
    assert may(MANAGER, action)
    assert Staff("Maria", MANAGER).may(action, therapist_ids=())


@pytest.mark.parametrize("action", [Action.SET_UP, Action.STAFF, Action.AUDIT, Action.BACKUP])
def test_set_up_staff_audit_and_backups_are_the_managers_alone(action):
    assert not may(DESK, action) and not may(THERAPIST, action)
    assert reason(DESK, action).startswith("a desk may not ")
    assert reason(MANAGER, action) == ""


def test_the_desk_keeps_the_book_and_the_cards():
    desk = Staff("Dana", DESK)
    for action in (Action.BOOK, Action.SET_STATUS, Action.WAITLIST, Action.CLIENT_CARDS,
                   Action.CLIENT_NOTES, Action.EXPORT):
        assert desk.may(action, therapist_ids=())  # whoever's visit or client it is


def test_a_therapist_only_their_own_visits_and_clients():
    tom = Staff("Tom", THERAPIST, therapist_id=7)
    assert not tom.may(Action.BOOK) and not tom.may(Action.CLIENT_CARDS)
    for action in (Action.SET_STATUS, Action.CLIENT_NOTES, Action.EXPORT):
        assert tom.may(action, {7, 9})
        assert not tom.may(action, {9})
        assert not tom.may(action, ())
    with pytest.raises(Forbidden, match=r"^Tom \(therapist\) may set an appointment's status "
                                        r"only for their own visits and clients"):
        tom.require(Action.SET_STATUS, {9})
    with pytest.raises(Forbidden, match=r"may not book, move or cancel"):
        tom.require(Action.BOOK)
    assert tom.sees_details({7}) and not tom.sees_details({9}) and not tom.sees_details(())
    assert Staff("Dana", DESK).sees_details(())
    assert not Staff("Odd", THERAPIST, None).may(Action.SET_STATUS, {7})


def test_cancelling_or_putting_back_is_booking_the_other_statuses_are_not():
    assert status_action(Status.CANCELLED) == status_action(Status.LATE_CANCEL) == Action.BOOK
    assert status_action(Status.BOOKED) == Action.BOOK
    for status in (Status.CONFIRMED, Status.ARRIVED, Status.IN_SESSION, Status.COMPLETED,
                   Status.NO_SHOW):
        assert status_action(status) == Action.SET_STATUS


def test_a_change_needs_the_right_of_its_record_kind_and_an_unnamed_kind_the_set_up():
    assert change_actions("rooms") == (Action.SET_UP,)
    assert change_actions("something new") == (Action.SET_UP,)
    assert Staff("Dana", DESK).may_change("appointments")
    assert Staff("Tom", THERAPIST, 1).may_change("appointments")  # a status, their own
    assert not Staff("Tom", THERAPIST, 1).may_change("waitlist")
    assert not Staff("Dana", DESK).may_change("therapists")
    # Anyone changes their own password; the service checks whose it is.
    assert CHANGES["staff_accounts"] == (Action.STAFF, Action.OWN_PASSWORD)
    assert Staff("Dana", DESK).may_change("staff_accounts")


def test_names_passwords_and_the_therapist_link_are_checked():
    assert check_name("  Ana   Lee ") == "Ana Lee"
    for bad in ("", "   ", "x" * 61):
        with pytest.raises(BadInput):
            check_name(bad)
    assert check_password("long enough") == "long enough"
    for bad in ("short", " padded password "):
        with pytest.raises(BadInput):
            check_password(bad)
    check_link(THERAPIST, 3)
    check_link(DESK, None)
    with pytest.raises(BadInput, match="--therapist"):
        check_link(THERAPIST, None)
    with pytest.raises(BadInput):
        check_link(MANAGER, 3)
    with pytest.raises(BadInput, match="desk, therapist or manager"):
        Role.parse("boss")
    assert Role.parse(" Manager ") == MANAGER


def test_repeated_failures_wait_a_little_longer_each_time_up_to_a_bound():
    delays = [failure_delay(n) for n in range(8)]
    assert delays[0] == 0
    assert all(a <= b for a, b in itertools.pairwise(delays))
    assert delays[1] > 0 and delays[-1] == delays[-2] <= 5
