"""The weekly table of opening or working hours: one row per weekday, with an optional break.

Kept to one span (and one break) a day, which is what almost every clinic has; a day stored
with more keeps the others unchanged rather than losing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QPushButton, QTimeEdit, QWidget

from frontdesk.domain.hours import WEEKDAYS, WeeklySpan


def to_qtime(t: time) -> QTime:
    return QTime(t.hour, t.minute)


def from_qtime(q: QTime) -> time:
    return time(q.hour(), q.minute())



class WeekTable(QWidget):
    """Seven weekday rows, each "works/open" with from-until, and optionally one break.

    A day with more than one span keeps the others unchanged (they are not shown); admin
    checks overlaps and that each break lies inside the hours.
    """

    def __init__(self, on_label: str, with_breaks: bool, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        titles = ["", on_label, "From", "Until"] + (["Break", "From", "Until"] * with_breaks)
        for col, text in enumerate(titles):
            label = QLabel(f"<b>{text}</b>")
            grid.addWidget(label, 0, col)
        self.days: list[list] = []
        for d, day in enumerate(WEEKDAYS):
            cells = [QCheckBox(), self._time(f"{day} from"), self._time(f"{day} until")]
            cells[0].setAccessibleName(f"{day} {on_label.lower()}")
            if with_breaks:
                cells += [QCheckBox(), self._time(f"{day} break from"),
                          self._time(f"{day} break until")]
                cells[3].setAccessibleName(f"{day} break")
            grid.addWidget(QLabel(day), d + 1, 0)
            for col, cell in enumerate(cells, start=1):
                grid.addWidget(cell, d + 1, col)
            for box in cells[::3]:
                box.toggled.connect(lambda _on, c=cells: self._enable(c))
            self.days.append(cells)
        self.copy_button = QPushButton("Copy Monday's times to the other days")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_monday)
        grid.addWidget(self.copy_button, 8, 1, 1, len(titles),
                       Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(len(titles), 1)
        self._extra: tuple[list[WeeklySpan], list[WeeklySpan]] = ([], [])

    @staticmethod
    def _time(name: str) -> QTimeEdit:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        edit.setAccessibleName(name)
        edit.setMinimumWidth(76)
        return edit

    @staticmethod
    def _enable(cells: list) -> None:
        works = cells[0].isChecked()
        for cell in cells[1:3]:
            cell.setEnabled(works)
        if len(cells) > 3:
            cells[3].setEnabled(works)
            for cell in cells[4:]:
                cell.setEnabled(works and cells[3].isChecked())

    def copy_monday(self) -> None:
        """Most clinics keep the same hours most days: type Monday's once, copy them."""
        first = self.days[0]
        for cells in self.days[1:]:
            if len(cells) > 3:
                cells[3].setChecked(first[3].isChecked())
            for i in range(1, len(cells)):
                if i != 3:
                    cells[i].setTime(first[i].time())

    def set_week(self, work: Iterable[WeeklySpan], breaks: Iterable[WeeklySpan] = ()) -> None:
        self._extra = ([], [])
        for offset, spans, default in ((0, work, (time(9), time(17))),
                                       (3, breaks, (time(12), time(12, 30)))):
            seen: set[int] = set()
            for cells in self.days:
                if len(cells) > offset:
                    cells[offset].setChecked(False)
                    cells[offset + 1].setTime(to_qtime(default[0]))
                    cells[offset + 2].setTime(to_qtime(default[1]))
            for w in spans:
                cells = self.days[w.weekday]
                if w.weekday in seen or len(cells) <= offset:
                    self._extra[offset // 3].append(w)
                    continue
                seen.add(w.weekday)
                cells[offset].setChecked(True)
                cells[offset + 1].setTime(to_qtime(w.start))
                cells[offset + 2].setTime(to_qtime(w.end))
        for cells in self.days:
            self._enable(cells)

    def _spans(self, offset: int) -> list[tuple[int, time, time]]:
        out = [(d, from_qtime(c[offset + 1].time()), from_qtime(c[offset + 2].time()))
               for d, c in enumerate(self.days)
               if len(c) > offset and c[offset].isChecked() and c[0].isChecked()]
        return out + [(w.weekday, w.start, w.end) for w in self._extra[offset // 3]]

    def week(self) -> list[tuple[int, time, time]]:
        return self._spans(0)

    def breaks(self) -> list[tuple[int, time, time]]:
        return self._spans(3)
