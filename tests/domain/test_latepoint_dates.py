"""LatePoint's human dates, statuses and prices (domain/latepoint_dates, latepoint_fields)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.errors import BadInput
from frontdesk.domain.latepoint_dates import read_date_time
from frontdesk.domain.latepoint_fields import (
    duration_minutes,
    missing_columns,
    price_cents,
    web_status,
)
from frontdesk.domain.status import Status

EXPORTED = date(2026, 11, 30)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@pytest.mark.parametrize("text, expected", [
    ("Today, 02:30pm", datetime(2026, 11, 30, 14, 30)),
    ("Tomorrow, 09:00am", datetime(2026, 12, 1, 9, 0)),
    ("March 10, 02:30pm", datetime(2026, 3, 10, 14, 30)),
    ("Mar 10, 2027, 02:30pm", datetime(2027, 3, 10, 14, 30)),
    ("Mar 10, 2027, 14:30", datetime(2027, 3, 10, 14, 30)),
    ("March 10, 14:30", datetime(2026, 3, 10, 14, 30)),
    ("10 March, 02:30pm", datetime(2026, 3, 10, 14, 30)),
    ("10 March 2027, 14:30", datetime(2027, 3, 10, 14, 30)),
    ("2027, Mar 10, 14:30", datetime(2027, 3, 10, 14, 30)),
    ("Mar 5, 2026 2:30 pm", datetime(2026, 3, 5, 14, 30)),
    ("Tue, Dec 1, 2026, 10:00 AM", datetime(2026, 12, 1, 10, 0)),
    ("Dec 1, 2026, 12:00am", datetime(2026, 12, 1, 0, 0)),
    ("Dec 1, 2026, 12:15pm", datetime(2026, 12, 1, 12, 15)),
    ("Sept 9, 2026, 8:05 p.m.", datetime(2026, 9, 9, 20, 5)),
    ("2026-12-01 10:00", datetime(2026, 12, 1, 10, 0)),
])
def test_every_form_the_export_writes(text, expected):
    assert read_date_time(text, EXPORTED) == expected


@pytest.mark.parametrize("text", [
    "", "Today", "March 10", "03/10/2027 10:00", "Smarch 10, 10:00", "Mar 32, 10:00",
    "Feb 29, 2027, 10:00", "13:30pm", "Mar 10, 25:00", "Mar 10, 10:75",
    "Mar 10, 2027, 2028, 10:00", "Mar Apr 10, 10:00", "Mar 10 11, 10:00", "Mar 10; 10:00",
])
def test_an_unreadable_date_is_refused_naming_its_text(text):
    with pytest.raises(BadInput) as caught:
        read_date_time(text, EXPORTED)
    assert repr(text) in str(caught.value)


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)
                       ).map(lambda d: d.replace(second=0, microsecond=0))


def _twelve(moment: datetime, spaced: bool) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour:02d}:{moment:%M}{' ' if spaced else ''}{'pm' if moment.hour >= 12 else 'am'}"


@given(moment=moments, exported=st.dates(min_value=date(1990, 1, 1),
                                         max_value=date(2090, 12, 31)),
       form=st.sampled_from(["year", "no-year", "day-first", "year-first", "booked-on"]),
       twelve=st.booleans(), short=st.booleans())
def test_any_moment_written_in_any_form_reads_back(moment, exported, form, twelve, short):
    month = MONTHS[moment.month - 1][:3] if short else MONTHS[moment.month - 1]
    clock_time = _twelve(moment, form == "booked-on") if twelve else f"{moment:%H:%M}"
    if form == "no-year":
        moment = moment.replace(year=exported.year) if not (
            moment.month == 2 and moment.day == 29) else moment
        if moment.year != exported.year:
            return
    text = {
        "year": f"{month} {moment.day}, {moment.year}, {clock_time}",
        "no-year": f"{month} {moment.day}, {clock_time}",
        "day-first": f"{moment.day} {month} {moment.year}, {clock_time}",
        "year-first": f"{moment.year}, {month} {moment.day}, {clock_time}",
        "booked-on": f"{month} {moment.day}, {moment.year} {clock_time}",
    }[form]
    assert read_date_time(text, exported) == moment


@given(exported=st.dates(min_value=date(1990, 1, 2), max_value=date(2090, 12, 30)),
       word=st.sampled_from(["Today", "Tomorrow", "Yesterday", "today", "TODAY"]))
def test_words_for_days_count_from_the_export_day(exported, word):
    shift = {"today": 0, "tomorrow": 1, "yesterday": -1}[word.lower()]
    assert read_date_time(f"{word}, 09:15am", exported).date() == exported + timedelta(shift)


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_as_bad_input(text):
    try:
        read_date_time(text, EXPORTED)
    except BadInput as bad:
        assert repr(text) in str(bad)


@pytest.mark.parametrize("label, status, pending, unknown", [
    ("Approved", Status.BOOKED, False, False),
    ("Pending Approval", Status.BOOKED, True, False),
    ("Cancelled", Status.CANCELLED, False, False),
    ("No Show", Status.NO_SHOW, False, False),
    ("Completed", Status.COMPLETED, False, False),
    ("Undefined Status", Status.BOOKED, False, True),
    ("Awaiting deposit", Status.BOOKED, False, True),
])
def test_statuses_are_mapped_and_unknown_ones_said(label, status, pending, unknown):
    read = web_status(label)
    assert (read.status, read.pending, read.unknown) == (status, pending, unknown)
    assert bool(read.note) == (pending or unknown)


@pytest.mark.parametrize("text, cents", [
    ("$1,090.00", 109000), ("$95", 9500), ("45.5 €", 4550), ("£12,345,678.90", 1234567890),
    ("", None)])
def test_prices_in_cents(text, cents):
    assert price_cents(text) == cents


@pytest.mark.parametrize("text", ["free", "$1,09.00", "-$5.00", "$5.000"])
def test_an_unreadable_price_is_refused(text):
    with pytest.raises(BadInput, match="price"):
        price_cents(text)


def test_durations_and_the_header():
    assert duration_minutes("60") == 60 and duration_minutes("90 min") == 90
    assert duration_minutes("") is None
    with pytest.raises(BadInput):
        duration_minutes("an hour")
    assert missing_columns(["ID", "Service"])[:2] == ["Start Date & Time", "Duration"]
