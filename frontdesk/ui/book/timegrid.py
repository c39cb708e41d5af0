"""One object that maps time and columns to pixels and back, for painting and for the mouse.

Paint code and mouse code both ask the grid, so a block is hit exactly where it is drawn.
Coordinates are "body" coordinates: x = 0 at the left of the first column, y = 0 at the top
of the visible hours; the view adds its frozen header, its time gutter and the scroll offset.
No Qt here: plain numbers, tested on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from frontdesk.services.dayplan import Block, Column, Plan

#: How close (pixels) to a block's lower edge a press starts a resize instead of a move.
EDGE = 6
#: Gap between side-by-side lanes and at a column's edges.
PAD = 2


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h


@dataclass(frozen=True)
class Hit:
    column: int
    block: Block | None = None
    resize: bool = False


class TimeGrid:
    def __init__(self, plan: Plan, *, width: float, px_per_minute: float = 1.6,
                 min_column: float = 128):
        self.plan = plan
        self.ppm = px_per_minute
        n = max(1, len(plan.columns))
        self.column_width = max(min_column, width / n)
        self.width = self.column_width * len(plan.columns)
        self.height = plan.length_minutes * self.ppm
        self._lines: list[tuple[float, bool]] | None = None
        self._labels: list[tuple[float, datetime]] | None = None

    # -- columns ----------------------------------------------------------------------

    def x_of(self, column: int) -> float:
        return column * self.column_width

    def column_at(self, x: float) -> int | None:
        if x < 0 or not self.plan.columns:
            return None
        i = int(x // self.column_width)
        return i if i < len(self.plan.columns) else None

    def visible_columns(self, x0: float, x1: float) -> range:
        first = max(0, int(x0 // self.column_width))
        last = min(len(self.plan.columns), int(x1 // self.column_width) + 1)
        return range(first, last)

    # -- time -------------------------------------------------------------------------

    def y_of(self, column: Column, instant: datetime) -> float:
        return column.minutes(instant) * self.ppm

    def instant_at(self, column: Column, y: float, *, snap: bool = True) -> datetime:
        """The instant at height ``y`` in ``column``, rounded down to the slot step."""
        # Rounded first: y_of(slot) / ppm can come back a hair under the slot after a zoom.
        minutes = round(max(0.0, min(y / self.ppm, column.minutes(column.end))), 6)
        if snap:
            step = self.plan.slot_minutes
            minutes = (minutes // step) * step
        return column.origin + timedelta(minutes=minutes)

    def snap_minutes(self, dy: float) -> int:
        """A vertical drag distance as whole slot steps (rounded to the nearest)."""
        step = self.plan.slot_minutes
        return round(dy / self.ppm / step) * step

    def slot_lines(self) -> list[tuple[float, bool]]:
        """(y, is_full_hour) of every slot line, from the first column's day (kept: every
        paint asks)."""
        if self._lines is None:
            self._lines = self._slot_lines()
        return self._lines

    def _slot_lines(self) -> list[tuple[float, bool]]:
        if not self.plan.columns:
            return []
        column = self.plan.columns[0]
        step = self.plan.slot_minutes
        out = []
        total = column.minutes(column.end)
        minute = 0
        while minute <= total:
            instant = column.origin + timedelta(minutes=minute)
            local = instant.astimezone(self.plan.tz)
            out.append((minute * self.ppm, local.minute == 0))
            minute += step
        return out

    def hour_labels(self) -> list[tuple[float, datetime]]:
        """(y, local time) for each full hour: a fall-back day shows its repeated hour twice."""
        if self._labels is None:
            self._labels = self._hour_labels()
        return self._labels

    def _hour_labels(self) -> list[tuple[float, datetime]]:
        if not self.plan.columns:
            return []
        column = self.plan.columns[0]
        total = column.minutes(column.end)
        out = []
        minute = 0
        while minute < total:
            local = (column.origin + timedelta(minutes=minute)).astimezone(self.plan.tz)
            if local.minute == 0:
                out.append((minute * self.ppm, local))
            minute += 15
        return out

    # -- blocks -----------------------------------------------------------------------

    def block_rect(self, column_index: int, block: Block, *, band: bool = False) -> Rect:
        column = self.plan.columns[column_index]
        lane_w = (self.column_width - 2 * PAD) / block.lanes
        x = self.x_of(column_index) + PAD + block.lane * lane_w
        y0 = self.y_of(column, block.appt.start)
        y1 = self.y_of(column, block.band_end if band else block.appt.end)
        return Rect(x, y0, lane_w - (PAD if block.lanes > 1 else 0), max(4.0, y1 - y0))

    def hit(self, x: float, y: float) -> Hit | None:
        column = self.column_at(x)
        if column is None or y < 0 or y > self.height:
            return None
        for block in reversed(self.plan.columns[column].blocks):  # topmost drawn last
            r = self.block_rect(column, block)
            if r.contains(x, y):
                return Hit(column, block, resize=(r.y + r.h - y) <= EDGE)
        return Hit(column)
