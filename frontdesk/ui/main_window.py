"""The appointment book window: the day view in the middle, the month on the left.

The window is the composition root: it lays out the widgets, makes the menus and the
toolbar, and hands each part its explicit inputs. What it shows is the book controller's
(:mod:`frontdesk.ui.book.controller`), changes are the editing controller's, the desk's fast
paths the desk controller's, and printing and exports the printing controller's. All of them
reach the data through one :class:`~frontdesk.ui.core.door.Door`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, Qt, QTime, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import Status
from frontdesk.services import changes
from frontdesk.services.dayplan import Mode
from frontdesk.ui import tools_menu
from frontdesk.ui.book.controller import BookController
from frontdesk.ui.book.day_view import DayView
from frontdesk.ui.book.details import DetailsPanel
from frontdesk.ui.book.navigator import MonthNavigator
from frontdesk.ui.checkout.controller import CheckoutController
from frontdesk.ui.core.backup_keeper import BackupKeeper
from frontdesk.ui.core.door import Door
from frontdesk.ui.core.settings import WindowState
from frontdesk.ui.desk import web_menu
from frontdesk.ui.desk.controller import DeskController
from frontdesk.ui.editing.controller import EditingController
from frontdesk.ui.printing.controller import PrintingController
from frontdesk.ui.signin.at_desk import SignedIn
from frontdesk.ui.signin.lock import IDLE_MINUTES
from frontdesk.ui.widgets import theme
from frontdesk.ui.widgets.dialogs import GoToDateDialog
from frontdesk.ui.widgets.screen_fit import ScreenFit, fit_to_screen
from frontdesk.ui.window_bars import add_tooltips, build_menus, build_toolbar

log = logging.getLogger(__name__)

#: Status actions: (status, menu text, key).
STATUS_KEYS = (
    (Status.CONFIRMED, "&Confirm", "C"), (Status.ARRIVED, "&Arrived", "A"),
    (Status.IN_SESSION, "&In session", "I"), (Status.COMPLETED, "Complete&d", "D"),
    (Status.NO_SHOW, "&No-show", "N"),
)
#: The toolbars' layout; a layout saved by an older one (a single toolbar) is not restored.
LAYOUT_VERSION = 1
#: The status bar's word while the server cannot be reached.
AWAY_TEXT = "Server unreachable — showing the book as last read; changes wait until it is back"


class MainWindow(QMainWindow):
    def __init__(self, door: Door, lock_minutes: float = IDLE_MINUTES):
        super().__init__()
        self.door = door
        door.setParent(self)  # its tasks and watcher end with the window
        self.state = WindowState()
        self.clients_window = None
        self.setup_dialog = self.shortcuts_dialog = self.audit_dialog = None
        self.backups_dialog = self.import_dialog = self.close_day_dialog = None
        self.certificates_dialog = None
        self.reports_window = None
        self.setWindowTitle(f"{door.catalog.clinic.name} — frontdesk")
        self.setWindowIcon(theme.app_icon())
        self.screen_fit = ScreenFit(self)  # every dialog it opens fits the screen
        self.screen_fit.watch(self)
        self.day_view = DayView()
        self.day_view.now = door.now
        self.stack = QStackedWidget()
        self.stack.addWidget(self.day_view)
        self.setCentralWidget(self.stack)
        self.navigator, self.details = MonthNavigator(), DetailsPanel(door.tz)
        self._build_side()
        self.title, self.target = self._title_label(), QComboBox()
        self.book = BookController(door, day_view=self.day_view, navigator=self.navigator,
                                   details=self.details, title=self.title, target=self.target,
                                   stack=self.stack, state=self.state, parent=self)
        self.editing = EditingController(door, self.book, window=self, say=self.say,
                                         report=self.report, action=self._action,
                                         status_keys=STATUS_KEYS)
        self.desk = DeskController(door, self.book, self.editing, window=self,
                                   open_clients=self.open_clients, say=self.say,
                                   report=self.report, action=self._action)
        self.printing = PrintingController(door, self.book, state=self.state, window=self,
                                           status_bar=self.statusBar(), report=self.report,
                                           action=self._action)
        self.checkout = CheckoutController(door, self.book, window=self, say=self.say,
                                           action=self._action)
        self._build_actions()
        build_toolbar(self)
        build_menus(self)
        add_tooltips(self)
        self.book.on_view = self._view_shown
        self.navigator.leave.connect(lambda: self.day_view.setFocus(
            Qt.FocusReason.ShortcutFocusReason))
        self.book.mode_changed.connect(self._mode_changed)
        door.ops.failed.connect(self.report)
        door.ops.changed.connect(self._client_changed)
        door.watcher.changed.connect(self._external)
        door.catalog_changed.connect(self._catalog_changed)
        self.away = self._away_label()
        door.reachability_changed.connect(self._reachability,
                                          Qt.ConnectionType.QueuedConnection)
        self.statusBar().showMessage("Ready")
        if door.read_only:  # said for as long as it is open
            self.statusBar().showMessage("This book is read-only (its file is marked so): "
                                         "it can be read, not changed")
        door.watcher.start()
        self.backups = BackupKeeper(door, self)
        self.backups.made.connect(self.say)
        self.backups.start()
        self._restore()
        self.book.show_day(self.book.day)
        self._scrolled = False
        self.signed_in = SignedIn(self, lock_minutes)
        self.who, self.idle_lock = self.signed_in.who, self.signed_in.lock

    def showEvent(self, event) -> None:
        """Today opens scrolled to the current time, once the view has its real size."""
        super().showEvent(event)
        if not self._scrolled:
            self._scrolled = True
            QTimer.singleShot(0, self.book.scroll_to_now)

    def say(self, text: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(text, msecs)

    # -- building -----------------------------------------------------------------------

    def _build_side(self) -> None:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.navigator)
        layout.addWidget(self.details, 1)
        dock = QDockWidget("Calendar", self)
        dock.setObjectName("calendar-dock")
        dock.setWidget(side)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.side_dock = dock

    def _title_label(self) -> QLabel:
        title = QLabel()
        title.setAccessibleName("Day shown")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        title.setContentsMargins(12, 0, 12, 0)
        return title

    def _away_label(self) -> QLabel:
        """Shown for as long as the server cannot be reached (a permanent widget: no other
        message in the status bar hides it)."""
        label = QLabel(AWAY_TEXT)
        label.setAccessibleName("Server unreachable")
        label.setStyleSheet("QLabel { color: white; background: #b3261e; padding: 1px 8px;"
                            " font-weight: bold; }")
        label.setVisible(False)
        self.statusBar().addPermanentWidget(label)
        return label

    def _action(self, text: str, slot, keys=None, *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if keys:
            shortcuts = keys if isinstance(keys, (list, tuple)) else [keys]
            action.setShortcuts([QKeySequence(k) for k in shortcuts])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a, book = self._action, self.book
        self.act_prev = a("&Previous day", lambda: book.step(-1), ["Alt+Left", "Ctrl+PgUp"])
        self.act_next = a("&Next day", lambda: book.step(1), ["Alt+Right", "Ctrl+PgDown"])
        self.act_today = a("&Today", book.go_today, "Ctrl+T")
        self.act_goto = a("&Go to date…", self.go_to_date, "Ctrl+G")
        self.act_month = a("&Month calendar", self.focus_month, "Ctrl+M")
        self.act_rooms = a("&Rooms instead of therapists",
                           lambda on: book.set_mode(Mode.ROOMS if on else Mode.THERAPISTS),
                           "Ctrl+R", checkable=True)
        self.act_cancelled = a("Show &cancelled", book.set_show_cancelled, "Ctrl+Shift+H",
                               checkable=True)
        self.view_group = QActionGroup(self)
        self.view_actions = {}
        for n, (kind, text) in enumerate((("day", "&Day"), ("week", "&Week"),
                                          ("agenda", "&Agenda"))):
            act = a(text, lambda on, k=kind: on and k != book.view_kind and book.set_view(k),
                    f"Ctrl+{n + 1}", checkable=True)
            self.view_group.addAction(act)
            self.view_actions[kind] = act
        stack = self.door.ops.stack
        stack.indexChanged.connect(self._stack_moved)
        self._stack_index = 0
        self._stack_failed = False
        self.act_undo = stack.createUndoAction(self, "&Undo")
        self.act_undo.setProperty("help", "Undo the last change")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = stack.createRedoAction(self, "&Redo")
        self.act_redo.setProperty("help", "Redo what was undone")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.act_undo, self.act_redo])
        self.act_client = a("Open clien&t", self.open_selected_client, "Ctrl+O")
        self.act_clients = a("&Clients…", lambda: self.open_clients(), "Ctrl+F")
        self.act_setup = a("&Set up clinic…", self.open_setup, "Ctrl+,")
        self.act_connection = a("C&onnection…", self.open_connection)
        self.act_refresh = a("Re&fresh", self.refresh, "F5")
        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.act_audit = a("&Audit trail…", self.open_audit)
        self.act_backups = a("&Backups…", lambda: tools_menu.open_backups(self))
        self.act_reports = a("&Reports…", lambda: tools_menu.open_reports(self))
        self.act_import_latepoint, self.act_web_waiting = web_menu.actions(self, a)
        self.act_import_clients = a("Import c&lients…", lambda: tools_menu.import_clients(self))
        self.act_close_day = a("Close the &day…", lambda: tools_menu.close_day(self))
        self.act_certificates = a("&Gift certificates…", lambda: tools_menu.certificates(self))
        self.act_lock = a("&Lock", lambda: self.idle_lock and self.idle_lock.lock(), "Ctrl+L")
        self.act_quit = a("&Quit", self.close, "Ctrl+Q")
        self.editing.context_extras = (self.act_client, self.checkout.act_checkout)
        self.editing.fee_for = self.checkout.ask_fee

    # -- state --------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.state.blob("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1280, 740)
        window_state = self.state.blob("window_state")
        if window_state is not None:
            self.restoreState(window_state, LAYOUT_VERSION)
        for action, on in ((self.act_rooms, self.book.mode == Mode.ROOMS),
                           (self.act_cancelled, self.book.show_cancelled)):
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)
        # Not with signals blocked: the exclusive group must see which view is checked.
        self.view_actions[self.book.view_kind].setChecked(True)
        self.book.fill_targets(self.state.text("target", ""))

    def closeEvent(self, event) -> None:
        if self.idle_lock is not None:
            self.idle_lock.stop()
        self.door.watcher.stop()
        self.backups.stop()
        self.state.set("geometry", self.saveGeometry())
        self.state.set("window_state", self.saveState(LAYOUT_VERSION))
        self.state.set("mode", self.book.mode.value)
        self.state.set("view", self.book.view_kind)
        self.state.set("show_cancelled", self.book.show_cancelled)
        self.state.set("target", self.target.currentData() or "")
        self.state.sync()
        self.printing.flush_publishing()
        self.door.wait(5000)
        super().closeEvent(event)

    def _view_shown(self) -> None:
        kind = self.book.view_kind
        self.target_action.setVisible(kind != "day")
        if not self.view_actions[kind].isChecked():
            self.view_actions[kind].setChecked(True)

    def _mode_changed(self, mode: Mode) -> None:
        self.act_rooms.blockSignals(True)
        self.act_rooms.setChecked(mode == Mode.ROOMS)
        self.act_rooms.blockSignals(False)

    def focus_month(self) -> None:
        """Ctrl+M: the keys go to the month calendar, ringed; the book follows each day."""
        self.navigator.days.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.say("Month calendar: the arrow keys choose the day; Enter or Esc goes back to "
                 "the book", 8000)

    def refresh(self) -> None:
        """F5: read the shown range again, and say so (a refresh that looks like nothing
        happened is pressed again and again)."""
        if not self.book.reload():
            self.say("The server cannot be reached: the book shown is as last read; "
                     "frontdesk keeps trying", 8000)
            return
        when = QLocale().toString(QTime(*self.book.now_local().timetuple()[3:5]),
                                  QLocale.FormatType.ShortFormat)
        self.say(f"Refreshed at {when}: the book is up to date", 8000)

    def go_to_date(self) -> None:
        dialog = GoToDateDialog(self.book.day, self)
        if dialog.exec():
            self.book.show_day(dialog.day())

    # -- what happened ------------------------------------------------------------------

    def _stack_moved(self, index: int) -> None:
        """Say what was just done or undone (it also clears an older failure message)."""
        stack = self.door.ops.stack
        if self._stack_failed:  # a refused undo/redo left the stack; its reason stays shown
            self._stack_failed = False
        elif index > self._stack_index:
            self.say(f"Done: {stack.text(index - 1)}", 6000)
        elif index < self._stack_index:
            self.say(f"Undone: {stack.text(index)}", 6000)
        self._stack_index = index

    def report(self, what: str, error: FrontdeskError) -> None:
        if what.startswith(("Undo", "Redo")):
            # The refused command leaves the stack, which may or may not move its index
            # (a refused redo does not): only a move in this same turn is that refusal's.
            self._stack_failed = True
            QTimer.singleShot(0, lambda: setattr(self, "_stack_failed", False))
        self.say(f"{what}: {error}", 15000)

    def _reachability(self, reachable: bool) -> None:
        """The server went away (the label stays until it is back) or came back: then what
        the audit trail gained meanwhile is read (the watcher), and the shown range if a
        read of it was missed."""
        if reachable != self.door.reachable:
            return  # already changed again: its own call follows
        self.away.setVisible(not reachable)
        if not reachable:
            return
        self.say("Back online: the server answers again and the book is up to date", 10000)
        self.book.catch_up()
        self.door.watcher.poll()

    def _client_changed(self, changed) -> None:
        if changed.client_ids and self.clients_window is not None:
            self.clients_window.refresh_clients(changed.client_ids)

    def _external(self, found: changes.Changes) -> None:
        if found.replaced:  # a backup restored at another desk on this computer
            self.door.ops.stack.clear()
            self.say("The book was replaced by a restored backup; it is read again", 15000)
        window = self.clients_window
        if window is not None and found.client_ids:
            window.refresh_clients(found.client_ids)
        elif window is not None and found.replaced and window.record is not None:
            window.refresh_clients({window.record.id})

    def _catalog_changed(self, catalog) -> None:
        """Set-up changed here or elsewhere: the clinic's name and time zone may be new."""
        self.setWindowTitle(f"{catalog.clinic.name} — frontdesk")
        self.details.tz = catalog.clinic.tz
        if self.clients_window is not None:
            self.clients_window.set_tz(catalog.clinic.tz)

    # -- other screens ------------------------------------------------------------------

    def open_clients(self, client_id: int | None = None):
        from frontdesk.ui.clients.clients_window import ClientsWindow

        if self.clients_window is None:
            self.clients_window = ClientsWindow(self.door, None)
            self.clients_window.setWindowTitle("Clients — frontdesk")
            self.clients_window.setWindowIcon(theme.app_icon())
            fit_to_screen(self.clients_window, 1100, 680)
            self.screen_fit.watch(self.clients_window)
            self.clients_window.appointment_activated.connect(self._jump_to)
        self.clients_window.show()
        self.clients_window.raise_()
        if client_id:
            self.clients_window.open_client(client_id)
        return self.clients_window

    def open_audit(self):
        """The audit trail (a manager's alone once staff sign in: see ui/roles.py)."""
        from frontdesk.ui.audit.audit_dialog import AuditDialog

        if self.audit_dialog is None:
            self.audit_dialog = AuditDialog(self.door, parent=self)
            self.screen_fit.watch(self.audit_dialog)
        self.audit_dialog.show()
        self.audit_dialog.raise_()
        return self.audit_dialog

    def open_selected_client(self) -> None:
        view = self.book.selected_view()
        if view is None:
            self.say("Select an appointment first", 5000)
        elif view.client_id:
            self.open_clients(view.client_id)

    def _jump_to(self, appointment_id: int) -> None:
        self.book.jump_to(appointment_id)
        self.raise_()
        self.activateWindow()

    def open_setup(self, section: str = "clinic"):
        """The set-up dialog at ``section`` (clinic, therapists, rooms or services): right
        after the first start made the clinic, at its therapists, what comes next."""
        from frontdesk.ui.setup import SetupDialog

        dialog = SetupDialog(self.door, self)
        dialog.tabs.setCurrentWidget(getattr(dialog, section))
        dialog.open()
        self.setup_dialog = dialog
        return dialog

    def open_connection(self):
        """Which book this desk opens (its own file or the clinic server), for next time."""
        from frontdesk.ui.setup.connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(self.door, self)
        dialog.accepted.connect(lambda: self.say(dialog.result_text, 15000))
        dialog.open()
        self.connection_dialog = dialog
        return dialog

    def show_shortcuts(self) -> None:
        from frontdesk.ui.widgets.shortcuts_dialog import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.actions(), self)
        self.shortcuts_dialog.open()
