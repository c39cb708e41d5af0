"""Appointment statuses: which may follow which, and reading them from text."""

from __future__ import annotations

import pytest

from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import (
    ACTIVE,
    MOVABLE,
    NEEDS_REASON,
    TRANSITIONS,
    Status,
    transition_problem,
)


def test_every_status_has_a_transition_entry():
    assert set(TRANSITIONS) == set(Status)
    for current, nexts in TRANSITIONS.items():
        assert current not in nexts


@pytest.mark.parametrize("new", [Status.NO_SHOW, Status.CANCELLED, Status.LATE_CANCEL,
                                 Status.BOOKED, Status.CONFIRMED, Status.ARRIVED])
def test_completed_visit_cannot_be_undone_into_these(new):
    problem = transition_problem(Status.COMPLETED, new)
    assert problem == f"a completed appointment cannot become {new.label}"


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
        assert transition_problem(s, s) == f"the appointment is already {s.label}"


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
