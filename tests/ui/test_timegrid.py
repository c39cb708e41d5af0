"""Pixel geometry of the resource calendar (frontdesk.ui.book.timegrid), no Qt needed.

Plans come from the standard test clinic through a real SQLite file. On Monday 2026-10-05
the visible hours are 08:00-20:00 (the clinic's opening), so at the default 1.6 px a minute
10:00 is at y = 120 * 1.6 = 192. Body x = 0 is the left of the first column; PAD (2 px) keeps
blocks off the column edges and apart from each other.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from frontdesk.services import dayplan
from frontdesk.services.catalog import load_catalog
from frontdesk.services.dayplan import Mode, Plan
from frontdesk.ui.book.timegrid import EDGE, PAD, Hit, Rect, TimeGrid
from tests.helpers import TZ, local

MONDAY = date(2026, 10, 5)
FALL = date(2026, 11, 1)
SPRING = date(2027, 3, 14)
PPM = 1.6


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)



@pytest.fixture
def plan(db, clinic):
    def do(day: date = MONDAY, mode: Mode = Mode.THERAPISTS, **kw) -> Plan:
        with db.read() as s:
            return dayplan.load(s, load_catalog(s), day, mode, **kw)
    return do


def slots(column, step: int = 15):
    """Every slot instant from the column's top to its bottom, in real minutes."""
    t = column.origin
    while t <= column.end:
        yield t
        t += timedelta(minutes=step)


# -- columns ------------------------------------------------------------------------------


def test_columns_share_the_width(plan):
    grid = TimeGrid(plan(), width=1000)
    assert grid.column_width == 500 and grid.width == 1000
    assert grid.height == 720 * PPM
    assert [grid.x_of(i) for i in range(2)] == [0, 500]


def test_columns_never_narrower_than_min_column(plan, clinic):
    grid = TimeGrid(plan(), width=100)
    assert grid.column_width == 128 and grid.width == 256  # wider than the viewport: scrolls
    week = TimeGrid(plan(days=7, therapist_id=clinic["Ana"]), width=700)
    assert week.column_width == 128 and week.width == 7 * 128
    assert TimeGrid(plan(), width=300, min_column=200).column_width == 200
    assert TimeGrid(plan(), width=300, min_column=100).column_width == 150


@pytest.mark.parametrize(("x", "expected"), [
    (-0.5, None), (0, 0), (499.9, 0), (500, 1), (999.9, 1), (1000, None), (5000, None),
])
def test_column_at(plan, x, expected):
    assert TimeGrid(plan(), width=1000).column_at(x) == expected


def test_column_at_with_no_columns(plan):
    empty = dataclasses.replace(plan(), columns=())
    grid = TimeGrid(empty, width=1000)
    assert grid.column_at(10) is None
    assert grid.hit(10, 10) is None
    assert grid.slot_lines() == [] and grid.hour_labels() == []


def test_visible_columns(plan, clinic):
    grid = TimeGrid(plan(days=7, therapist_id=clinic["Ana"]), width=700)  # 128 px each
    assert grid.visible_columns(0, 300) == range(0, 3)
    assert grid.visible_columns(200, 500) == range(1, 4)
    assert grid.visible_columns(-50, 10_000) == range(0, 7)
    assert grid.visible_columns(130, 250) == range(1, 2)
    assert list(grid.visible_columns(2000, 3000)) == []


# -- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ppm", [1.6, 1.0, 2.0, 0.8, 4.0, 1.25])
def test_y_of_and_instant_at_round_trip_on_every_slot(plan, ppm):
    p = plan()
    grid = TimeGrid(p, width=1000, px_per_minute=ppm)
    for column in p.columns:
        for t in slots(column):
            y = grid.y_of(column, t)
            assert y == pytest.approx(column.minutes(t) * ppm)
            assert grid.instant_at(column, y) == t, (ppm, t)
            assert grid.instant_at(column, y, snap=False) == t


def test_round_trip_after_zooming_out_one_step(plan):
    p = plan()
    grid = TimeGrid(p, width=1000, px_per_minute=1.6 / 1.15)
    ana = p.columns[0]
    quarter_past_two = local("2026-10-05 14:15")
    assert grid.instant_at(ana, grid.y_of(ana, quarter_past_two)) == quarter_past_two


def test_y_of_known_times(plan):
    p = plan()
    grid = TimeGrid(p, width=1000)
    ana = p.columns[0]
    assert grid.y_of(ana, local("2026-10-05 08:00")) == 0
    assert grid.y_of(ana, local("2026-10-05 10:00")) == pytest.approx(192)
    assert grid.y_of(ana, local("2026-10-05 20:00")) == pytest.approx(grid.height)


def test_instant_at_snaps_down_to_the_slot(plan):
    p = plan()
    grid = TimeGrid(p, width=1000)
    ana = p.columns[0]
    ten = local("2026-10-05 10:00")
    next_line = grid.y_of(ana, local("2026-10-05 10:15"))
    for y in (192, 192.5, 200, 215, next_line - 0.01):
        assert grid.instant_at(ana, y) == ten, y
    assert grid.instant_at(ana, next_line) == local("2026-10-05 10:15")
    # Without snapping the exact instant (to the microsecond) comes back.
    assert grid.instant_at(ana, 200, snap=False) == ten + timedelta(minutes=5)


def test_instant_at_is_clamped_to_the_column(plan):
    p = plan()
    grid = TimeGrid(p, width=1000)
    ana = p.columns[0]
    assert grid.instant_at(ana, -50) == ana.origin
    assert grid.instant_at(ana, grid.height + 500) == ana.end


@pytest.mark.parametrize(("minutes", "expected"), [
    (0, 0), (7, 0), (8, 15), (16, 15), (23, 30), (-20, -15), (61, 60), (-52, -45),
])
def test_snap_minutes_rounds_a_drag_to_the_nearest_slot(plan, minutes, expected):
    grid = TimeGrid(plan(), width=1000)
    assert grid.snap_minutes(minutes * PPM) == expected


def test_slot_lines_of_an_ordinary_day(plan):
    lines = TimeGrid(plan(), width=1000).slot_lines()
    assert len(lines) == 12 * 4 + 1  # 08:00 to 20:00 inclusive
    assert [y for y, _ in lines] == pytest.approx([15 * i * PPM for i in range(49)])
    assert [full for _, full in lines] == [i % 4 == 0 for i in range(49)]


def test_hour_labels_of_an_ordinary_day(plan):
    labels = TimeGrid(plan(), width=1000).hour_labels()
    assert [t.hour for _, t in labels] == list(range(8, 20))
    assert [y for y, _ in labels] == pytest.approx([60 * i * PPM for i in range(12)])
    assert all(t.tzinfo is TZ for _, t in labels)


# -- DST ----------------------------------------------------------------------------------


def test_fall_back_day_shows_one_oclock_twice(plan, book):
    book("2026-11-01 00:30", override="night shift")
    p = plan(FALL)
    assert p.hours[0].hour == 0
    labels = TimeGrid(p, width=1000).hour_labels()
    assert [t.strftime("%H:%M") for _, t in labels][:4] == ["00:00", "01:00", "01:00", "02:00"]
    assert len(labels) == 21  # 00:00 to 19:00 is 20 wall-clock hours and a repeated one
    one_edt, one_est = labels[1][1], labels[2][1]
    assert one_edt.utcoffset() == timedelta(hours=-4)
    assert one_est.utcoffset() == timedelta(hours=-5)
    assert labels[2][0] - labels[1][0] == pytest.approx(60 * PPM)
    assert labels[-1][0] == pytest.approx(20 * 60 * PPM)


def test_spring_forward_day_skips_two_oclock(plan, book):
    book("2027-03-14 00:30", override="night shift")
    labels = TimeGrid(plan(SPRING), width=1000).hour_labels()
    assert [t.hour for _, t in labels][:4] == [0, 1, 3, 4]
    assert labels[2][0] == pytest.approx(120 * PPM)  # 03:00 EDT, two real hours in


def test_half_past_one_twice_lands_an_hour_apart(plan, book):
    first = book(utc(2026, 11, 1, 5, 30), override="night shift")  # 01:30 EDT
    second = book(utc(2026, 11, 1, 6, 30), client="Zoë Brontë",
                  override="night shift")  # 01:30 EST
    p = plan(FALL)
    grid = TimeGrid(p, width=1000)
    ana = p.columns[0]
    y1, y2 = grid.y_of(ana, first.start), grid.y_of(ana, second.start)
    assert y2 - y1 == pytest.approx(60 * PPM)
    assert grid.instant_at(ana, y1) == utc(2026, 11, 1, 5, 30)
    assert grid.instant_at(ana, y2) == utc(2026, 11, 1, 6, 30)
    # Both read 01:30 on the wall, yet each is drawn (and hit) at its own height.
    r1, r2 = grid.block_rect(0, ana.blocks[0]), grid.block_rect(0, ana.blocks[1])
    assert (r1.y, r2.y) == pytest.approx((y1, y2))
    assert grid.hit(100, y1 + 10).block.appt.id == first.id
    assert grid.hit(100, y2 + 10).block.appt.id == second.id


def test_round_trip_on_the_25_hour_day(plan, book):
    book("2026-11-01 00:30", override="night shift")
    book("2026-11-01 23:00", client="Zoë Brontë", override="night shift")
    p = plan(FALL)
    grid = TimeGrid(p, width=1000)
    ana = p.columns[0]
    assert grid.height == pytest.approx(25 * 60 * PPM)
    times = list(slots(ana))
    assert len(times) == 25 * 4 + 1
    assert [grid.instant_at(ana, grid.y_of(ana, t)) for t in times] == times


# -- blocks -------------------------------------------------------------------------------


def test_block_rect_of_a_single_block(plan, book):
    book("2026-10-05 10:00", "Deep Tissue 60")
    p = plan()
    grid = TimeGrid(p, width=1000)
    block = p.columns[0].blocks[0]
    assert grid.block_rect(0, block) == Rect(PAD, 120 * PPM, 500 - 2 * PAD, 60 * PPM)
    # With the rest band (until 11:15) it is 75 minutes tall.
    band = grid.block_rect(0, block, band=True)
    assert (band.y, band.h) == pytest.approx((120 * PPM, 75 * PPM))


def test_lanes_split_the_column_width(plan, book):
    book("2026-10-05 10:00", room="Cedar")
    book("2026-10-05 10:30", room="Willow", client="Zoë Brontë", override="squeezed in")
    p = plan()
    grid = TimeGrid(p, width=1000)
    left, right = (grid.block_rect(0, b) for b in p.columns[0].blocks)
    lane_w = (500 - 2 * PAD) / 2
    assert left == Rect(PAD, 120 * PPM, lane_w - PAD, 60 * PPM)
    assert right.x == PAD + lane_w and right.w == lane_w - PAD
    assert right.y == pytest.approx(150 * PPM)
    assert left.x + left.w < right.x  # a gap between them


def test_blocks_in_a_later_column_are_offset(plan, book):
    book("2026-10-05 11:00", therapist="Ben")
    p = plan()
    grid = TimeGrid(p, width=1000)
    r = grid.block_rect(1, p.columns[1].blocks[0])
    assert r.x == 500 + PAD and r.w == 500 - 2 * PAD


def test_a_tiny_block_is_still_four_pixels_tall(plan, book):
    book("2026-10-05 10:00", minutes=1)
    p = plan()
    r = TimeGrid(p, width=1000).block_rect(0, p.columns[0].blocks[0])
    assert r.h == 4


def test_hit_finds_every_block_where_it_is_drawn(plan, book):
    book("2026-10-05 10:00", room="Cedar")
    book("2026-10-05 10:30", room="Willow", client="Zoë Brontë", override="squeezed in")
    book("2026-10-05 14:00", "Trigger Point 30", client="李小龍")
    book("2026-10-05 11:00", therapist="Ben", client=None)
    p = plan()
    grid = TimeGrid(p, width=1000)
    assert [len(c.blocks) for c in p.columns] == [3, 1]
    for i, column in enumerate(p.columns):
        for block in column.blocks:
            r = grid.block_rect(i, block)
            hit = grid.hit(r.x + r.w / 2, r.y + r.h / 2)
            assert hit == Hit(i, block, resize=False)
            assert grid.hit(r.x + 1, r.y).block == block  # the top-left corner is inside


def test_hit_flags_resize_near_the_lower_edge(plan, book):
    a = book("2026-10-05 10:00")  # y 192 to 288
    grid = TimeGrid(plan(), width=1000)
    bottom = 180 * PPM
    assert grid.hit(100, 200).resize is False
    assert grid.hit(100, bottom - EDGE - 1).resize is False
    assert grid.hit(100, bottom - EDGE) == Hit(0, grid.plan.columns[0].blocks[0], resize=True)
    assert grid.hit(100, bottom - 0.5).resize is True
    assert grid.hit(100, bottom - 0.5).block.appt.id == a.id
    # The lower edge itself is outside the block: a click there is on the empty column.
    assert grid.hit(100, bottom) == Hit(0)


def test_hit_between_lanes_and_beside_blocks_is_the_empty_column(plan, book):
    book("2026-10-05 10:00", room="Cedar")
    book("2026-10-05 10:30", room="Willow", client="Zoë Brontë", override="squeezed in")
    grid = TimeGrid(plan(), width=1000)
    y = 160 * PPM  # 10:40, both blocks
    lane_w = (500 - 2 * PAD) / 2
    assert grid.hit(PAD + lane_w - PAD / 2, y) == Hit(0)  # the gap between the lanes
    assert grid.hit(1, y) == Hit(0)                        # the column's own padding
    assert grid.hit(600, y) == Hit(1)                      # Ben's column: nothing there
    assert grid.hit(100, 100 * PPM) == Hit(0)              # 09:40: nothing yet


def test_hit_outside_the_body(plan):
    grid = TimeGrid(plan(), width=1000)
    assert grid.hit(-1, 100) is None
    assert grid.hit(1000, 100) is None
    assert grid.hit(100, -1) is None
    assert grid.hit(100, grid.height + 1) is None
    assert grid.hit(100, 0) == Hit(0)


def test_hit_prefers_the_block_drawn_last(plan, book):
    # A one-minute block is drawn 4 px tall and so covers the top of the next one.
    first = book("2026-10-05 10:00", minutes=1)
    second = book(local("2026-10-05 10:00") + timedelta(minutes=1), client="Zoë Brontë")
    p = plan()
    grid = TimeGrid(p, width=1000)
    assert [(b.lane, b.lanes) for b in p.columns[0].blocks] == [(0, 1), (0, 1)]
    y = 120 * PPM + 2  # inside both rectangles
    assert grid.block_rect(0, p.columns[0].blocks[0]).contains(100, y)
    assert grid.hit(100, y).block.appt.id == second.id
    assert grid.hit(100, 120 * PPM + 0.5).block.appt.id == first.id


def test_room_mode_geometry_uses_the_room_columns(plan, book):
    book("2026-10-05 10:00", room="Willow")
    p = plan(mode=Mode.ROOMS)
    grid = TimeGrid(p, width=1000)
    assert [c.title for c in p.columns] == ["Cedar", "Willow"]
    assert grid.hit(750, 200).block is p.columns[1].blocks[0]
    assert grid.hit(250, 200) == Hit(0)
