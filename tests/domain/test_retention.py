"""Which backups are kept (7 daily, 4 weekly, 12 monthly) and when the next is due."""

from __future__ import annotations

from datetime import datetime, timedelta

from frontdesk.domain import retention


def _days(first: datetime, n: int, hour: int = 9) -> list[datetime]:
    return [first.replace(hour=hour) + timedelta(days=i) for i in range(n)]


def test_a_backup_a_day_for_three_months_keeps_a_week_four_weeks_and_three_months():
    stamps = _days(datetime(2026, 1, 1), 90)  # 2026-01-01 .. 2026-03-31
    kept = retention.to_keep(stamps)
    days = {datetime(2026, 3, d, 9) for d in range(25, 32)}  # the last 7 days
    weeks = {datetime(2026, 3, 29, 9), datetime(2026, 3, 22, 9),  # Sundays end ISO weeks
             datetime(2026, 3, 15, 9)}  # and the week of 03-31 is among the days
    months = {datetime(2026, 2, 28, 9), datetime(2026, 1, 31, 9)}  # March's is 03-31
    assert kept == days | weeks | months


def test_of_several_backups_in_a_day_the_newest_is_kept():
    stamps = [datetime(2026, 5, 4, h) for h in (8, 12, 17)]
    assert retention.to_keep(stamps) == {datetime(2026, 5, 4, 17)}


def test_a_closed_fortnight_still_leaves_seven_daily_backups_from_before():
    stamps = _days(datetime(2026, 6, 1), 20)  # then nothing for two weeks
    kept = retention.to_keep(stamps)
    assert {s for s in stamps[-7:]} <= kept


def test_twelve_months_at_most():
    stamps = [datetime(2024 + (m // 12), m % 12 + 1, 1) for m in range(30)]
    assert len(retention.to_keep(stamps, daily=0, weekly=0)) == 12
    assert min(retention.to_keep(stamps, daily=0, weekly=0)) == stamps[-12]


def test_due_at_start_unless_one_is_under_an_hour_old_and_daily_after_a_day():
    now = datetime(2026, 5, 4, 9)
    assert retention.due(None, now, at_start=True)
    assert not retention.due(now - timedelta(minutes=30), now, at_start=True)
    assert retention.due(now - timedelta(hours=2), now, at_start=True)
    assert not retention.due(now - timedelta(hours=23), now, at_start=False)
    assert retention.due(now - timedelta(hours=24), now, at_start=False)
