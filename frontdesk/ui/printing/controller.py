"""The schedule leaving the book: File > Print… (Ctrl+P), Export… (Ctrl+Shift+E) and the
therapists' calendars published to a folder.

What a printed or exported day holds
is the day sheet's (:mod:`frontdesk.services.daysheet`) and how it looks is the writers'
(:mod:`frontdesk.export`); this only asks, shows progress and says what happened. Printing
and exporting run on the GUI thread, because the printer and the modal progress dialog (which
lets Cancel through while each day is written) live there. Publishing happens unasked after
every change, so it runs in the background: the desk never waits for a shared folder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QPageSize
from PySide6.QtWidgets import QProgressDialog, QStatusBar, QToolButton, QWidget

from frontdesk import logs
from frontdesk.domain.errors import FrontdeskError
from frontdesk.export.base import Cancelled
from frontdesk.services import changes
from frontdesk.services.daysheet import Sheet, gather, paper_for
from frontdesk.ui.book.controller import BookController
from frontdesk.ui.core.door import Door
from frontdesk.ui.core.settings import DeskPreferences, WindowState
from frontdesk.ui.printing.export_dialog import ExportChoice, ExportDialog
from frontdesk.ui.printing.publish_dialog import PublishDialog
from frontdesk.ui.widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

#: A long export shows its progress dialog only if it would take longer than this.
PROGRESS_DELAY_MS = 500
#: Changes arriving this close together are published once.
PUBLISH_DELAY_MS = 2000
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


class PrintingController(QObject):
    """Needs the door, the book (what is shown), this desk's remembered ``state``, the
    window (parent of the dialogs) and its status bar; ``report`` shows a failure."""

    def __init__(self, door: Door, book: BookController, *, state: WindowState,
                 window: QWidget, status_bar: QStatusBar,
                 report: Callable[[str, FrontdeskError], None],
                 action: Callable[..., QAction]):
        super().__init__(window)
        self.door, self.book, self.state, self.window = door, book, state, window
        self.status_bar, self.report = status_bar, report
        self.desk_prefs = DeskPreferences(state)
        self.print_printer = self.print_dialog = self.export_dialog = None
        self.export_progress = self.publish_dialog = None
        a = action
        self.act_print = a("&Print…", self.print_schedule, "Ctrl+P")
        self.act_print.setProperty("help", "Print the day or week shown")
        self.act_export = a("&Export…", lambda: self.open_export(), "Ctrl+Shift+E")
        self.act_export.setProperty("help", "Export the schedule to a file")
        self.act_publish = a("P&ublish therapists' calendars…", lambda: self.open_publish())
        self.publish_timer = QTimer(self)
        self.publish_timer.setSingleShot(True)
        self.publish_timer.timeout.connect(self.publish_now)
        #: The therapists whose calendars the changes waiting to be published touched (None:
        #: every calendar, after a change to clients or the catalogue, or at start).
        self._publish_who: set[int] | None = None
        self._publishing = self._publish_again = False
        self._export_message = ""
        self._exported: Path | None = None
        self.open_exported = QToolButton()
        self.open_exported.setText("Open file")
        self.open_exported.setToolTip("Open the exported file")
        self.open_exported.setAutoRaise(True)
        self.open_exported.hide()
        self.open_exported.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._exported))))
        status_bar.addPermanentWidget(self.open_exported)
        status_bar.messageChanged.connect(
            lambda text: self.open_exported.setVisible(bool(text)
                                                       and text == self._export_message))
        door.watcher.changed.connect(self._publish_later)
        if self.desk_prefs.publish_folder:
            # Whatever other desks changed while this one was closed, once the window is up.
            self.publish_timer.start(PUBLISH_DELAY_MS)

    @property
    def catalog(self):
        return self.door.catalog

    def _say(self, text: str, msecs: int) -> None:
        self.status_bar.showMessage(text, msecs)

    def paper(self) -> str:
        """This desk's paper, else the one the clinic's country uses."""
        return self.desk_prefs.paper or paper_for(self.catalog.clinic.country)

    # -- printing -----------------------------------------------------------------------

    def print_schedule(self):
        """A print preview of what is shown; the printer's own dialog is one click away."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        first, days, filters = self.book.printed_range()
        try:
            sheet = self.door.read(gather, self.catalog, first, days, now=self.door.now(),
                                   **filters)
        except FrontdeskError as error:
            self.report("Not printed", error)
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(PAGE_SIZES[self.paper()]))
        printer.setDocName(f"{sheet.title} {first.isoformat()}")
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(f"Print — {sheet.title}, "
                              f"{first:%a %d %b %Y}{' (7 days)' if days == 7 else ''}")
        dialog.paintRequested.connect(lambda device: self._paint(sheet, device))
        dialog.accepted.connect(lambda: self._say("Sent to the printer.",
                                                                     6000))
        fit_to_screen(dialog, 1000, 780)  # as large as a 1366x768 screen allows
        self.print_printer, self.print_dialog = printer, dialog  # the dialog needs the printer
        dialog.open()
        return dialog

    def _paint(self, sheet: Sheet, device) -> None:
        from frontdesk.export import pdf

        try:
            pdf.paint(sheet, device, layout="auto")
        except FrontdeskError as error:
            self.report("Not printed", error)

    # -- exporting ----------------------------------------------------------------------

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.catalog, self.book.day, self.state, paper=self.paper(),
                              run=self.export, parent=self.window)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export(self, choice: ExportChoice) -> None:
        """Write ``choice``; errors go back to the dialog, a cancel only to the status bar."""
        from frontdesk.export import writer  # icalendar loads only for an export

        sheet = self.door.read(gather, self.catalog, choice.first, choice.days,
                               private=choice.private, layout=choice.fmt == "pdf",
                               now=self.door.now(), **choice.filters)
        box, step = self._progress(choice.days) if choice.days > 1 else (None, None)
        try:
            count = writer.write(sheet, choice.fmt, choice.path, paper=choice.paper,
                                 layout=choice.layout, progress=step)
        except Cancelled:
            self._say("Export cancelled; nothing was written.", 10000)
            return
        finally:
            if box is not None:
                box.close()
                box.deleteLater()
        if choice.fmt in ("pdf", "html"):
            self.desk_prefs.paper = choice.paper
        unit = "page" if choice.fmt == "pdf" else "appointment"
        self._exported = choice.path
        self._export_message = (f"Exported {count} {unit}{'s' * (count != 1)} "
                                f"to {choice.path}")
        self._say(self._export_message, 20000)

    def _progress(self, total: int):
        """A window-modal progress dialog and the writers' callback for it: Qt lets events
        (the Cancel button) through in ``setValue`` of a modal progress dialog."""
        box = QProgressDialog(f"Exporting day 1 of {total}…", "Cancel", 0, total,
                              self.export_dialog or self.window)
        box.setWindowTitle("Exporting")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(PROGRESS_DELAY_MS)
        box.setMinimumWidth(360)
        box.setAutoClose(False)
        box.setValue(0)
        self.export_progress = box

        def step(done: int, total: int) -> bool:
            box.setLabelText(f"Exporting day {min(done + 1, total)} of {total}…")
            box.setValue(done)
            return not box.wasCanceled()
        return box, step

    # -- publishing ---------------------------------------------------------------------

    def open_publish(self) -> PublishDialog:
        prefs = self.desk_prefs
        dialog = PublishDialog(prefs.publish_folder, prefs.publish_private, parent=self.window)
        dialog.accepted.connect(lambda: self.set_publishing(
            dialog.folder(), private=dialog.private.isChecked()))
        self.publish_dialog = dialog
        dialog.open()
        return dialog

    def set_publishing(self, folder: Path | None, *, private: bool = False) -> None:
        """Remember this desk's choice and, when on, publish at once."""
        self.desk_prefs.publish_folder = str(folder) if folder else ""
        self.desk_prefs.publish_private = private
        self.state.sync()
        if folder:
            self._publish_who = None  # a new folder or privacy: every calendar again
            self.publish_now()
        else:
            self.publish_timer.stop()
            self._say("Calendars are no longer published from this "
                                         "computer.", 8000)

    def _publish_later(self, found: changes.Changes) -> None:
        """Publish within a few seconds of a change: the first change of a burst starts the
        timer and later ones ride along, so a busy book still publishes regularly. Only the
        calendars of the therapists whose visits changed are made again."""
        if not self.desk_prefs.publish_folder or not found:
            return
        if found.client_ids or found.catalog or not found.therapist_ids:
            self._publish_who = None
        elif self._publish_who is not None:
            self._publish_who |= found.therapist_ids
        if not self.publish_timer.isActive():
            self.publish_timer.start(PUBLISH_DELAY_MS)

    def flush_publishing(self) -> None:
        """On closing: a change still waiting for the timer is published now."""
        if self.publish_timer.isActive():
            self.publish_timer.stop()
            self.publish_now()

    def publish_now(self) -> None:
        """Publish in the background; one run at a time (a change during a run means one
        more run after it)."""
        folder = self.desk_prefs.publish_folder
        if not folder:
            return
        if self._publishing:
            self._publish_again = True
            return
        folder, private = Path(folder), self.desk_prefs.publish_private
        from frontdesk.export.publish import publish  # icalendar loads only to publish

        who, self._publish_who = self._publish_who, set()  # later changes: the next run
        self._publishing = True
        self.door.call(publish, folder, self.door.now(), private=private, therapist_ids=who,
                       done=lambda done: self._published(folder, done),
                       failed=self._publish_failed)

    def _published(self, folder: Path, done: list) -> None:
        self._publishing = False
        written = sum(p.written for p in done)
        if written:
            self._say(
                f"Published {written} calendar{'s' * (written != 1)} to {folder}", 8000)
        self._publish_rest()

    def _publish_failed(self, error: Exception) -> None:
        self._publishing = False
        logs.failed(log, error, "publishing calendars failed", level=logging.WARNING)
        reason = (f"{error.strerror}: {error.filename}" if isinstance(error, OSError)
                  and error.strerror and error.filename else error)
        self._say(f"Could not publish calendars: {reason}", 15000)
        self._publish_rest()

    def _publish_rest(self) -> None:
        if self._publish_again:
            self._publish_again = False
            self.publish_timer.start(PUBLISH_DELAY_MS)
