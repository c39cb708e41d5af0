"""The appointment book window: the day view in the middle, the month on the left.

The window wires views, menus and dialogs to the engine; it decides nothing itself. Reads are
short sessions (a busy day is a few milliseconds); changes go through :class:`Operations`
(engine call + undo command); changes from elsewhere arrive through :class:`ChangeWatcher`
and are patched into the open view without reading the whole day again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.errors import FrontdeskError
from frontdesk.domain.status import CANCELLATIONS, Status
from frontdesk.services import changes, clients, dayplan, schedule
from frontdesk.services.booking import BookingRequest, Bookings
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.services.dayplan import Mode, Plan
from frontdesk.ui.book.day_view import DayView
from frontdesk.ui.book.details import DetailsPanel
from frontdesk.ui.book.navigator import MonthNavigator
from frontdesk.ui.core.operations import Operations
from frontdesk.ui.core.settings import WindowState
from frontdesk.ui.core.tasks import Tasks
from frontdesk.ui.core.watcher import ChangeWatcher
from frontdesk.ui.desk.desk_tools import DeskTools
from frontdesk.ui.editing.grid_editing import GridEditing
from frontdesk.ui.printing.export_tools import ExportTools
from frontdesk.ui.widgets import theme
from frontdesk.ui.widgets.dialogs import GoToDateDialog

log = logging.getLogger(__name__)

VIEWS = ("day", "week", "agenda")
#: Status actions: (status, menu text, key).
STATUS_KEYS = (
    (Status.CONFIRMED, "&Confirm", "C"), (Status.ARRIVED, "&Arrived", "A"),
    (Status.IN_SESSION, "&In session", "I"), (Status.COMPLETED, "C&ompleted", "D"),
    (Status.NO_SHOW, "&No-show", "N"),
)


class MainWindow(ExportTools, DeskTools, GridEditing, QMainWindow):
    def __init__(self, db: Database, *, actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow, watch_ms: int = 1000):
        super().__init__()
        self.db, self.now, self.actor = db, now, actor
        self.state = WindowState()
        self.tasks = Tasks(self)
        self.catalog: Catalog = self._read(load_catalog)
        self.tz = self.catalog.clinic.tz
        self.ops = Operations(Bookings(db, actor=actor, now=now), self.tz, self)
        self.ops.changed.connect(lambda view: self._patch({view.id: view}))
        self.ops.failed.connect(self._report)
        self.day = self.today()
        self.mode = Mode(self.state.text("mode", "therapists", tuple(Mode)))
        self.view_kind = self.state.text("view", "day", VIEWS)
        self.show_cancelled = self.state.flag("show_cancelled")
        self.plan: Plan | None = None
        self.rows: list[schedule.AppointmentView] = []
        self._agenda_view = None
        self._clients = None

        self.setWindowTitle(f"{self.catalog.clinic.name} — frontdesk")
        self.setWindowIcon(theme.app_icon())
        self.day_view = DayView()
        self.day_view.now = now
        self.day_view.judge = self._judge
        self.day_view.create_requested.connect(self._create_at)
        self.day_view.move_requested.connect(self._drop)
        self.day_view.edit_requested.connect(self.edit_appointment)
        self.day_view.context_requested.connect(self._context_menu)
        self.day_view.selection_changed.connect(self._selected)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.day_view)
        self.setCentralWidget(self.stack)
        self._build_side()
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self.statusBar().showMessage("Ready")

        self.watcher = ChangeWatcher(db, self.tasks, watch_ms, self)
        self.watcher.changed.connect(self._external)
        self.watcher.start()
        self._start_publishing()
        self._restore()
        self.show_day(self.day)
        self._scrolled = False

    def showEvent(self, event) -> None:
        """Today opens scrolled to the current time, once the view has its real size."""
        super().showEvent(event)
        if not self._scrolled:
            self._scrolled = True
            QTimer.singleShot(0, lambda: self.day_view.scroll_to(self.now()))

    # -- building -----------------------------------------------------------------------

    def _build_side(self) -> None:
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(250)
        self._marks_timer.timeout.connect(self._count_marks)
        self.navigator = MonthNavigator()
        self.navigator.day_chosen.connect(self.show_day)
        self.navigator.month_shown.connect(self._load_marks)
        self.details = DetailsPanel(self.tz)
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
        a = self._action
        self.act_prev = a("&Previous day", lambda: self.step(-1),
                          ["Alt+Left", "Ctrl+PgUp"])
        self.act_next = a("&Next day", lambda: self.step(1), ["Alt+Right", "Ctrl+PgDown"])
        self.act_today = a("&Today", self.go_today, "Ctrl+T")
        self.act_goto = a("&Go to date…", self.go_to_date, "Ctrl+G")
        self.act_month = a("&Month calendar", self.navigator.setFocus, "Ctrl+M")
        self.act_rooms = a("&Rooms instead of therapists", self._toggle_rooms, "Ctrl+R",
                           checkable=True)
        self.act_cancelled = a("Show &cancelled", self._toggle_cancelled, "Ctrl+Shift+H",
                               checkable=True)
        self.view_group = QActionGroup(self)
        self.view_actions = {}
        for n, (kind, text) in enumerate((("day", "&Day"), ("week", "&Week"),
                                          ("agenda", "&Agenda"))):
            act = a(text, lambda on, k=kind: on and k != self.view_kind and self.set_view(k),
                    f"Ctrl+{n + 1}", checkable=True)
            self.view_group.addAction(act)
            self.view_actions[kind] = act
        self.ops.stack.indexChanged.connect(self._stack_moved)
        self._stack_index = 0
        self._stack_failed = False
        undo = self.ops.stack.createUndoAction(self, "&Undo")
        undo.setProperty("help", "Undo the last change")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ops.stack.createRedoAction(self, "&Redo")
        redo.setProperty("help", "Redo what was undone")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([undo, redo])
        self.act_undo, self.act_redo = undo, redo
        self.act_new = a("&New appointment…", self.new_appointment, "Ctrl+N")
        self.act_edit = a("&Edit appointment…", lambda: self.edit_appointment(), "Ctrl+E")
        self.status_actions = {
            status: a(text, lambda _=False, s=status: self.set_status(s), key)
            for status, text, key in STATUS_KEYS}
        self.act_cancel = a("Cancel appointment…", self.cancel_selected, "Del")
        self.act_client = a("Open &client", self.open_selected_client, "Ctrl+O")
        self.act_clients = a("&Clients…", lambda: self.open_clients(), "Ctrl+F")
        self.act_setup = a("&Set up clinic…", self.open_setup, "Ctrl+,")
        self.act_refresh = a("Re&fresh", self.reload, "F5")
        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.act_quit = a("&Quit", self.close, "Ctrl+Q")
        self._build_desk_actions()
        self._build_export_actions()

    def _build_toolbar(self) -> None:
        bar = QToolBar("Navigation")
        bar.setObjectName("navigation")
        bar.setMovable(False)
        self.addToolBar(bar)
        for act in (self.act_prev, self.act_today, self.act_next):
            bar.addAction(act)
        self.act_prev.setIconText("◀")
        self.act_next.setIconText("▶")
        self.title = QLabel()
        self.title.setAccessibleName("Day shown")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setContentsMargins(12, 0, 12, 0)
        bar.addWidget(self.title)
        bar.addAction(self.act_goto)
        bar.addSeparator()
        for kind in VIEWS:
            bar.addAction(self.view_actions[kind])
        bar.addSeparator()
        bar.addAction(self.act_rooms)
        self.act_rooms.setIconText("Rooms")
        self.target = QComboBox()
        self.target.setAccessibleName("Therapist or room for the week and agenda")
        self.target.setMinimumContentsLength(16)
        self.target.activated.connect(lambda _i: self.reload())
        self.target_action = bar.addWidget(self.target)
        bar.addAction(self.act_cancelled)
        self.act_cancelled.setIconText("Cancelled")
        bar.addSeparator()
        bar.addAction(self.act_new)
        self.act_new.setIconText("New")
        self.toolbar = bar

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file = menus.addMenu("&File")
        file.addActions([self.act_print, self.act_export])
        file.addSeparator()
        file.addAction(self.act_publish)
        file.addSeparator()
        file.addActions([self.act_setup, self.act_refresh])
        file.addSeparator()
        file.addAction(self.act_quit)
        edit = menus.addMenu("&Edit")
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addActions([self.act_new, self.act_edit])
        appt = menus.addMenu("&Appointment")
        appt.addActions(list(self.status_actions.values()))
        appt.addAction(self.act_cancel)
        appt.addSeparator()
        appt.addAction(self.act_client)
        self.appointment_menu = appt
        view = menus.addMenu("&View")
        view.addActions([self.act_prev, self.act_next, self.act_today, self.act_goto,
                         self.act_month])
        view.addSeparator()
        view.addActions([self.view_actions[k] for k in VIEWS])
        view.addSeparator()
        view.addActions([self.act_rooms, self.act_cancelled])
        menus.addMenu("&Clients").addAction(self.act_clients)
        self._build_desk_menu(menus, self.toolbar)
        menus.addMenu("&Help").addAction(self.act_shortcuts)

    # -- state --------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.state.blob("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 740)
        window_state = self.state.blob("window_state")
        if window_state is not None:
            self.restoreState(window_state)
        self.act_rooms.blockSignals(True)
        self.act_rooms.setChecked(self.mode == Mode.ROOMS)
        self.act_rooms.blockSignals(False)
        self.act_cancelled.blockSignals(True)
        self.act_cancelled.setChecked(self.show_cancelled)
        self.act_cancelled.blockSignals(False)
        # Not with signals blocked: the exclusive group must see which view is checked.
        self.view_actions[self.view_kind].setChecked(True)
        self._fill_targets(self.state.text("target", ""))

    def closeEvent(self, event) -> None:
        self.watcher.stop()
        self.state.set("geometry", self.saveGeometry())
        self.state.set("window_state", self.saveState())
        self.state.set("mode", self.mode.value)
        self.state.set("view", self.view_kind)
        self.state.set("show_cancelled", self.show_cancelled)
        self.state.set("target", self.target.currentData() or "")
        self.state.sync()
        self.flush_publishing()
        self.tasks.wait(5000)
        super().closeEvent(event)

    def today(self) -> date:
        return clock.to_local(self.now(), self.tz).date()

    def _read(self, fn, *args, **kw):
        with self.db.read() as session:
            return fn(session, *args, **kw)

    # -- showing ------------------------------------------------------------------------

    def step(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=7 * days if self.view_kind == "week" else days))

    def show_day(self, day: date) -> None:
        self.day = day
        self.reload()
        self.navigator.show_day(day)

    def go_today(self) -> None:
        self.show_day(self.today())
        self.day_view.scroll_to(self.now())

    def go_to_date(self) -> None:
        dialog = GoToDateDialog(self.day, self)
        if dialog.exec():
            self.show_day(dialog.day())

    def set_view(self, kind: str) -> None:
        self.view_kind = kind
        self.view_actions[kind].setChecked(True)
        self.reload()

    def _toggle_rooms(self, on: bool) -> None:
        self.mode = Mode.ROOMS if on else Mode.THERAPISTS
        self._fill_targets(None)
        self.reload()

    def _toggle_cancelled(self, on: bool) -> None:
        self.show_cancelled = on
        self.reload()

    def _fill_targets(self, keep: str | None) -> None:
        """The week view and the agenda show one therapist (or, in room mode, one room)."""
        keep = keep if keep is not None else self.target.currentData()
        self.target.clear()
        if self.mode == Mode.ROOMS:
            items = [(f"room:{r.id}", r.name) for r in self.catalog.rooms.values() if r.active]
        else:
            items = [(f"therapist:{t.id}", t.name) for t in self.catalog.therapists.values()
                     if t.active]
        for key, name in items:
            self.target.addItem(name, key)
        index = self.target.findData(keep)
        if index < 0 and self.plan is not None:  # first time: someone working that day
            working = {f"{c.kind.value[:-1]}:{c.id}" for c in self.plan.columns if c.blocks}
            index = next((i for i in range(self.target.count())
                          if self.target.itemData(i) in working), 0)
        self.target.setCurrentIndex(max(0, index))

    def _target(self) -> tuple[str, int] | None:
        key = self.target.currentData()
        if not key:
            return None
        kind, _, ident = key.partition(":")
        return kind, int(ident)

    def reload(self) -> None:
        """Read the shown range again (day switch, view switch, set-up change)."""
        kind = self.view_kind
        self.target_action.setVisible(kind != "day")
        if kind == "agenda":
            self._show_agenda()
            return
        self.stack.setCurrentWidget(self.day_view)
        first, days, filters = self._range()
        with self.db.read() as session:
            self.rows = schedule.days(session, first, days, self.tz,
                                      include_cancelled=self.show_cancelled, **filters)
        self._relayout()

    def _range(self) -> tuple[date, int, dict]:
        if self.view_kind == "week":
            target = self._target()
            first = self.day - timedelta(days=self.day.weekday())
            if target is None:
                return first, 7, {}
            return first, 7, {f"{target[0]}_id": target[1]}
        return self.day, 1, {}

    def _relayout(self) -> None:
        first, days, filters = self._range()
        self.plan = dayplan.build(self.catalog, first, self.rows, self.mode, days=days,
                                  show_cancelled=self.show_cancelled, **filters)
        self.day_view.set_plan(self.plan)
        self._set_title()
        self._selected(self.day_view.selected)

    def _set_title(self) -> None:
        rows = [r for r in self.rows if r.status.occupies_time]
        n = len(rows)
        if self.view_kind == "week":
            first = self.plan.first_day
            last = first + timedelta(days=6)
            text = f"Week of {first:%b} {first.day} – {last:%b} {last.day}, {last.year}"
        else:
            text = f"{self.day:%A, %B} {self.day.day}, {self.day.year}"
        if self.day == self.today():
            text += "  (today)"
        self.title.setText(f"{text} — {n} appointment{'' if n == 1 else 's'}")

    def _show_agenda(self) -> None:
        from frontdesk.services import agenda
        from frontdesk.ui.book.agenda_view import AgendaView

        if self._agenda_view is None:
            self._agenda_view = AgendaView()
            self.stack.addWidget(self._agenda_view)
        self.stack.setCurrentWidget(self._agenda_view)
        if self.mode == Mode.ROOMS:
            self.act_rooms.setChecked(False)  # an agenda is a therapist's
            return
        target = self._target()
        if target is None:
            self._agenda_view.setPlainText("No therapist is set up yet.")
            return
        found = self._read(agenda.agenda, self.catalog, target[1], self.day)
        self._agenda_view.show_agenda(found)
        self.title.setText(f"{self.catalog.therapists[target[1]].name} — "
                           f"{self.day:%A, %B} {self.day.day}, {self.day.year}")

    def _load_marks(self, first: date, last: date) -> None:
        """Coalesced: paging through months quickly asks once, after it settles, and the
        count never competes with the paint of the day being switched to."""
        self._marks_range = (first, last)
        self._marks_timer.start()

    def _count_marks(self) -> None:
        first, last = self._marks_range
        catalog = self.catalog

        def count():
            with self.db.read() as session:
                return dayplan.month_counts(session, catalog, first, last)

        self.tasks.run(count, self.navigator.set_marks, key="marks")

    # -- changes from here and elsewhere ------------------------------------------------

    def _patch(self, found: dict[int, schedule.AppointmentView | None]) -> None:
        """Swap changed appointments into the open view (no re-read of the day)."""
        if self.view_kind == "agenda":
            self._show_agenda()
        else:
            first, days, filters = self._range()
            start, _ = clock.day_bounds(first, self.tz)
            _, end = clock.day_bounds(first + timedelta(days=days - 1), self.tz)
            shown = {}
            for ident, view in found.items():
                keep = (view is not None and view.start < end and view.end > start
                        and (self.show_cancelled or view.status not in CANCELLATIONS)
                        and all(getattr(view, k) == v for k, v in filters.items()))
                shown[ident] = view if keep else None
            self.rows = dayplan.replace_rows(self.rows, shown)
            self._relayout()
        self.navigator.month_shown.emit(*self.navigator.page_range())

    def _external(self, found: changes.Changes) -> None:
        if found.catalog:
            self.catalog = self._read(load_catalog)
            self._fill_targets(None)
            self.reload()
            return
        ids = set(found.appointment_ids)
        ids |= {r.id for r in self.rows if r.client_id in found.client_ids}
        if not ids:
            return
        views = self._read(schedule.by_ids, sorted(ids))
        self._patch({i: views.get(i) for i in ids})

    def _stack_moved(self, index: int) -> None:
        """Say what was just done or undone (it also clears an older failure message)."""
        stack = self.ops.stack
        if self._stack_failed:  # a refused undo/redo left the stack; its reason stays shown
            self._stack_failed = False
        elif index > self._stack_index:
            self.statusBar().showMessage(f"Done: {stack.text(index - 1)}", 6000)
        elif index < self._stack_index:
            self.statusBar().showMessage(f"Undone: {stack.text(index)}", 6000)
        self._stack_index = index

    def _report(self, what: str, error: FrontdeskError) -> None:
        self._stack_failed = what.startswith(("Undo", "Redo"))
        self.statusBar().showMessage(f"{what}: {error}", 15000)

    # -- booking ------------------------------------------------------------------------

    def _prefill_for(self, column: int, start: datetime, minutes: int):
        from frontdesk.ui.editing.appointment_dialog import EditorPrefill

        col = self.plan.columns[column]
        therapist_id = col.id if col.kind == Mode.THERAPISTS else None
        room_id = col.id if col.kind == Mode.ROOMS else None
        return EditorPrefill(start=start, therapist_id=therapist_id, room_id=room_id,
                             minutes=minutes or None, service_id=None, client_id=None)

    def _create_at(self, column: int, start: datetime, minutes: int) -> None:
        self.open_editor(self._prefill_for(column, start, minutes))

    def new_appointment(self) -> None:
        """Ctrl+N: the editor at the next free-looking slot of the selected column."""
        from frontdesk.ui.editing.appointment_dialog import EditorPrefill

        step = self.catalog.clinic.slot_minutes
        now = clock.to_local(self.now(), self.tz)
        if self.day == now.date():
            minute = (now.minute // step + 1) * step
            start = now.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minute)
        else:
            start = datetime.combine(self.day, self.plan.hours[0] if self.plan else
                                     dayplan.DEFAULT_HOURS[0], tzinfo=self.tz)
        block = self.day_view.selected_block()
        therapist = block.appt.therapist_id if block else None
        self.open_editor(EditorPrefill(start=start.astimezone(clock.UTC), therapist_id=therapist,
                                       room_id=None, minutes=None, service_id=None,
                                       client_id=None))

    def open_editor(self, prefill, appointment=None):
        from frontdesk.ui.editing.appointment_dialog import AppointmentDialog

        editor = AppointmentDialog(self.db, self.catalog, submit=self._submit, prefill=prefill,
                                   appointment=appointment, parent=self, now=self.now,
                                   repeat=self._repeat)
        self.editor = editor
        editor.open()
        editor.finished.connect(lambda _r: self._editor_closed(editor))
        return editor

    def _editor_closed(self, editor) -> None:
        result = getattr(editor, "result", None)
        if result is not None:
            self.day_view.select(result.id)
            self.statusBar().showMessage(f"Saved: {result.client or result.service}, "
                                         f"{clock.format_local(result.start, self.tz)}", 8000)

    def _submit(self, request):
        from frontdesk.ui.editing.appointment_dialog import FollowingChange

        if isinstance(request, BookingRequest):
            return self.ops.book(request)
        if isinstance(request, FollowingChange):
            return self.submit_following(*request)
        appointment_id, change = request
        before = self._read(schedule.appointment, appointment_id)
        return self.ops.change(before, change)

    def edit_appointment(self, appointment_id: int | None = None) -> None:
        appointment_id = appointment_id or self.day_view.selected
        if not appointment_id:
            self.statusBar().showMessage("Select an appointment first", 5000)
            return
        from frontdesk.ui.editing.appointment_dialog import EditorPrefill

        view = self._read(schedule.appointment, appointment_id)
        prefill = EditorPrefill(start=view.start, therapist_id=view.therapist_id,
                                room_id=view.room_id,
                                minutes=int((view.end - view.start).total_seconds() // 60),
                                service_id=view.service_id, client_id=view.client_id)
        self.open_editor(prefill, appointment=view)

    def _selected(self, appointment_id: int) -> None:
        block = self.day_view.selected_block()
        a = block.appt if block else None
        flags = (self._read(clients.flags_of, a.client_id)
                 if a is not None and a.client_flagged else [])
        self.details.show_appointment(a, flags)

    # -- other screens ------------------------------------------------------------------

    def open_clients(self, client_id: int | None = None):
        from frontdesk.ui.clients.clients_window import ClientsWindow

        if self._clients is None:
            self._clients = ClientsWindow(self.db, self.tz, None, actor=self.actor, now=self.now)
            self._clients.setWindowTitle("Clients — frontdesk")
            self._clients.setWindowIcon(theme.app_icon())
            self._clients.resize(1100, 680)
            self._clients.appointment_activated.connect(self._jump_to)
        self._clients.show()
        self._clients.raise_()
        if client_id:
            self._clients.open_client(client_id)
        return self._clients

    def open_selected_client(self) -> None:
        view = self._selected_view()
        if view is not None and view.client_id:
            self.open_clients(view.client_id)

    def _jump_to(self, appointment_id: int) -> None:
        view = self._read(schedule.appointment, appointment_id)
        if view is None:
            return
        self.set_view("day") if self.view_kind != "day" else None
        self.show_day(clock.to_local(view.start, self.tz).date())
        self.day_view.select(appointment_id)
        self.raise_()
        self.activateWindow()

    def open_setup(self):
        from frontdesk.ui.setup import SetupDialog

        dialog = SetupDialog(self.db, self, actor=self.actor)
        dialog.changed.connect(lambda: self._external(changes.Changes(0, catalog=True)))
        dialog.open()
        self.setup_dialog = dialog
        return dialog

    def show_shortcuts(self) -> None:
        from frontdesk.ui.widgets.shortcuts_dialog import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.actions(), self)
        self.shortcuts_dialog.open()
