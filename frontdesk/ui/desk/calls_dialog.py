"""Tomorrow's confirmation calls: a list to ring through, tick as people say yes, and print.

The list and the printed sheet both come from :mod:`frontdesk.services.calls`; a tick is not
stored here but handed to ``set_status`` (the window's way into the booking engine, so it
is checked, audited and can be undone), and the list is read again afterwards, so what is
shown is always what the book says, also when another desk changed it meanwhile.

The receptionist works from the keyboard with the phone in the other hand: Up/Down walk the
list and Space ticks the current call, whichever column is current.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPalette, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import Status
from frontdesk.services.calls import Call, as_html, calls_for
from frontdesk.ui.book.navigator import from_qdate, to_qdate
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets import theme
from frontdesk.ui.widgets.date_formats import DATE
from frontdesk.ui.widgets.forms import ERROR_STYLE, long_day

COLUMNS = ("Confirmed", "Time", "Client", "Phone", "Service", "Therapist", "Alert")
TICK, TIME, CLIENT, PHONE, SERVICE, THERAPIST, ALERT = range(len(COLUMNS))
ID_ROLE = Qt.ItemDataRole.UserRole
ALERT_DARK = "#ff8a80"  # the alert red, lightened where the list is dark


class CallsDialog(QDialog):
    """The day's confirmation calls (tomorrow unless ``day`` says otherwise).

    ``set_status(appointment_id, Status.CONFIRMED | Status.BOOKED)`` records a tick; it may
    raise :class:`FrontdeskError`, which is shown in the status line. ``calls`` holds the
    list as shown; :meth:`save_pdf` writes the printable sheet.
    """

    def __init__(self, door: Door, *, day: date | None = None,
                 set_status: Callable[[int, Status], object] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.tz, self.clinic_name = door, door.tz, door.catalog.clinic.name
        self.set_status = set_status or door.ops.set_status_by_id
        self.day = day or clock.to_local(door.now(), self.tz).date() + timedelta(days=1)
        self.calls: list[Call] = []
        self.setWindowTitle("Confirmation calls")
        self._build()
        self.reload()
        self.table.setFocus()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.prev_day = self._button("◀", "Previous day", "Alt+Left")
        self.date_edit = QDateEdit(to_qdate(self.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE)
        self.date_edit.setAccessibleName("Day to call about")
        self.next_day = self._button("▶", "Next day", "Alt+Right")
        self.prev_day.clicked.connect(lambda: self._step(-1))
        self.next_day.clicked.connect(lambda: self._step(1))
        self.date_edit.dateChanged.connect(lambda q: self.show_day(from_qdate(q)))
        self.heading = QLabel()
        self.heading.setAccessibleName("Day")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.prev_day)
        top.addWidget(self.date_edit)
        top.addWidget(self.next_day)

        self.table = QTreeWidget()
        self.table.setAccessibleName("Calls to make")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.header().setStretchLastSection(True)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemChanged.connect(self._ticked)
        self.table.installEventFilter(self)

        self.empty = QLabel()  # in the list's place on a day without calls
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("No calls")
        font = self.empty.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.empty.setFont(font)
        pal = self.empty.palette()
        pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText))
        self.empty.setPalette(pal)
        self.summary = QLabel()
        self.summary.setAccessibleName("Summary")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.status.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = self.buttons.addButton("&Print…",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = self.buttons.addButton("Save as &PDF…",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        for b in (self.print_button, self.pdf_button):
            b.setAutoDefault(False)  # Enter in the list must not print
        self.print_button.setAccessibleName("Print the call sheet")
        self.pdf_button.setAccessibleName("Save the call sheet as PDF")
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(860, 440)

    def _button(self, text: str, name: str, keys: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(f"{name} ({keys})")
        button.setShortcut(keys)
        button.setAutoDefault(False)
        button.setFixedWidth(button.sizeHint().height() + 8)
        return button

    # -- the list ---------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        """Call about ``day`` instead (the date box follows)."""
        if day != self.day:
            self.day = day
            self.date_edit.setDate(to_qdate(day))  # re-enters here with day unchanged
            self.reload()

    def _step(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=days))

    def reload(self) -> None:
        """Read the day's calls again and show them, keeping the current call current."""
        current = self.table.currentItem()
        keep = current.data(TICK, ID_ROLE) if current is not None else None
        self.calls = self.door.read(calls_for, self.day, self.tz)
        dark = theme.is_dark(self.table.palette())
        red = QBrush(QColor(ALERT_DARK) if dark else theme.ALERT)
        row_height = self.table.fontMetrics().height() + 10
        muted = self.table.palette().brush(QPalette.ColorRole.PlaceholderText)
        self.table.blockSignals(True)
        self.table.clear()
        for call in self.calls:
            item = QTreeWidgetItem([
                "", f"{clock.to_local(call.start, self.tz):%H:%M}", call.client,
                ", ".join(call.phones) or "no phone", call.service, call.therapist,
                call.alert])
            item.setData(TICK, ID_ROLE, call.appointment_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(TICK, Qt.CheckState.Checked if call.confirmed
                               else Qt.CheckState.Unchecked)
            item.setData(TICK, Qt.ItemDataRole.AccessibleTextRole,
                         "confirmed" if call.confirmed else "not confirmed")
            if not call.phones:
                item.setForeground(PHONE, muted)
            item.setForeground(ALERT, red)
            item.setToolTip(ALERT, call.alert)
            item.setSizeHint(TICK, QSize(0, row_height))  # room to read at a glance
            self.table.addTopLevelItem(item)
            if call.appointment_id == keep:
                self.table.setCurrentItem(item)
        self.table.blockSignals(False)
        if self.table.currentItem() is None and self.calls:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        for column in range(ALERT):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 14)
        self._show_summary()

    def _show_summary(self) -> None:
        self.heading.setText(f"Confirmation calls for {long_day(self.day)}")
        self.setWindowTitle(f"Confirmation calls — {self.day:%a} {self.day.day} "
                            f"{self.day:%b %Y}")
        if not self.calls:
            self.summary.setText(f"No calls to make for {long_day(self.day)}")
        else:
            done = sum(c.confirmed for c in self.calls)
            self.summary.setText(f"{len(self.calls)} to call, {done} confirmed")
        self.table.setAccessibleDescription(self.summary.text())
        for b in (self.print_button, self.pdf_button):
            b.setEnabled(bool(self.calls))
        self.table.setVisible(bool(self.calls))
        self.summary.setVisible(bool(self.calls))
        self.empty.setVisible(not self.calls)
        self.empty.setText(self.summary.text())

    # -- ticking ----------------------------------------------------------------------

    def toggle_current(self) -> None:
        """Tick or untick the current call (what Space does)."""
        item = self.table.currentItem()
        if item is not None:
            checked = item.checkState(TICK) == Qt.CheckState.Checked
            item.setCheckState(TICK, Qt.CheckState.Unchecked if checked
                               else Qt.CheckState.Checked)

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        """Hand the tick to the engine; the list is read again once Qt is done with the
        item (it must not be deleted inside its own change signal)."""
        if column != TICK:
            return
        status = (Status.CONFIRMED if item.checkState(TICK) == Qt.CheckState.Checked
                  else Status.BOOKED)
        self._say("")
        try:
            self.set_status(item.data(TICK, ID_ROLE), status)
        except FrontdeskError as error:
            self._say(str(error), error=True)
        QTimer.singleShot(0, self, self.reload)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Space and not event.modifiers()):
            self.toggle_current()
            return True
        return super().eventFilter(watched, event)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setVisible(bool(text))

    # -- printing ---------------------------------------------------------------------

    def document(self) -> QTextDocument:
        """The call sheet as the engine writes it, ready to print."""
        doc = QTextDocument(self)
        doc.setHtml(as_html(self.calls, self.day, self.tz, self.clinic_name))
        return doc

    def print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the call sheet")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
            self._say("Sent to the printer.")

    def save_pdf(self, path: str | Path) -> Path:
        """Write the call sheet to ``path`` as PDF; OSError when it could not be written."""
        path = Path(path)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setDocName(f"Calls {self.day}")
        self.document().print_(printer)
        if printer.printerState() == QPrinter.PrinterState.Error or not path.exists():
            raise OSError(f"could not write {path}")
        return path

    def _ask_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the call sheet as PDF", f"calls-{self.day}.pdf", "PDF files (*.pdf)")
        if not name:
            return
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        try:
            self._say(f"Saved {self.save_pdf(name)}")
        except OSError as error:
            self._say(str(error), error=True)
