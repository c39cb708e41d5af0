"""What the owner's reports count, and how: the rules behind every figure, in one place.

The services (:mod:`frontdesk.services.reports`) turn these into SQL aggregates; the rules
themselves are plain Python so a test, the window and the command line read one definition:

- a *visit* is an appointment that took or holds its time (:data:`VISITED`: booked through
  completed); cancellations and no-shows are not visits;
- a visit *due* in a period is any appointment starting in it except a timely cancellation
  (:data:`DUE`): a no-show or a late cancellation was due and missed;
- *utilisation* is booked minutes (the visits' own length, no rest or turnover) over working
  minutes: a therapist's weekly hours less breaks and time off, a room's the clinic's
  opening hours, each as long as the wall clock says on the clinic's DST days;
- a client is *new* in the period holding their first visit ever, *returning* otherwise;
- periods are local: weeks start on Monday, months on the 1st, in the clinic's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from frontdesk.domain import clock, hours, money
from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import ACTIVE, Status

#: Appointments that are visits (they happened, or hold their time still).
VISITED = ACTIVE
#: Appointments due in their period: all but timely cancellations.
DUE = frozenset(Status) - {Status.CANCELLED}
#: The longest range a report covers: ten years of days.
MAX_DAYS = 3660
#: How a report may group by period.
PERIODS = ("week", "month")


@dataclass(frozen=True)
class Range:
    """Local dates ``first`` to ``last``, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise BadInput(f"the range ends ({self.last}) before it starts ({self.first})",
                           "to")
        if self.days > MAX_DAYS:
            raise BadInput(f"a report covers at most {MAX_DAYS} days", "to")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> Iterable[date]:
        return (self.first + timedelta(days=n) for n in range(self.days))

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC instants at which the first day starts and the day after the last starts."""
        return clock.day_bounds(self.first, tz)[0], clock.day_bounds(self.last, tz)[1]


def period_start(day: date, period: str) -> date:
    """The first day of the week (Monday) or month holding ``day``."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise BadInput(f"no period {period!r} (week or month)", "period")


def periods(r: Range, period: str) -> list[date]:
    """Every period's first day that the range touches, in order (empty ones included)."""
    out: list[date] = []
    for day in r.dates():
        start = period_start(day, period)
        if not out or out[-1] != start:
            out.append(start)
    return out


def rate(part: int | float, whole: int | float) -> float | None:
    """``part`` over ``whole``; None when there is no whole (no visits due, no hours)."""
    return part / whole if whole else None


def offsets(tz: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """The zone's UTC offset over [start, end) as pieces: (from this UTC instant, offset in
    minutes), the first from ``start``. What SQLite, which knows no zones, adds to a UTC
    instant to read its local wall clock; found day by day and then to the second, so a
    year gives one piece per DST change (a zone without DST, one piece)."""
    def offset(at: datetime) -> int:
        delta = at.astimezone(tz).utcoffset()
        return int(delta.total_seconds() // 60) if delta is not None else 0

    start, end = start.astimezone(UTC), end.astimezone(UTC)
    pieces = [(start, offset(start))]
    cursor = start
    while cursor < end:
        step = min(cursor + timedelta(days=1), end)
        if offset(step) != pieces[-1][1]:
            low, high = cursor, step  # offset(low) is the last piece's, offset(high) not
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == pieces[-1][1] else (low, middle)
            pieces.append((high.replace(microsecond=0), offset(high)))
        cursor = step
    return pieces


def _minus(spans: Sequence[hours.Span], cuts: Iterable[hours.Span]) -> list[hours.Span]:
    """``spans`` with every part inside ``cuts`` removed."""
    out = list(spans)
    for cut_start, cut_end in cuts:
        kept: list[hours.Span] = []
        for s, e in out:
            if cut_end <= s or e <= cut_start:
                kept.append((s, e))
                continue
            if s < cut_start:
                kept.append((s, cut_start))
            if cut_end < e:
                kept.append((cut_end, e))
        out = kept
    return out


def _minutes(spans: Iterable[hours.Span]) -> int:
    return round(sum((e - s).total_seconds() for s, e in spans) / 60)


def working_minutes(r: Range, tz: ZoneInfo, shifts: Sequence[hours.WeeklySpan],
                    breaks: Sequence[hours.WeeklySpan] = (),
                    time_off: Sequence[hours.TimeOff] = ()) -> int:
    """Minutes of ``shifts`` over the range, less ``breaks`` and ``time_off``, each day as
    long as its wall clock (a shift over the night the clocks change is an hour longer or
    shorter).

    A day whose clock does not change (from its midnight to the next day's end, which a
    shift to midnight may reach) and that no time off touches is as long as its pattern
    says, worked out once per weekday; only the others are laid out in real instants, so
    a year of thirty therapists costs a few thousand additions, not a year of zone sums."""
    if not shifts:
        return 0
    start, end = r.bounds(tz)
    changes = [at for at, _ in offsets(tz, start, end + timedelta(days=1))[1:]]
    plain: dict[int, int] = {}
    total = 0
    for day in r.dates():
        day_start = clock.day_bounds(day, tz)[0] if changes or time_off else None
        odd = day_start is not None and (
            any(day_start <= at < day_start + timedelta(days=2, hours=1) for at in changes)
            or any(o.start < day_start + timedelta(days=2) and day_start < o.end
                   for o in time_off))
        if not odd:
            if day.weekday() not in plain:
                plain[day.weekday()] = _day_minutes(day, tz, shifts, breaks, ())
            total += plain[day.weekday()]
            continue
        total += _day_minutes(day, tz, shifts, breaks, time_off)
    return total


def _day_minutes(day: date, tz: ZoneInfo, shifts: Sequence[hours.WeeklySpan],
                 breaks: Sequence[hours.WeeklySpan], time_off: Sequence[hours.TimeOff]) -> int:
    spans = hours.spans_on(day, shifts, tz)
    if not spans:
        return 0
    cuts = [*hours.spans_on(day, breaks, tz),
            *((o.start, o.end) for o in time_off
              if o.start < spans[-1][1] and spans[0][0] < o.end)]
    return _minutes(_minus(_merged(spans), cuts))


def _merged(spans: Sequence[hours.Span]) -> list[hours.Span]:
    """Sorted ``spans`` with overlapping ones joined, so no minute is counted twice."""
    out: list[hours.Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# -- the rows each report gives --------------------------------------------------------------

@dataclass(frozen=True)
class Utilisation:
    """A therapist's or a room's booked minutes over their working (open) minutes."""

    kind: str  # "therapist" or "room"
    id: int
    name: str
    booked_minutes: int
    working_minutes: int

    @property
    def rate(self) -> float | None:
        return rate(self.booked_minutes, self.working_minutes)


@dataclass(frozen=True)
class Missed:
    """One week's visits due, no-shows and late cancellations."""

    week: date
    due: int
    no_shows: int
    late_cancels: int

    @property
    def no_show_rate(self) -> float | None:
        return rate(self.no_shows, self.due)

    @property
    def late_cancel_rate(self) -> float | None:
        return rate(self.late_cancels, self.due)


@dataclass(frozen=True)
class HourCell:
    """Visits starting at local ``hour`` (0-23) on ``weekday`` (0 Monday)."""

    weekday: int
    hour: int
    visits: int


@dataclass(frozen=True)
class NewReturning:
    """Clients seen in one period: those whose first visit ever it holds, and the others."""

    period: date
    new: int
    returning: int

    @property
    def clients(self) -> int:
        return self.new + self.returning


@dataclass(frozen=True)
class Revenue:
    """A therapist's service revenue and tips in the range, in minor units of ``currency``
    (from the money ledger); ``revenue`` and ``tips`` as exact decimals of its major unit."""

    therapist_id: int
    name: str
    revenue_cents: int
    tips_cents: int
    currency: money.Currency = money.CURRENCIES[money.DEFAULT_CURRENCY]

    @property
    def revenue(self) -> Decimal:
        return money.to_decimal(self.revenue_cents, self.currency)

    @property
    def tips(self) -> Decimal:
        return money.to_decimal(self.tips_cents, self.currency)


#: The ranges the window offers, by name, besides a custom one.
PRESETS = ("This month", "Last month", "This year", "Last 12 months")


def preset(name: str, today: date) -> Range:
    """The range a preset names, for the clinic's local ``today``: this month and this year
    up to today, last month whole, the last 12 months the year up to yesterday."""
    first_of_month = today.replace(day=1)
    if name == "This month":
        return Range(first_of_month, today)
    if name == "Last month":
        last = first_of_month - timedelta(days=1)
        return Range(last.replace(day=1), last)
    if name == "This year":
        return Range(today.replace(month=1, day=1), today)
    if name == "Last 12 months":
        return Range(today - timedelta(days=365), today - timedelta(days=1))
    raise BadInput(f"no range {name!r} (one of: {', '.join(PRESETS)})", "range")
