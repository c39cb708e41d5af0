"""A series kept at a wall-clock time the clocks skip one day says so for that visit."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from frontdesk.domain.recurrence import instant, skipped_note

NY = ZoneInfo("America/New_York")


def test_only_the_visit_read_after_the_jump_gets_a_note():
    gap_day = instant(datetime(2027, 3, 14, 2, 30), NY)  # read as 03:30, after the jump
    assert "02:30 does not exist" in skipped_note(gap_day, time(2, 30), NY)
    assert skipped_note(instant(datetime(2027, 3, 21, 2, 30), NY), time(2, 30), NY) == ""
    # a series kept at 03:30 really is at 03:30 that day: nothing to say
    assert skipped_note(gap_day, time(3, 30), NY) == ""
