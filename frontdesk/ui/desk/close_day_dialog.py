"""File > Close the day…: the end-of-day sheet on screen, the close, and the sheet on paper.

The desk opens it before locking up: it shows today's sheet as it stands (read off the GUI
thread), any other day by its date, and whether and when that day was closed. **Close the
day** records the close (:func:`frontdesk.services.day_close.close`; nothing in the ledger
changes, so there is nothing to undo: a later correction is a new entry the sheet shows after
the close). **Print…** and **Save PDF…** lay out the very HTML shown here; **Save CSV…**
writes the same figures as a flat table (:mod:`frontdesk.export.close_sheet`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.export import close_sheet
from frontdesk.services import day_close
from frontdesk.services.day_close import CloseSheet
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.date_formats import DATE
from frontdesk.ui.widgets.forms import ERROR_STYLE


class CloseDayDialog(QDialog):
    """The sheet of one day (today at first) and what may be done with it."""

    def __init__(self, door: Door, parent: QWidget | None = None, *,
                 paper: str = "A4"):
        super().__init__(parent)
        self.door, self.paper = door, paper
        self.sheet: CloseSheet | None = None
        self.setWindowTitle("Close the day")
        tz = door.catalog.clinic.tz
        today = clock.to_local(door.now(), tz).date()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE)
        self.day.setMaximumDate(self.day.date())
        self.day.setAccessibleName("Day")
        self.day.dateChanged.connect(lambda _d: self.reload())
        label = QLabel("&Day:")
        label.setBuddy(self.day)
        self.state = QLabel()
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.day)
        top.addSpacing(16)
        top.addWidget(self.state, 1)
        self.view = QTextBrowser()
        self.view.setAccessibleName("End-of-day sheet")
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        # The sheet's papers on the left; on the right what ends the day: closing it, and
        # "Done" (not "Close": beside "Close the day" that reads as one more way to close it).
        buttons = QHBoxLayout()
        self.print_button = self._button(buttons, "&Print…", self.print_sheet)
        self.pdf_button = self._button(buttons, "Save PD&F…", lambda: self.save("pdf"))
        self.csv_button = self._button(buttons, "Save &CSV…", lambda: self.save("csv"))
        buttons.addStretch(1)
        self.close_button = self._button(buttons, "Close &the day", self.close_day)
        self.done_button = self._button(buttons, "Done", self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(760, 640)
        self.reload()

    def _button(self, row: QHBoxLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def chosen_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def reload(self) -> None:
        """Read the chosen day's sheet off the GUI thread."""
        self._busy(True)
        self.door.query(day_close.gather, self.chosen_day(), done=self.show_sheet,
                        failed=self.failed, key="close-day")

    def show_sheet(self, sheet: CloseSheet) -> None:
        self.sheet = sheet
        self.view.setHtml(close_sheet.html(sheet))
        self.state.setText(close_sheet.state(sheet))
        self.error.hide()
        self._busy(False)

    def close_day(self) -> None:
        self._busy(True)
        self.door.call(day_close.close, self.chosen_day(), actor=self.door.actor,
                       now=self.door.now, done=self._closed, failed=self.failed)

    def _closed(self, result: tuple[CloseSheet, bool]) -> None:
        sheet, wrote = result
        self.show_sheet(sheet)
        if not wrote:
            self.state.setText(close_sheet.state(sheet) + " — nothing written since")

    def failed(self, error: Exception) -> None:
        self._busy(False)
        self.error.setText(str(error) if isinstance(error, FrontdeskError)
                           else "The sheet could not be read; see the log.")
        self.error.show()

    def _busy(self, busy: bool) -> None:
        for button in (self.close_button, self.print_button, self.pdf_button,
                       self.csv_button):
            button.setEnabled(not busy and (button is self.close_button
                                            or self.sheet is not None))

    def save(self, fmt: str, path: str | None = None) -> str | None:
        """Write the sheet shown as ``fmt`` to a file chosen in a file dialog (or ``path``)."""
        if self.sheet is None:
            return None
        if path is None:
            name = f"close-{self.sheet.day.isoformat()}.{fmt}"
            path, _ = QFileDialog.getSaveFileName(
                self, f"Save the end-of-day sheet as {fmt.upper()}", name,
                "PDF document (*.pdf)" if fmt == "pdf" else "CSV spreadsheet (*.csv)")
            if not path:
                return None
        try:
            close_sheet.write(self.sheet, fmt, path, paper=self.paper)
        except (FrontdeskError, OSError) as error:
            self.failed(error if isinstance(error, FrontdeskError)
                        else FrontdeskError(f"{error.strerror or error}: {path}"))
            return None
        self.state.setText(f"{close_sheet.state(self.sheet)} — saved {path}")
        return path

    def print_sheet(self) -> QDialog | None:
        """A print preview of the sheet; the printer's own dialog is one click away."""
        from frontdesk.export import pdf_document
        from frontdesk.ui.printing.document_print import preview

        if self.sheet is None:
            return None
        sheet = self.sheet
        title = close_sheet.title(sheet)
        return preview(title, lambda device: pdf_document.paint(close_sheet.html(sheet),
                                                                 title, device),
                       self, (900, 700))
