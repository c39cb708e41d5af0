"""Therapists: name, the services they give, their weekly hours and breaks, and time off.

Hours and services are saved with the form; time off is added or removed at once (it is a
list of dated entries, not part of the form).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QAbstractListModel, QDateTime, QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import admin, setup_view
from frontdesk.ui.setup.week_table import WeekTable
from frontdesk.ui.setup.widgets import ListFormPage, hint
from frontdesk.ui.widgets.forms import FieldErrors


class TimeOffModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[setup_view.TimeOffRow] = []
        self.tz = None

    def set_rows(self, rows, tz) -> None:
        self.beginResetModel()
        self.rows, self.tz = list(rows), tz
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        off = self.rows[index.row()]
        start, end = clock.to_local(off.start, self.tz), clock.to_local(off.end, self.tz)
        text = f"{start:%a %Y-%m-%d %H:%M} → {end:%a %Y-%m-%d %H:%M}"
        return f"{text}\n{off.reason}" if off.reason else text


def _when(name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    return edit


def _naive(edit: QDateTimeEdit) -> datetime:
    d, t = edit.date(), edit.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class TherapistsPage(ListFormPage):
    def __init__(self, ops, parent=None):
        super().__init__("therapist", "therapists", parent)
        self.ops = ops  # changes go through the window's operations
        self.name = QLineEdit()
        self.name.setAccessibleName("Therapist name")
        self.name.setMaximumWidth(460)
        self.name.setPlaceholderText("e.g. Maya Thompson")
        self.errors.add_row(self.form, "name", "Name:", self.name)
        self.active = QCheckBox("Active — takes bookings")
        self.active.setAccessibleName("Therapist active")
        self.form.addRow("", self.active)
        self.service_box = QWidget()
        self.service_grid = QGridLayout(self.service_box)
        self.service_grid.setContentsMargins(0, 0, 0, 0)
        self.services: dict[int, QCheckBox] = {}
        self.errors.add_row(self.form, "services", "Gives:", self.service_box)
        self.week = WeekTable("Works", with_breaks=True)
        label = self.errors.add_row(self.form, "hours", "Weekly hours:", self.week)
        self.errors.register("breaks", self.week, label)
        self.form.addRow("", hint("Until 00:00 means until midnight. A break must lie inside "
                                  "the hours worked that day."))
        self.columns.addSpacing(16)
        self.off_box = self._time_off_box()
        self.columns.addWidget(self.off_box, 2)

    def _time_off_box(self) -> QGroupBox:
        box = QGroupBox("Time off")
        layout = QVBoxLayout(box)
        layout.addWidget(hint("Holidays, courses, sick days. Added and removed at once.",
                             wrap=True))
        self.off_model = TimeOffModel(self)
        self.off_list = QListView()
        self.off_list.setModel(self.off_model)
        self.off_list.setAccessibleName("Time off")
        self.off_list.setMinimumHeight(120)
        layout.addWidget(self.off_list, 1)
        self.remove_off = QPushButton("Remove selected")
        self.remove_off.clicked.connect(self.remove_time_off)
        layout.addLayout(_right(self.remove_off))
        form = QFormLayout()
        self.off_errors = FieldErrors()
        self.off_start, self.off_end = _when("Time off from"), _when("Time off until")
        self.off_errors.add_row(form, "start", "From:", self.off_start)
        self.off_errors.add_row(form, "end", "Until:", self.off_end)
        self.off_reason = QLineEdit()
        self.off_reason.setAccessibleName("Time off reason")
        self.off_reason.setPlaceholderText("e.g. Vacation")
        self.off_errors.add_row(form, "reason", "Reason:", self.off_reason)
        layout.addLayout(form)
        layout.addWidget(self.off_errors.general)
        self.add_off = QPushButton("Add time off")
        self.add_off.clicked.connect(self.add_time_off)
        layout.addLayout(_right(self.add_off))
        return box

    def rows(self, data):
        return data.therapists

    def key(self, row):
        return replace(row, time_off=()) if row is not None else None

    def set_data(self, data) -> None:
        checked = {sid for sid, box in self.services.items() if box.isChecked()}
        for box in self.services.values():
            self.service_grid.removeWidget(box)
            box.setParent(None)
            box.deleteLater()
        self.services = {}
        for i, service in enumerate(data.services):
            box = QCheckBox(service.name if service.active else f"{service.name} (inactive)")
            box.setAccessibleName(f"Gives {service.name}")
            box.setChecked(service.id in checked)
            self.service_grid.addWidget(box, i // 2, i % 2)
            self.services[service.id] = box
        super().set_data(data)
        row = self.current_row()
        self.off_model.set_rows(row.time_off if row else (), data.tz)
        for widget in (self.off_list, self.remove_off, self.add_off):
            widget.setEnabled(row is not None)

    def fill(self, row) -> None:
        self.name.setText(row.name if row else "")
        self.active.setChecked(row.active if row else True)
        for sid, box in self.services.items():
            box.setChecked(bool(row) and sid in row.service_ids)
        self.week.set_week(row.work if row else (), row.breaks if row else ())
        self.off_errors.clear()
        if self.data is not None:
            tomorrow = clock.to_local(clock.utcnow(), self.data.tz).date() + timedelta(days=1)
            start = QDateTime(tomorrow, datetime.min.time())
            self.off_start.setDateTime(start)
            self.off_end.setDateTime(start.addDays(1))
            self.off_model.set_rows(row.time_off if row else (), self.data.tz)
        for widget in (self.off_list, self.remove_off, self.add_off):
            widget.setEnabled(row is not None)

    def submit(self, row_id):
        fields = {"name": self.name.text(), "active": self.active.isChecked(),
                  "service_ids": [sid for sid, box in self.services.items() if box.isChecked()],
                  "work": self.week.week(), "breaks": self.week.breaks()}
        if row_id is None:
            return self.ops.configure(admin.add_therapist, fields.pop("name"), **fields)
        self.ops.configure(admin.update_therapist, row_id, **fields)
        return row_id

    def enter(self) -> None:
        """Enter adds time off when typing there, and saves the therapist otherwise."""
        focus = QApplication.focusWidget()
        if focus is not None and self.off_box.isAncestorOf(focus):
            self.add_time_off()
        else:
            self.save()

    def add_time_off(self) -> None:
        self.off_errors.clear()
        try:
            self.ops.configure(admin.add_time_off, self.current_id, _naive(self.off_start),
                               _naive(self.off_end), self.off_reason.text())
        except FrontdeskError as error:
            self.off_errors.show_error(error)
            return
        self.off_reason.clear()
        self.saved.emit()

    def remove_time_off(self) -> None:
        index = self.off_list.currentIndex()
        if not index.isValid():
            self.off_errors.show(None, "Choose the time off to remove in the list first.")
            return
        try:
            self.ops.configure(admin.remove_time_off, self.off_model.rows[index.row()].id)
        except FrontdeskError as error:
            self.off_errors.show_error(error)
            return
        self.saved.emit()


def _right(button: QPushButton) -> QHBoxLayout:
    """A row with ``button`` at its right end."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    return row
