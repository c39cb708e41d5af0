"""Which backups to keep, and when the next one is due: plain rules, no files.

Kept: the newest backup of each of the 7 most recent days that have one, of each of the 4
most recent weeks (ISO weeks, Monday first) and of each of the 12 most recent months; one
backup may count for all three. "Most recent that have one" rather than the last 7 calendar
days: a clinic closed for a fortnight still keeps a week of daily backups from before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime, timedelta

DAILY, WEEKLY, MONTHLY = 7, 4, 12

#: A backup at start is skipped when one is younger than this (a window opened again and
#: again in one morning need not copy the book each time).
START_GAP = timedelta(hours=1)
#: While the window stays open, a backup is taken when the newest is this old.
DAILY_GAP = timedelta(days=1)


def _newest_per(stamps: list[datetime], bucket: Callable[[datetime], Hashable],
                count: int) -> set[datetime]:
    """The newest stamp of each of the ``count`` most recent buckets that hold one."""
    kept: dict[Hashable, datetime] = {}
    for stamp in sorted(stamps, reverse=True):
        key = bucket(stamp)
        if key not in kept:
            if len(kept) == count:
                break
            kept[key] = stamp
    return set(kept.values())


def _week(stamp: datetime) -> tuple[int, int]:
    year, week, _ = stamp.isocalendar()
    return year, week


def _day(stamp: datetime) -> date:
    return stamp.date()


def _month(stamp: datetime) -> tuple[int, int]:
    return stamp.year, stamp.month


def to_keep(stamps: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY,
            monthly: int = MONTHLY) -> set[datetime]:
    """The stamps (when each backup was taken, the machine's wall clock) whose backups are
    kept; every other one may go."""
    found = list(stamps)
    return (_newest_per(found, _day, daily) | _newest_per(found, _week, weekly)
            | _newest_per(found, _month, monthly))


def due(newest: datetime | None, now: datetime, *, at_start: bool) -> bool:
    """Whether an automatic backup is due: at start unless one is under :data:`START_GAP`
    old, later once the newest is :data:`DAILY_GAP` old."""
    if newest is None:
        return True
    return now - newest >= (START_GAP if at_start else DAILY_GAP)
