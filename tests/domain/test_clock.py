"""Wall-clock time and instants: parsing, DST gaps and overlaps, day bounds, the slot grid."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput

TZ = ZoneInfo("America/New_York")
SPRING = date(2027, 3, 14)  # clocks jump 02:00 EST -> 03:00 EDT
FALL = date(2026, 11, 1)  # clocks go back 02:00 EDT -> 01:00 EST


# -- parse_date ---------------------------------------------------------------------------


def test_parse_date_accepts_iso_date_and_surrounding_space():
    assert clock.parse_date("2026-10-05") == date(2026, 10, 5)
    assert clock.parse_date("  2026-1-5 ") == date(2026, 1, 5)


@pytest.mark.parametrize("text", ["", "yesterday", "2026/10/05", "05-10-2026", "2026-10",
                                  "2026-10-05 10:00", "20261005"])
def test_parse_date_rejects_malformed_text(text):
    with pytest.raises(BadInput, match="YYYY-MM-DD") as exc:
        clock.parse_date(text)
    assert exc.value.field == "date"


def test_parse_date_rejects_none_as_malformed():
    with pytest.raises(BadInput):
        clock.parse_date(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10", "2027-02-29",
                                  "2026-04-31"])
def test_parse_date_rejects_impossible_dates(text):
    with pytest.raises(BadInput, match="not a real date") as exc:
        clock.parse_date(text, field="day")
    assert exc.value.field == "day"
    assert text in str(exc.value)


def test_parse_date_accepts_leap_day():
    assert clock.parse_date("2028-02-29") == date(2028, 2, 29)


# -- parse_local --------------------------------------------------------------------------


def test_parse_local_gives_utc_instant():
    got = clock.parse_local("2026-10-05 10:00", TZ)
    assert got == datetime(2026, 10, 5, 14, 0, tzinfo=UTC)
    assert got.utcoffset() == timedelta(0)


def test_parse_local_accepts_t_separator_and_single_digit_fields():
    assert clock.parse_local("2026-10-05T9:05", TZ) == datetime(2026, 10, 5, 13, 5, tzinfo=UTC)
    assert clock.parse_local(" 2026-1-5 09:05 ", TZ) == datetime(2026, 1, 5, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "2026-10-05", "10:00", "2026-10-05 10", "2026-10-05 10:0",
                                  "2026-10-05 10:00:00", "tomorrow 10:00", "2026-10-05 1000"])
def test_parse_local_rejects_malformed_text(text):
    with pytest.raises(BadInput, match="YYYY-MM-DD HH:MM") as exc:
        clock.parse_local(text, TZ)
    assert exc.value.field == "start"


@pytest.mark.parametrize("text", ["2026-02-30 10:00", "2026-10-05 24:00", "2026-10-05 10:60",
                                  "2026-10-05 25:00", "2026-13-01 10:00"])
def test_parse_local_rejects_impossible_dates_and_times(text):
    with pytest.raises(BadInput, match="not a real date and time") as exc:
        clock.parse_local(text, TZ, field="end")
    assert exc.value.field == "end"


def test_parse_local_rejects_time_skipped_by_spring_forward():
    with pytest.raises(BadInput, match="does not exist") as exc:
        clock.parse_local("2027-03-14 02:30", TZ)
    assert exc.value.field == "start"
    assert "America/New_York" in str(exc.value)


def test_parse_local_skipped_time_error_keeps_the_field_asked_for():
    with pytest.raises(BadInput) as exc:
        clock.parse_local("2027-03-14 02:00", TZ, field="end")
    assert exc.value.field == "end"


def test_parse_local_times_around_the_spring_gap_exist():
    assert clock.parse_local("2027-03-14 01:59", TZ) == datetime(2027, 3, 14, 6, 59, tzinfo=UTC)
    assert clock.parse_local("2027-03-14 03:00", TZ) == datetime(2027, 3, 14, 7, 0, tzinfo=UTC)


def test_parse_local_ambiguous_fall_time_means_first_occurrence():
    got = clock.parse_local("2026-11-01 01:30", TZ)
    assert got == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT (-04:00)
    assert got.astimezone(TZ).utcoffset() == timedelta(hours=-4)
    assert clock.iso(got, TZ) == "2026-11-01T01:30-04:00"


def test_parse_local_after_fall_back_is_standard_time():
    got = clock.parse_local("2026-11-01 02:00", TZ)
    assert got == datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    assert clock.iso(got, TZ) == "2026-11-01T02:00-05:00"


def test_exists_knows_gap_and_overlap():
    assert not clock.exists(datetime(2027, 3, 14, 2, 30), TZ)
    assert clock.exists(datetime(2026, 11, 1, 1, 30), TZ)
    assert clock.exists(datetime(2026, 10, 5, 10, 0), TZ)


def test_to_instant_round_trips_through_local():
    instant = clock.to_instant(datetime(2026, 10, 5, 10, 0), TZ)
    assert clock.format_local(instant, TZ) == "2026-10-05 10:00"
    assert clock.iso(instant, TZ) == "2026-10-05T10:00-04:00"


# -- day_bounds ---------------------------------------------------------------------------


def test_day_bounds_ordinary_day_is_24_hours():
    start, end = clock.day_bounds(date(2026, 10, 5), TZ)
    assert start == datetime(2026, 10, 5, 4, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=24)


def test_day_bounds_spring_forward_day_is_23_hours():
    start, end = clock.day_bounds(SPRING, TZ)
    assert start == datetime(2027, 3, 14, 5, 0, tzinfo=UTC)  # midnight EST
    assert end == datetime(2027, 3, 15, 4, 0, tzinfo=UTC)  # midnight EDT
    assert end - start == timedelta(hours=23)


def test_day_bounds_fall_back_day_is_25_hours():
    start, end = clock.day_bounds(FALL, TZ)
    assert start == datetime(2026, 11, 1, 4, 0, tzinfo=UTC)  # midnight EDT
    assert end == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)  # midnight EST
    assert end - start == timedelta(hours=25)


def test_day_bounds_of_consecutive_days_touch():
    _, end = clock.day_bounds(date(2026, 10, 31), TZ)
    start, _ = clock.day_bounds(FALL, TZ)
    assert end == start


# -- local_span ---------------------------------------------------------------------------


def test_local_span_on_fall_day_is_as_long_as_the_wall_clock_says_across_the_change():
    start, end = clock.local_span(FALL, time(0), time(3), TZ)
    assert end - start == timedelta(hours=4)


def test_local_span_skipped_bound_moves_to_when_clock_resumes():
    start, _ = clock.local_span(SPRING, time(2, 30), time(9), TZ)
    assert start == datetime(2027, 3, 14, 7, 0, tzinfo=UTC)  # 03:00 EDT


def test_local_span_end_midnight_means_next_midnight():
    start, end = clock.local_span(date(2026, 10, 5), time(20), time(0), TZ)
    assert end == datetime(2026, 10, 6, 4, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=4)


# -- slot_grid ----------------------------------------------------------------------------


def _walls(instants):
    return [clock.to_local(i, TZ) for i in instants]


def test_slot_grid_ordinary_day_has_96_quarter_hours():
    slots = list(clock.slot_grid(date(2026, 10, 5), TZ, 15))
    assert len(slots) == 96
    assert slots == sorted(slots)
    assert slots[0] == clock.day_bounds(date(2026, 10, 5), TZ)[0]


def test_slot_grid_spring_day_has_92_slots_and_no_two_oclock():
    slots = list(clock.slot_grid(SPRING, TZ, 15))
    assert len(slots) == 92
    walls = _walls(slots)
    assert not [w for w in walls if w.hour == 2]
    assert [f"{w:%H:%M}" for w in walls if w.hour in (1, 3)] == [
        "01:00", "01:15", "01:30", "01:45", "03:00", "03:15", "03:30", "03:45"]
    assert len(set(slots)) == len(slots)
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(slots))


def test_slot_grid_fall_day_has_100_slots_and_both_one_oclocks():
    slots = list(clock.slot_grid(FALL, TZ, 15))
    assert len(slots) == 100
    assert slots == sorted(slots)
    ones = [i for i in slots if clock.to_local(i, TZ).hour == 1]
    assert len(ones) == 8
    assert [clock.iso(i, TZ) for i in ones] == [
        "2026-11-01T01:00-04:00", "2026-11-01T01:15-04:00",
        "2026-11-01T01:30-04:00", "2026-11-01T01:45-04:00",
        "2026-11-01T01:00-05:00", "2026-11-01T01:15-05:00",
        "2026-11-01T01:30-05:00", "2026-11-01T01:45-05:00",
    ]
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(slots))


@pytest.mark.parametrize(("day", "bounds_hours"), [(SPRING, 23), (FALL, 25),
                                                   (date(2026, 10, 5), 24)])
def test_slot_grid_stays_inside_the_day(day, bounds_hours):
    start, end = clock.day_bounds(day, TZ)
    slots = list(clock.slot_grid(day, TZ, 60))
    assert len(slots) == bounds_hours
    assert all(start <= s < end for s in slots)
    assert all(clock.to_local(s, TZ).date() == day for s in slots)


# -- zone ---------------------------------------------------------------------------------


def test_zone_known_name():
    assert clock.zone("America/New_York") == TZ
    assert clock.zone("UTC").key == "UTC"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "america/new_york",
                                  "../../etc/passwd", "EST5EDT/Nowhere"])
def test_zone_unknown_name_is_bad_input_naming_it(name):
    with pytest.raises(BadInput, match="unknown time zone") as exc:
        clock.zone(name)
    assert exc.value.field == "timezone"
    assert repr(name) in str(exc.value)
