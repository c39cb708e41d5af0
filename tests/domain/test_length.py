"""How long a visit may be: the bounds the rules, the engine, the catalogue and the editor share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.length import (
    MAX_BUFFER_MINUTES,
    MAX_LENGTH,
    MAX_MINUTES,
    MAX_REACH,
    MIN_SERVICE_MINUTES,
    length_violation,
    minutes_violation,
)

START = datetime(2026, 10, 5, 14, 0, tzinfo=UTC)


def test_the_bounds_agree_with_each_other():
    assert MAX_MINUTES == 12 * 60 and timedelta(minutes=MAX_MINUTES) == MAX_LENGTH
    assert MAX_LENGTH + timedelta(minutes=MAX_BUFFER_MINUTES) == MAX_REACH
    assert 0 < MIN_SERVICE_MINUTES < MAX_MINUTES


@pytest.mark.parametrize("minutes", [1, MIN_SERVICE_MINUTES, 60, MAX_MINUTES])
def test_lengths_within_the_bounds_are_fine(minutes):
    assert length_violation(START, START + timedelta(minutes=minutes)) is None
    assert minutes_violation(minutes) is None


@pytest.mark.parametrize("minutes", [0, -1, -30])
def test_a_visit_that_does_not_end_after_it_starts_is_refused(minutes):
    v = length_violation(START, START + timedelta(minutes=minutes), appointment_id=7)
    assert (v.code, v.field, v.soft, v.appointment_id) == ("ends-before-start", "end", False, 7)
    assert v.message == "the appointment ends before it starts"
    typed = minutes_violation(minutes)
    assert typed.code == "ends-before-start"
    assert typed.message.endswith(f"({minutes} minutes long)")


def test_one_minute_over_twelve_hours_is_too_long():
    v = length_violation(START, START + MAX_LENGTH + timedelta(minutes=1))
    assert (v.code, v.field, v.soft) == ("too-long", "end", False)
    assert v.message == "an appointment cannot last over 12 hours"
    assert minutes_violation(MAX_MINUTES + 1).message == v.message


@given(st.integers(-2 * MAX_MINUTES, 2 * MAX_MINUTES))
def test_a_length_in_minutes_is_judged_as_the_same_span(minutes):
    span = length_violation(START, START + timedelta(minutes=minutes))
    typed = minutes_violation(minutes)
    assert (span and span.code) == (typed and typed.code)
    assert (typed is None) == (0 < minutes <= MAX_MINUTES)
