"""Tools > Reports…: pick a report and a range, see it as a chart and a table, export it.

The figures are :mod:`frontdesk.services.reports`' (the same as ``frontdesk report``),
computed off the GUI thread through the door (``door.query``): the window stays live, a
busy bar runs while the database aggregates, and Cancel leaves the answer unread (the
query finishes on its worker and is dropped). Export writes CSV, PDF or PNG through
:mod:`frontdesk.export.report_file`, the command line's own writer. A manager's window
(``Action.REPORTS``): the service refuses anyone else, and the menu greys it for them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain import reports as rules
from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import reports
from frontdesk.ui.core.door import Door
from frontdesk.ui.reports import charts
from frontdesk.ui.widgets.forms import ERROR_STYLE

#: How the window names each report (the command line's names are the keys).
NAMES = {"utilisation": "Utilisation per therapist and room",
         "no-shows": "No-shows and late cancellations by week",
         "busiest-hours": "Busiest hours", "new-returning": "New and returning clients",
         "revenue": "Revenue and tips per therapist"}
CUSTOM = "Custom"
EXPORTS = {"csv": "CSV spreadsheet (*.csv)", "pdf": "PDF document (*.pdf)",
           "png": "PNG picture (*.png)"}


class ReportsWindow(QDialog):
    """``show_report()`` reads the report chosen; ``report`` is the last one shown and
    ``busy`` says whether one is being computed."""

    def __init__(self, door: Door, parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.report: reports.Report | None = None
        self._asked = 0  # the number of the query whose answer is awaited (0: none)
        self.setWindowTitle("Reports")
        self._build()
        self._preset_changed()
        self.resize(1200, 720)

    @property
    def busy(self) -> bool:
        return self._asked != 0

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.which = QComboBox()
        self.which.setAccessibleName("Report")
        for key, name in NAMES.items():
            self.which.addItem(name, key)
        self.which.currentIndexChanged.connect(self._which_changed)
        self.range_choice = QComboBox()
        self.range_choice.setAccessibleName("Range")
        self.range_choice.addItems([*rules.PRESETS, CUSTOM])
        self.range_choice.setCurrentText("This year")
        self.range_choice.currentIndexChanged.connect(self._preset_changed)
        self.first, self.last = QDateEdit(), QDateEdit()
        for edit, name in ((self.first, "From"), (self.last, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._dates_edited)
        self.period = QComboBox()
        self.period.setAccessibleName("By")
        self.period.addItem("by month", "month")
        self.period.addItem("by week", "week")
        self.show_button = QPushButton("&Show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_report)
        row = QHBoxLayout()
        for text, widget in (("&Report:", self.which), ("R&ange:", self.range_choice),
                             ("&From:", self.first), ("&To:", self.last)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addWidget(self.period)
        row.addWidget(self.show_button)
        row.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the database does not say how far it is
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        status = QHBoxLayout()
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)
        status.addWidget(self.message, 1)

        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumWidth(300)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart_view)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([720, 440])  # the chart first: it is what the owner came for
        self.split = split

        self.export_buttons = {}
        exports = QHBoxLayout()
        exports.addStretch(1)
        for fmt in EXPORTS:
            button = QPushButton(f"Export {fmt.upper()}…")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, f=fmt: self.choose_export(f))
            exports.addWidget(button)
            self.export_buttons[fmt] = button
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        exports.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(status)
        layout.addWidget(split, 1)
        layout.addLayout(exports)
        self._which_changed()
        self._idle()

    # -- choosing ---------------------------------------------------------------------

    def today(self):
        return clock.to_local(self.door.now(), self.door.tz).date()

    def _which_changed(self) -> None:
        self.period.setVisible(self.which.currentData() == "new-returning")

    def _preset_changed(self) -> None:
        name = self.range_choice.currentText()
        if name == CUSTOM:
            return
        r = rules.preset(name, self.today())
        for edit, day in ((self.first, r.first), (self.last, r.last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        self.range_choice.blockSignals(True)
        self.range_choice.setCurrentText(CUSTOM)
        self.range_choice.blockSignals(False)

    def choose(self, name: str, first=None, last=None, *, preset: str | None = None,
               period: str = "month") -> None:
        """Choose report ``name`` (the command line's), and a preset or a custom range."""
        self.which.setCurrentIndex(self.which.findData(name))
        self.period.setCurrentIndex(self.period.findData(period))
        if preset is not None:
            self.range_choice.setCurrentText(preset)
        if first is not None and last is not None:
            self.first.setDate(QDate(first.year, first.month, first.day))
            self.last.setDate(QDate(last.year, last.month, last.day))

    def range(self) -> rules.Range:
        return rules.Range(self.first.date().toPython(), self.last.date().toPython())

    # -- reading ----------------------------------------------------------------------

    def show_report(self) -> None:
        """Compute the report chosen off the GUI thread; the chart and table follow."""
        try:
            r = self.range()
        except FrontdeskError as error:
            self._say(str(error), error=True)
            return
        name, period = self.which.currentData(), self.period.currentData()
        self._asked = self.door.query(reports.run, name, r, period=period,
                                      done=self._arrived, failed=self._failed, key="report")
        self.progress.show()
        self.cancel_button.show()
        self.show_button.setEnabled(False)
        self._say(f"Computing {NAMES[name].lower()}, {r.first} to {r.last}…")

    def cancel(self) -> None:
        """Stop waiting: the answer, when it comes, is left unread."""
        if self.busy:
            self._asked = 0
            self._idle()
            self._say("Cancelled; nothing changed.")

    def _arrived(self, report: reports.Report) -> None:
        if not self.busy:
            return
        self._asked = 0
        self.report = report
        self._idle()
        self._fill(report)
        self._say(f"{report.title}, {report.first} to {report.last}: "
                  f"{len(report.cells):,} row{'s' * (len(report.cells) != 1)}.")

    def _failed(self, error: Exception) -> None:
        if not self.busy:
            return
        self._asked = 0
        self._idle()
        self._say(_sentence(str(error)), error=True)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.show_button.setEnabled(True)
        for button in self.export_buttons.values():
            button.setEnabled(self.report is not None)

    def _fill(self, report: reports.Report) -> None:
        old = self.chart_view.chart()
        self.chart_view.setChart(charts.build(report))
        if old is not None:
            old.deleteLater()
        self.model.clear()
        self.model.setHorizontalHeaderLabels([report.heading(c) for c in report.columns])
        for row in report.cells:
            items = []
            for column, value in zip(report.columns, row, strict=True):
                item = QStandardItem(report.text(column, value))
                if not isinstance(value, str):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            self.model.appendRow(items)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # -- exporting --------------------------------------------------------------------

    def choose_export(self, fmt: str) -> None:
        if self.report is None:
            return
        suggested = f"{self.report.name}-{self.report.first}-{self.report.last}.{fmt}"
        name, _ = QFileDialog.getSaveFileName(self, "Export the report", suggested,
                                              EXPORTS[fmt])
        if name:
            self.export(fmt, Path(name if name.lower().endswith(f".{fmt}")
                                  else f"{name}.{fmt}"))

    def export(self, fmt: str, path: Path) -> bool:
        """Write the report shown as ``fmt`` to ``path``; says how it went."""
        if self.report is None:
            return False
        from frontdesk.export import report_file  # the painter loads only when asked

        try:
            report_file.write(self.report, fmt, path, country=self.door.catalog.clinic.country)
        except (FrontdeskError, OSError) as error:
            self._say(_sentence(str(error)), error=True)
            return False
        self._say(f"Wrote {path.name}.")
        return True


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
