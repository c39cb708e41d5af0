"""A first appointment-book window: one day's appointments in a table, day by day.

The full resource day view comes in the next piece of work; this window already goes through
the same services as the command line and reads the book with short sessions.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk import paths
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.services import schedule
from frontdesk.services.catalog import load_catalog

COLUMNS = ("Time", "Client", "Service", "Therapist", "Room", "Status")


class DayModel(QAbstractTableModel):
    """Rows of one day's appointments (plain immutable views, not ORM objects)."""

    def __init__(self, tz, parent=None):
        super().__init__(parent)
        self.tz = tz
        self.rows: list[schedule.AppointmentView] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        a = self.rows[index.row()]
        start, end = clock.to_local(a.start, self.tz), clock.to_local(a.end, self.tz)
        values = (f"{start:%H:%M}-{end:%H:%M}", a.client, a.service, a.therapist, a.room,
                  a.status.label)
        return values[index.column()]


class MainWindow(QMainWindow):
    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        with db.read() as session:
            self.catalog = load_catalog(session)
        self.tz = self.catalog.clinic.tz
        self.day = clock.to_local(clock.utcnow(), self.tz).date()
        self.setWindowTitle(f"{self.catalog.clinic.name} — frontdesk")
        icon = paths.resource("icons/frontdesk.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        self.title = QLabel()
        self.title.setAccessibleName("Day shown")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        prev_btn, today_btn, next_btn = (QPushButton(t) for t in ("◀ Previous", "Today",
                                                                  "Next ▶"))
        prev_btn.clicked.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        next_btn.clicked.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        today_btn.clicked.connect(
            lambda: self.show_day(clock.to_local(clock.utcnow(), self.tz).date()))
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for b in (prev_btn, today_btn, next_btn):
            bar.addWidget(b)

        self.model = DayModel(self.tz, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Appointments of the day")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setCentralWidget(body)
        for text, keys, target in (
            ("Previous day", QKeySequence("Alt+Left"), prev_btn.click),
            ("Next day", QKeySequence("Alt+Right"), next_btn.click),
            ("Today", QKeySequence("Ctrl+T"), today_btn.click),
        ):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(target)
            self.addAction(action)
        self.resize(1100, 700)
        self.show_day(self.day)

    def show_day(self, day: date) -> None:
        self.day = day
        with self.db.read() as session:
            rows = schedule.days(session, day, 1, self.tz)
        self.model.set_rows(rows)
        n = len(rows)
        self.title.setText(f"{day:%A, %B} {day.day}, {day.year} — "
                           f"{n} appointment{'' if n == 1 else 's'}")
