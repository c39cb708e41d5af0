"""Each report's figures on a small clinic built here, worked out by hand, on both engines.

The standard test clinic (tests/helpers.py), America/New_York: Ana works every day
09:00-17:00 with a break 12:00-12:30 (450 minutes a day), Ben Monday to Friday 10:00-18:00
(480), Cleo is inactive; the clinic is open 08:00-20:00 every day (720 minutes); Willow and
Cedar are active rooms, Birch is not. Visits are written straight into the book with the
status they ended in (a no-show in the past, say), as the rules would have left them.

The week of Monday 2026-10-05 (EDT throughout):

====  ==================  ===  ====  ======  ==========  ============
 #    local start          min  who   room    client      status
====  ==================  ===  ====  ======  ==========  ============
 1    Mon 10-05 10:00       60  Ana   Cedar   José        completed
 2    Mon 10-05 14:00       90  Ben   Willow  Zoë         completed
 3    Tue 10-06 10:00       60  Ana   Cedar   李小龍       no-show
 4    Wed 10-07 10:00       30  Ana   Willow  José        late cancel
 5    Thu 10-08 11:00       60  Ben   Cedar   Zoë         cancelled
 6    Sun 10-11 19:30       60  Ana   Cedar   José        booked
 7    Fri 10-09 15:00       60  Ben   Willow  Zoë         completed
====  ==================  ===  ====  ======  ==========  ============

Before it: José's visit on 2026-09-20 (completed) and Zoë's no-show on 2026-09-21 (not a
visit); after it: Ana's visit on Mon 10-12 09:00. Ben is off Thursday 10-08 10:00-14:00.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain import reports as rules
from frontdesk.domain.access import Role
from frontdesk.domain.errors import BadInput, Forbidden
from frontdesk.services import reports
from tests.helpers import NOW, ClinicBuilder, local

WEEK = rules.Range(date(2026, 10, 5), date(2026, 10, 11))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.pg)])
def book(request, tmp_path):
    """The clinic above in a new database on each engine."""
    url = (f"sqlite:///{tmp_path / 'reports.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    db = open_database(url)
    clinic = ClinicBuilder(db).standard()
    yield db, clinic
    db.close()


def add(db, clinic, when: str, minutes: int, who: str, room: str, client: str | None,
        status: str = "completed", service: str = "Swedish 60") -> None:
    start = local(when)
    end = start + timedelta(minutes=minutes)
    with db.write() as s:
        s.add(m.Appointment(
            client_id=clinic[client] if client else None, service_id=clinic[service],
            therapist_id=clinic[who], room_id=clinic[room], starts_at=start, ends_at=end,
            therapist_until=end, room_until=end, status=status,
            cancel_reason="asked" if "cancel" in status else "", created_at=NOW,
            updated_at=NOW))


@pytest.fixture
def week(book):
    db, clinic = book
    for row in [("2026-10-05 10:00", 60, "Ana", "Cedar", "José Núñez", "completed"),
                ("2026-10-05 14:00", 90, "Ben", "Willow", "Zoë Brontë", "completed"),
                ("2026-10-06 10:00", 60, "Ana", "Cedar", "李小龍", "no_show"),
                ("2026-10-07 10:00", 30, "Ana", "Willow", "José Núñez", "late_cancel"),
                ("2026-10-08 11:00", 60, "Ben", "Cedar", "Zoë Brontë", "cancelled"),
                ("2026-10-11 19:30", 60, "Ana", "Cedar", "José Núñez", "booked"),
                ("2026-10-09 15:00", 60, "Ben", "Willow", "Zoë Brontë", "completed"),
                ("2026-09-20 10:00", 60, "Ana", "Cedar", "José Núñez", "completed"),
                ("2026-09-21 10:00", 60, "Ana", "Cedar", "Zoë Brontë", "no_show"),
                ("2026-10-12 09:00", 60, "Ana", "Cedar", "李小龍", "booked")]:
        add(db, clinic, *row)
    with db.write() as s:
        s.add(m.TimeOff(therapist_id=clinic["Ben"], starts_at=local("2026-10-08 10:00"),
                        ends_at=local("2026-10-08 14:00"), reason="dentist"))
    return db


def test_utilisation_per_therapist_and_room(week):
    with week.read() as s:
        rows = {(u.kind, u.name): (u.booked_minutes, u.working_minutes)
                for u in reports.utilisation(s, WEEK)}
    assert rows == {
        ("therapist", "Ana"): (60 + 60, 7 * 450),           # #1 and #6
        ("therapist", "Ben"): (90 + 60, 5 * 480 - 240),     # #2 and #7; 4 h off on Thursday
        ("room", "Cedar"): (60 + 60, 7 * 720),
        ("room", "Willow"): (90 + 60, 7 * 720),             # the late cancellation is not
    }


def test_an_inactive_therapist_with_visits_is_listed(week, book):
    _, clinic = book
    add(week, clinic, "2026-10-06 09:00", 45, "Cleo", "Birch", None)
    with week.read() as s:
        rows = {(u.kind, u.name): (u.booked_minutes, u.working_minutes)
                for u in reports.utilisation(s, WEEK)}
    assert rows[("therapist", "Cleo")] == (45, 7 * 480)
    assert rows[("room", "Birch")] == (45, 7 * 720)


def test_no_shows_and_late_cancellations_by_week(week):
    with week.read() as s:
        weeks = reports.no_shows(s, rules.Range(date(2026, 10, 5), date(2026, 10, 18)))
    assert [(w.week, w.due, w.no_shows, w.late_cancels) for w in weeks] == [
        (date(2026, 10, 5), 6, 1, 1),   # all but #5, the timely cancellation
        (date(2026, 10, 12), 1, 0, 0)]
    assert weeks[0].no_show_rate == pytest.approx(1 / 6)
    assert weeks[1].late_cancel_rate == 0


def test_a_range_from_midweek_shows_the_whole_week_it_touches_by_its_monday(week):
    with week.read() as s:
        weeks = reports.no_shows(s, rules.Range(date(2026, 10, 7), date(2026, 10, 9)))
    assert [(w.week, w.due, w.no_shows, w.late_cancels) for w in weeks] == [
        (date(2026, 10, 5), 2, 0, 1)]   # #4 and #7 start within the range


def test_busiest_hours(week):
    with week.read() as s:
        cells = reports.busiest_hours(s, WEEK)
    assert [(c.weekday, c.hour, c.visits) for c in cells] == [
        (0, 10, 1), (0, 14, 1), (4, 15, 1), (6, 19, 1)]


def test_new_and_returning_clients(week):
    with week.read() as s:
        months = reports.new_returning(s, WEEK, "month")
        weeks = reports.new_returning(s, rules.Range(date(2026, 9, 14), date(2026, 10, 11)),
                                      "week")
    # José came in September; Zoë's September no-show was no visit, so October is her first.
    assert [(p.period, p.new, p.returning) for p in months] == [(date(2026, 10, 1), 1, 1)]
    assert [(p.period, p.new, p.returning) for p in weeks] == [
        (date(2026, 9, 14), 1, 0), (date(2026, 9, 21), 0, 0), (date(2026, 9, 28), 0, 0),
        (date(2026, 10, 5), 1, 1)]


def test_an_empty_range_gives_zeros_not_errors(book):
    db, _ = book
    with db.read() as s:
        assert reports.busiest_hours(s, WEEK) == []
        assert [(w.due, w.no_show_rate) for w in reports.no_shows(s, WEEK)] == [(0, None)]
        report = reports.run(s, "no-shows", WEEK)
    assert report.cells == (("2026-10-05", 0, 0, None, 0, None),)


# -- the clocks change --------------------------------------------------------------------

def test_fall_back_week_reads_the_wall_clock_on_both_sides(book):
    """Week of Monday 2026-10-26; on Sunday 11-01 the clocks go back at 02:00. Hours read
    as the wall clock on either side (one offset for the whole range would put one side
    an hour off), the two 01:30s are both hour 1, and Sunday 23:30 EST (04:30 UTC on
    Monday) stays in Sunday's week."""
    db, clinic = book
    for when in ("2026-10-31 10:00", "2026-11-01 10:00", "2026-11-01 23:30",
                 "2026-10-26 00:15"):
        add(db, clinic, when, 30, "Ana", "Cedar", None)
    first = local("2026-11-01 01:30")  # EDT, 05:30 UTC; the second is an hour later (EST)
    for start in (first, first + timedelta(hours=1)):
        with db.write() as s:
            s.add(m.Appointment(service_id=clinic["Swedish 60"], therapist_id=clinic["Ana"],
                                room_id=clinic["Willow"], starts_at=start,
                                ends_at=start + timedelta(minutes=20),
                                therapist_until=start + timedelta(minutes=20),
                                room_until=start + timedelta(minutes=20), status="completed",
                                created_at=NOW, updated_at=NOW))
    fall = rules.Range(date(2026, 10, 26), date(2026, 11, 1))
    with db.read() as s:
        cells = [(c.weekday, c.hour, c.visits) for c in reports.busiest_hours(s, fall)]
        weeks = [(w.week, w.due) for w in reports.no_shows(s, fall)]
    assert cells == [(0, 0, 1), (5, 10, 1), (6, 1, 2), (6, 10, 1), (6, 23, 1)]
    assert weeks == [(date(2026, 10, 26), 6)]


@pytest.mark.parametrize(("day", "minutes"), [(date(2026, 11, 1), 5 * 60),
                                              (date(2027, 3, 14), 3 * 60),
                                              (date(2026, 11, 8), 4 * 60)])
def test_a_night_shift_is_as_long_as_the_wall_clock_says(day, minutes):
    """00:00-04:00 on Sundays: five hours when the clocks go back, three when they jump."""
    from frontdesk.domain.hours import WeeklySpan
    from tests.helpers import TZ

    shift = [WeeklySpan(6, time(0), time(4))]
    assert rules.working_minutes(rules.Range(day, day), TZ, shift) == minutes


def test_the_offsets_change_where_the_zone_does():
    from tests.helpers import TZ

    start, end = rules.Range(date(2026, 10, 1), date(2027, 3, 31)).bounds(TZ)
    pieces = rules.offsets(TZ, start, end)
    assert [(at.isoformat(), minutes) for at, minutes in pieces] == [
        (start.isoformat(), -240), ("2026-11-01T06:00:00+00:00", -300),
        ("2027-03-14T07:00:00+00:00", -240)]


# -- who may, and bad input -----------------------------------------------------------------

def test_only_a_manager_reads_the_reports(week):
    from frontdesk.domain.access import Staff

    with week.read() as s:
        s.info["staff"] = Staff("Dana", Role.DESK)
        with pytest.raises(Forbidden, match="may not read the clinic's reports"):
            reports.run(s, "utilisation", WEEK)
        s.info["staff"] = Staff("Maria", Role.MANAGER)
        assert reports.run(s, "utilisation", WEEK).cells


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(BadInput, match="ends"):
        rules.Range(date(2026, 10, 5), date(2026, 10, 4))


def test_revenue_and_tips_per_therapist_from_the_ledger(week, book):
    """#1 (Ana, $110) paid with a $15 tip on Monday; #2 (Ben, $150) 10% off with a $20 tip;
    #7 (Ben, $110) paid on Friday and voided the Monday after the week."""
    from decimal import Decimal

    from frontdesk.domain.ledger import Discount, Method, Payment
    from frontdesk.services.checkout import CheckoutRequest, Checkouts

    db, clinic = book
    with db.write() as s:
        visits = {a.starts_at: a for a in s.query(m.Appointment)}
        ids = {n: visits[local(when)].id for n, when in (
            (1, "2026-10-05 10:00"), (2, "2026-10-05 14:00"), (7, "2026-10-09 15:00"))}
        for n, price in ((1, 11000), (2, 15000), (7, 11000)):
            s.get(m.Appointment, ids[n]).price_cents = price

    def desk(when: str) -> Checkouts:
        return Checkouts(db, "Rosa", now=lambda: local(when))

    desk("2026-10-05 16:00").checkout(CheckoutRequest(
        [ids[1]], [Payment(Method.CARD, 12500)], tips={clinic["Ana"]: 1500}))
    desk("2026-10-05 17:00").checkout(CheckoutRequest(
        [ids[2]], [Payment(Method.CASH, 15500)], tips={clinic["Ben"]: 2000},
        discount=Discount(percent=Decimal(10), reason="first visit")))
    friday = desk("2026-10-09 17:00").checkout(CheckoutRequest(
        [ids[7]], [Payment(Method.CASH, 11000)]))
    desk("2026-10-12 09:00").void(friday.number, "wrong visit")
    with db.read() as s:
        week_rows = reports.revenue(s, WEEK)
        longer = reports.revenue(s, rules.Range(WEEK.first, date(2026, 10, 12)))
        table = reports.run(s, "revenue", WEEK)
    assert [(x.name, x.revenue_cents, x.tips_cents) for x in week_rows] == [
        ("Ben", 13500 + 11000, 2000), ("Ana", 11000, 1500)]
    assert [(x.name, x.revenue_cents, x.tips_cents) for x in longer] == [
        ("Ben", 13500, 2000), ("Ana", 11000, 1500)]  # the void is the 12th's
    assert table.cells == (("Ben", Decimal("245.00"), Decimal("20.00")),
                           ("Ana", Decimal("110.00"), Decimal("15.00")))


def test_the_report_table_carries_rates_as_percentages(week):
    with week.read() as s:
        report = reports.run(s, "utilisation", WEEK)
    row = dict(zip(report.labels(), report.cells, strict=True))["Ben"]
    assert row == ("therapist", "Ben", 150, 2160, round(150 / 2160 * 100, 1))
    assert isinstance(report.first, date) and not isinstance(report.first, datetime)


def test_a_year_of_working_minutes_is_the_sum_of_its_days():
    """The quick count (each weekday worked out once) agrees with laying out every day of a
    year with both DST changes, a shift to midnight, breaks and time off across days."""
    from frontdesk.domain.hours import TimeOff, WeeklySpan
    from tests.helpers import TZ

    shifts = [WeeklySpan(d, time(9), time(17)) for d in range(5)] + [
        WeeklySpan(5, time(18), time(0)), WeeklySpan(6, time(0), time(3, 30))]
    breaks = [WeeklySpan(d, time(12), time(12, 45)) for d in range(5)]
    off = [TimeOff(local("2026-03-06 13:00"), local("2026-03-10 11:00")),
           TimeOff(local("2026-10-31 20:00"), local("2026-11-01 02:30"))]
    year = rules.Range(date(2026, 1, 1), date(2026, 12, 31))
    by_day = sum(rules.working_minutes(rules.Range(d, d), TZ, shifts, breaks, off)
                 for d in year.dates())
    assert rules.working_minutes(year, TZ, shifts, breaks, off) == by_day


def test_cells_are_shown_as_people_read_them_and_kept_plain_for_csv():
    from decimal import Decimal

    monthly = reports.Report("new-returning", "New and returning clients by month", WEEK.first,
                             WEEK.last, ("period", "new"), (("2026-09-01", 1234),), (),
                             "stacked", "period", ("new",))
    assert monthly.labels() == ["Sep 2026"] and monthly.labels(shown=False) == ["2026-09-01"]
    assert monthly.text("new", 1234) == "1,234" and monthly.text("new", None) == "–"
    assert monthly.text("revenue", Decimal("32166.50")) == "32,166.50"
    weekly = reports.Report("no-shows", "No-shows by week", WEEK.first, WEEK.last, ("week",),
                            (("2026-10-05",),), (), "lines", "week", ())
    assert weekly.labels() == ["5 Oct 2026"]
    assert reports.Report.heading("utilisation_percent") == "Utilisation %"
