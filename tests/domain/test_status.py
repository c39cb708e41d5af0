"""Appointment statuses: which may follow which, when, and reading them from text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import (
    ACTIVE,
    EARLIEST,
    LATEST,
    MOVABLE,
    NEEDS_REASON,
    PARTS,
    TRANSITIONS,
    Status,
    choices,
    edit_problem,
    editable,
    status_problem,
    timing_problem,
    transition_problem,
)

START = datetime(2026, 10, 5, 14, 0, tzinfo=UTC)  # a visit 14:00-15:00 UTC
END = START + timedelta(hours=1)


def test_every_status_has_a_transition_entry():
    assert set(TRANSITIONS) == set(Status)
    for current, nexts in TRANSITIONS.items():
        assert current not in nexts


@pytest.mark.parametrize("new", [Status.NO_SHOW, Status.CANCELLED, Status.LATE_CANCEL,
                                 Status.BOOKED, Status.CONFIRMED, Status.ARRIVED])
def test_completed_visit_cannot_be_undone_into_these(new):
    problem = transition_problem(Status.COMPLETED, new)
    assert problem == f"a completed appointment cannot become {new.label}"


@pytest.mark.parametrize("current", [Status.BOOKED, Status.CONFIRMED])
@pytest.mark.parametrize("new", [Status.IN_SESSION, Status.COMPLETED])
def test_a_visit_not_arrived_yet_says_to_mark_the_client_arrived_first(current, new):
    assert transition_problem(current, new) == (
        f"a {current.label} appointment cannot become {new.label}: "
        "mark the client arrived first")


def test_completed_may_step_back_to_in_session_only():
    assert transition_problem(Status.COMPLETED, Status.IN_SESSION) is None
    assert TRANSITIONS[Status.COMPLETED] == {Status.IN_SESSION}


def test_cancelled_can_only_become_booked():
    assert transition_problem(Status.CANCELLED, Status.BOOKED) is None
    for new in Status:
        if new not in (Status.BOOKED, Status.CANCELLED):
            assert transition_problem(Status.CANCELLED, new) is not None, new


def test_in_session_cannot_become_no_show_or_cancelled():
    for new in (Status.NO_SHOW, Status.CANCELLED, Status.LATE_CANCEL):
        assert transition_problem(Status.IN_SESSION, new) is not None


def test_same_status_is_a_problem_saying_so():
    for s in Status:
        assert transition_problem(s, s) == f"the appointment is already marked {s.label}"


@pytest.mark.parametrize(("current", "new"), [
    (Status.BOOKED, Status.CONFIRMED),
    (Status.BOOKED, Status.CANCELLED),
    (Status.BOOKED, Status.NO_SHOW),
    (Status.CONFIRMED, Status.ARRIVED),
    (Status.ARRIVED, Status.IN_SESSION),
    (Status.ARRIVED, Status.COMPLETED),
    (Status.IN_SESSION, Status.COMPLETED),
    (Status.NO_SHOW, Status.BOOKED),
    (Status.LATE_CANCEL, Status.BOOKED),
])
def test_ordinary_steps_are_allowed(current, new):
    assert transition_problem(current, new) is None


def test_booked_cannot_jump_to_completed():
    assert transition_problem(Status.BOOKED, Status.COMPLETED) is not None


def test_cancellations_need_a_reason():
    assert {Status.CANCELLED, Status.LATE_CANCEL} == NEEDS_REASON


def test_only_active_statuses_occupy_time():
    assert Status.BOOKED.occupies_time and Status.COMPLETED.occupies_time
    for s in (Status.CANCELLED, Status.LATE_CANCEL, Status.NO_SHOW):
        assert not s.occupies_time
    assert MOVABLE <= ACTIVE


def test_labels_read_as_people_write_them():
    assert Status.NO_SHOW.label == "no-show"
    assert Status.LATE_CANCEL.label == "late-cancel"
    assert Status.IN_SESSION.label == "in session"


@pytest.mark.parametrize("text", ["no-show", "No show", "no_show", "NO-SHOW", "  no show  "])
def test_parse_accepts_spellings_of_no_show(text):
    assert Status.parse(text) is Status.NO_SHOW


@pytest.mark.parametrize(("text", "expected"), [
    ("booked", Status.BOOKED), ("Late cancel", Status.LATE_CANCEL),
    ("in-session", Status.IN_SESSION), ("COMPLETED", Status.COMPLETED),
])
def test_parse_accepts_other_statuses(text, expected):
    assert Status.parse(text) is expected


@pytest.mark.parametrize("text", ["", "   ", "noshow", "no show!", "done", "cancel",
                                  "booked confirmed"])
def test_parse_rejects_junk_with_bad_input(text):
    with pytest.raises(BadInput) as exc:
        Status.parse(text)
    assert exc.value.field == "status"
    assert repr(text) in str(exc.value)
    assert "no-show" in str(exc.value)  # lists the statuses one may use


# -- when a status may be set -------------------------------------------------------------


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


@pytest.mark.parametrize("new", [Status.NO_SHOW, Status.COMPLETED])
def test_no_show_and_completed_wait_for_the_start(new):
    current = Status.ARRIVED if new is Status.COMPLETED else Status.BOOKED
    v = timing_problem(current, new, START, END, START - minutes(1), appointment_id=4)
    assert (v.code, v.field, v.appointment_id) == ("transition", "status", 4)
    assert v.message == f"a visit that has not started cannot be marked {new.label}"
    assert timing_problem(current, new, START, END, START) is None


def test_in_session_may_start_half_an_hour_early():
    assert timing_problem(Status.ARRIVED, Status.IN_SESSION, START, END,
                          START - minutes(30)) is None
    v = timing_problem(Status.ARRIVED, Status.IN_SESSION, START, END, START - minutes(31))
    assert v is not None and v.code == "transition"


def test_confirmed_may_be_set_any_time_before():
    assert timing_problem(Status.BOOKED, Status.CONFIRMED, START, END,
                          START - timedelta(days=9)) is None


def test_arrived_only_from_an_hour_before_the_visit():
    # A visit months away is not "arrived" (issue 12: `status arrived` was accepted).
    far = timing_problem(Status.BOOKED, Status.ARRIVED, START, END, START - timedelta(days=90),
                         appointment_id=4)
    assert (far.code, far.field, far.appointment_id) == ("transition", "status", 4)
    assert "an hour before" in far.message
    assert timing_problem(Status.BOOKED, Status.ARRIVED, START, END,
                          START - minutes(61)) is not None
    assert timing_problem(Status.BOOKED, Status.ARRIVED, START, END, START - minutes(60)) is None


@pytest.mark.parametrize(("current", "new", "bound"), [
    (Status.BOOKED, Status.ARRIVED, LATEST[Status.ARRIVED]),
    (Status.ARRIVED, Status.IN_SESSION, LATEST[Status.IN_SESSION]),
    (Status.ARRIVED, Status.COMPLETED, LATEST[Status.COMPLETED]),
    (Status.BOOKED, Status.NO_SHOW, LATEST[Status.NO_SHOW]),
])
def test_visit_statuses_end_some_time_after_the_visit(current, new, bound):
    assert timing_problem(current, new, START, END, END + bound) is None
    late = timing_problem(current, new, START, END, END + bound + minutes(1))
    assert late is not None and late.code == "transition"
    assert "long over" in late.message


def test_the_bounds_are_the_documented_ones():
    assert EARLIEST[Status.ARRIVED] == timedelta(hours=1)
    assert LATEST[Status.IN_SESSION] == timedelta(hours=12)
    assert LATEST[Status.ARRIVED] == LATEST[Status.COMPLETED] == LATEST[Status.NO_SHOW] \
        == timedelta(days=7)


def test_a_late_cancellation_stays_one():
    problem = transition_problem(Status.LATE_CANCEL, Status.CANCELLED)
    assert problem is not None and "late cancellation" in problem
    assert Status.CANCELLED not in TRANSITIONS[Status.LATE_CANCEL]
    assert transition_problem(Status.LATE_CANCEL, Status.BOOKED) is None  # undo still can


@pytest.mark.parametrize("status", [Status.BOOKED, Status.CONFIRMED, Status.ARRIVED])
def test_a_movable_visit_may_change_every_part(status):
    assert editable(status) == {part: None for part in PARTS}


@pytest.mark.parametrize("status", [Status.IN_SESSION, Status.COMPLETED])
def test_a_visit_under_way_keeps_all_but_its_notes(status):
    parts = editable(status)
    assert parts["notes"] is None
    for part in ("client", "service", "start", "therapist", "room", "source"):
        assert parts[part] is not None and status.label in parts[part]


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.LATE_CANCEL, Status.NO_SHOW])
def test_a_cancelled_visit_or_no_show_changes_nothing(status):
    assert all(why is not None for why in editable(status).values())
    assert "notes" in edit_problem("notes", status)


def test_a_cancelled_visit_that_is_over_is_not_booked_again():
    v = timing_problem(Status.CANCELLED, Status.BOOKED, START, END, END, appointment_id=4)
    assert (v.code, v.field, v.appointment_id) == ("in-past", "start", 4)
    assert timing_problem(Status.CANCELLED, Status.BOOKED, START, END, END - minutes(1)) is None
    # Moving between two statuses that both hold time is no coming back.
    assert timing_problem(Status.IN_SESSION, Status.ARRIVED, START, END, END) is None


def test_status_problem_names_a_missing_step_before_its_timing():
    v = status_problem(Status.BOOKED, Status.COMPLETED, START, END, START - minutes(5), 9)
    assert v.code == "transition" and v.appointment_id == 9
    assert v.message == transition_problem(Status.BOOKED, Status.COMPLETED)
    early = status_problem(Status.BOOKED, Status.NO_SHOW, START, END, START - minutes(5), 9)
    assert "not started" in early.message
    assert status_problem(Status.BOOKED, Status.NO_SHOW, START, END, START + minutes(5)) is None


@given(st.sampled_from(list(Status)), st.integers(-600, 600))
def test_choices_are_the_transitions_whose_moment_has_come(current, offset):
    now = START + minutes(offset)
    offered = choices(current, START, END, now)
    assert offered <= TRANSITIONS[current]
    for new in TRANSITIONS[current]:
        assert (new in offered) == (status_problem(current, new, START, END, now) is None)


def test_two_hours_ahead_a_menu_offers_all_but_what_waits_for_the_start():
    before = START - timedelta(hours=2)
    assert choices(Status.BOOKED, START, END, before) == (
        TRANSITIONS[Status.BOOKED] - {Status.NO_SHOW, Status.ARRIVED})
    assert choices(Status.ARRIVED, START, END, before) == (
        TRANSITIONS[Status.ARRIVED] - {Status.IN_SESSION, Status.COMPLETED})
    assert set(EARLIEST) == {Status.NO_SHOW, Status.COMPLETED, Status.IN_SESSION,
                             Status.ARRIVED}


def test_a_future_visit_offers_neither_arrived_nor_no_show():
    offered = choices(Status.CONFIRMED, START, END, START - timedelta(days=3))
    assert Status.NO_SHOW not in offered and Status.ARRIVED not in offered
    assert Status.CONFIRMED not in offered  # already confirmed
    assert Status.CANCELLED in offered
