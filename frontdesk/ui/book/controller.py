"""What the book shows: the day, week or agenda, of therapists or rooms, and keeping it current.

The controller reads the shown range through the door (one day or one week: a bounded read,
painted in the same frame), lays it out with the engine's day plan and hands it to the day
view. Changes made here (``door.ops.changed``) and elsewhere (``door.watcher.changed``) are
patched in without reading the whole range again.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStackedWidget

from frontdesk.domain import clock
from frontdesk.domain.errors import Unreachable
from frontdesk.domain.status import CANCELLATIONS, Status
from frontdesk.services import agenda, changes, checkout, clients, dayplan, schedule
from frontdesk.services.dayplan import Mode, Plan
from frontdesk.ui.book.day_view import DayView
from frontdesk.ui.book.details import DetailsPanel
from frontdesk.ui.book.navigator import MonthNavigator
from frontdesk.ui.core.changed import Changed
from frontdesk.ui.core.door import Door
from frontdesk.ui.core.settings import WindowState

VIEWS = ("day", "week", "agenda")
#: Paging through months quickly asks for the day marks once, after it settles.
MARKS_DELAY_MS = 250


class BookController(QObject):
    """Owns the shown range (``day``, ``view_kind``, ``mode``, ``show_cancelled``, the
    therapist or room of the week and agenda in ``target``) and the rows read for it."""

    mode_changed = Signal(object)  # Mode, when the controller itself had to change it

    def __init__(self, door: Door, *, day_view: DayView, navigator: MonthNavigator,
                 details: DetailsPanel, title: QLabel, target: QComboBox,
                 stack: QStackedWidget, state: WindowState, parent: QObject | None = None):
        super().__init__(parent)
        self.door, self.day_view, self.navigator = door, day_view, navigator
        self.details, self.title, self.target, self.stack = details, title, target, stack
        self.day = self.today()
        self.mode = Mode(state.text("mode", "therapists", tuple(Mode)))
        self.view_kind = state.text("view", "day", VIEWS)
        self.show_cancelled = state.flag("show_cancelled")
        self.plan: Plan | None = None
        self.rows: list[schedule.AppointmentView] = []
        self.agenda_view = None
        #: A read of the shown range that the server's absence stopped: read it on return.
        self.missed = False
        self.catalog_missed = False
        #: Shown range changed (day, view, mode): the window updates its toolbar.
        self.on_view: Callable[[], None] = lambda: None
        self._marks_range = (self.day, self.day)
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(MARKS_DELAY_MS)
        self._marks_timer.timeout.connect(self._count_marks)
        navigator.day_chosen.connect(self.show_day)
        navigator.month_shown.connect(self._load_marks)
        day_view.selection_changed.connect(self._selected)
        target.activated.connect(lambda _i: self.reload())
        door.ops.changed.connect(self.patch_changed)
        door.watcher.changed.connect(self.external)
        door.catalog_changed.connect(self._catalog_changed)

    @property
    def catalog(self):
        return self.door.catalog

    @property
    def tz(self):
        return self.door.tz

    def today(self) -> date:
        return clock.to_local(self.door.now(), self.tz).date()

    # -- choosing what is shown ---------------------------------------------------------

    def step(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=7 * days if self.view_kind == "week" else days))

    def show_day(self, day: date) -> None:
        shown, self.day = self.day, day
        if not self.reload():
            self.day = shown  # the server is away: the day read last stays, and says so
        self.navigator.show_day(self.day)

    def go_today(self) -> None:
        self.show_day(self.today())
        self.day_view.scroll_to(self.door.now())

    def set_view(self, kind: str) -> None:
        if self.view_kind == "day" and kind != "day":
            self._aim_target()
        self.view_kind = kind
        self.reload()

    def _aim_target(self) -> None:
        """Leaving the day for a week or an agenda: whose? The selected visit's therapist (or
        room), else the one chosen before if busy that day, else the first one who is."""
        if self.plan is None:
            return
        chosen = self.selected_view()
        if chosen is not None:
            key = (f"room:{chosen.room_id}" if self.mode == Mode.ROOMS
                   else f"therapist:{chosen.therapist_id}")
        else:
            working = [f"{c.kind.value[:-1]}:{c.id}" for c in self.plan.columns if c.blocks]
            if not working or self.target.currentData() in working:
                return
            key = working[0]
        index = self.target.findData(key)
        if index >= 0:
            self.target.setCurrentIndex(index)

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.fill_targets(None)
        self.reload()

    def set_show_cancelled(self, on: bool) -> None:
        self.show_cancelled = on
        self.reload()

    def fill_targets(self, keep: str | None) -> None:
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

    def chosen_target(self) -> tuple[str, int] | None:
        key = self.target.currentData()
        if not key:
            return None
        kind, _, ident = key.partition(":")
        return kind, int(ident)

    def target_name(self) -> str:
        """Whose week or agenda is shown: the therapist's or room's name, from the catalog
        (so a rename shows at once)."""
        target = self.chosen_target()
        if target is None:
            return ""
        found = (self.catalog.therapists if target[0] == "therapist"
                 else self.catalog.rooms).get(target[1])
        return found.name if found is not None else ""

    def shown_range(self) -> tuple[date, int, dict[str, int]]:
        """The days read: the week's 7 or the one day, for the whole clinic or, in the week,
        the therapist or room chosen in the toolbar."""
        if self.view_kind == "week":
            first = self.day - timedelta(days=self.day.weekday())
            target = self.chosen_target()
            return first, 7, ({f"{target[0]}_id": target[1]} if target else {})
        return self.day, 1, {}

    def printed_range(self) -> tuple[date, int, dict[str, int]]:
        """What a print of the window holds: the shown range, or the agenda's therapist."""
        first, days, filters = self.shown_range()
        if self.view_kind == "agenda":
            target = self.chosen_target()
            filters = {f"{target[0]}_id": target[1]} if target else {}
        return first, days, filters

    # -- reading and showing ------------------------------------------------------------

    def reload(self) -> bool:
        """Read the shown range again (day switch, view switch, set-up change). While the
        server is away the view keeps what it shows (False; read again on return)."""
        self.on_view()
        try:
            if self.view_kind == "agenda":
                self._show_agenda()
                return self._read_again(False)
            first, days, filters = self.shown_range()
            rows = self.door.read(schedule.days, first, days, self.tz,
                                  include_cancelled=self.show_cancelled, **filters)
        except Unreachable:
            return self._read_again(True)
        self.stack.setCurrentWidget(self.day_view)
        self.rows = rows
        self._relayout()
        return self._read_again(False)

    def _read_again(self, missed: bool) -> bool:
        self.missed = missed
        return not missed

    def _relayout(self) -> None:
        first, days, filters = self.shown_range()
        self.plan = dayplan.build(self.catalog, first, self.rows, self.mode, days=days,
                                  show_cancelled=self.show_cancelled, **filters)
        done = [r.id for r in self.rows if r.status is Status.COMPLETED]
        with suppress(Unreachable):  # the server is away: the blocks as they were
            self.day_view.painter.unpaid = frozenset(
                self.door.read(checkout.unpaid_among, done) if done else ())
        self.day_view.set_plan(self.plan)
        self.day_view.set_hint(self._hint())
        self._set_title()
        self._selected(self.day_view.selected)

    def _hint(self) -> str:
        """What an empty book says to do next (nothing once it holds a visit)."""
        if any(c.blocks for c in self.plan.columns):
            return ""
        if not any(t.active for t in self.catalog.therapists.values()):
            return ("No therapists yet — add your therapists, rooms and services in "
                    "File > Set up clinic (Ctrl+,).")
        if not self.plan.columns and self.mode == Mode.ROOMS:
            return "No rooms yet — add them in File > Set up clinic (Ctrl+,)."
        if not self.plan.columns:
            return ("Nobody works on this day — working hours are set per therapist in "
                    "File > Set up clinic (Ctrl+,).")
        if self.rows:  # only cancelled visits, hidden
            return ""
        return ("No appointments on this day yet — double-click a time or press Ctrl+N to book; "
                "F2 finds a time.")

    def _set_title(self) -> None:
        n = sum(1 for r in self.rows if r.status.occupies_time)
        if self.view_kind == "week":
            first = self.plan.first_day
            last = first + timedelta(days=6)
            text = f"Week of {first:%b} {first.day} – {last:%b} {last.day}, {last.year}"
            whose = self.target_name()
            text = f"{whose} — {text}" if whose else text
        else:
            text = f"{self.day:%A, %B} {self.day.day}, {self.day.year}"
        if self.day == self.today():
            text += "  (today)"
        self.title.setText(f"{text} — {n} appointment{'' if n == 1 else 's'}")

    def _show_agenda(self) -> None:
        if self.agenda_view is None:
            from frontdesk.ui.book.agenda_view import AgendaView

            self.agenda_view = AgendaView()
            self.stack.addWidget(self.agenda_view)
        self.stack.setCurrentWidget(self.agenda_view)
        if self.mode == Mode.ROOMS:  # an agenda is a therapist's
            self.mode = Mode.THERAPISTS
            self.fill_targets(None)
            self.mode_changed.emit(self.mode)
        target = self.chosen_target()
        if target is None:
            self.agenda_view.setPlainText("No therapist is set up yet.")
            return
        found = self.door.read(agenda.agenda, self.catalog, target[1], self.day)
        self.agenda_view.show_agenda(found)
        text = f"{self.target_name()} — {self.day:%A, %B} {self.day.day}, {self.day.year}"
        self.title.setText(text + ("  (today)" if self.day == self.today() else ""))

    def _load_marks(self, first: date, last: date) -> None:
        """Coalesced: the count never competes with the paint of the day switched to."""
        self._marks_range = (first, last)
        self._marks_timer.start()

    def _count_marks(self) -> None:
        first, last = self._marks_range
        self.door.query(dayplan.month_counts, self.catalog, first, last,
                        done=self.navigator.set_marks, key="marks")

    # -- the selection ------------------------------------------------------------------

    def selected_view(self) -> schedule.AppointmentView | None:
        block = self.day_view.selected_block()
        return block.appt if block else None

    def view_of(self, appointment_id: int) -> schedule.AppointmentView | None:
        """The shown visit, else read from the book (a visit in another day)."""
        found = self.plan.find(appointment_id) if self.plan else None
        if found is not None:
            return found[1].appt
        return self.door.read(schedule.appointment, appointment_id)

    def _selected(self, _appointment_id: int) -> None:
        a = self.selected_view()
        try:
            flags = (self.door.read(clients.flags_of, a.client_id)
                     if a is not None and a.client_flagged else [])
            payment = self.door.read(checkout.payment_of, a.id) if a is not None else ""
        except Unreachable:  # the server is away: the visit without its flags' names
            flags, payment = [], ""
        partners = self.plan.partners(a) if a is not None and self.plan else []
        self.details.show_appointment(a, flags, payment, partners)

    def jump_to(self, appointment_id: int) -> None:
        """Show a visit's day, with the visit selected."""
        view = self.door.read(schedule.appointment, appointment_id)
        if view is None:
            return
        if self.view_kind != "day":
            self.view_kind = "day"
        self.show_day(clock.to_local(view.start, self.tz).date())
        self.day_view.select(appointment_id)

    # -- changes from here and elsewhere ------------------------------------------------

    def patch_changed(self, changed: Changed) -> None:
        if changed.views:
            self.patch(dict(changed.views))
        elif changed.client_ids:
            self._reread_clients(changed.client_ids)

    def patch(self, found: dict[int, schedule.AppointmentView | None]) -> None:
        """Swap changed appointments into the open view (no re-read of the range)."""
        if self.view_kind == "agenda":
            self._show_agenda()
        else:
            first, days, filters = self.shown_range()
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

    def _reread_clients(self, client_ids) -> None:
        ids = sorted({r.id for r in self.rows if r.client_id in client_ids})
        if ids:
            views = self.door.read(schedule.by_ids, ids)
            self.patch({i: views.get(i) for i in ids})

    def external(self, found: changes.Changes) -> None:
        """Read back what another desk changed. Should the server go away between the
        notice and this read, the shown range (or the set-up) is read again on return."""
        try:
            if found.catalog or self.catalog_missed:
                self.door.reload_catalog()  # and _catalog_changed shows it
                self.catalog_missed = False
                return
            ids = set(found.appointment_ids)
            ids |= {r.id for r in self.rows if r.client_id in found.client_ids}
            if not ids:
                return
            views = self.door.read(schedule.by_ids, sorted(ids))
        except Unreachable:
            self.missed = True
            self.catalog_missed = self.catalog_missed or found.catalog
            return
        self.patch({i: views.get(i) for i in ids})

    def catch_up(self) -> None:
        """The server is back: read again what its absence kept from the view."""
        if self.catalog_missed:
            self.external(changes.Changes(0, catalog=True))
        elif self.missed:
            self.reload()

    def _catalog_changed(self, _catalog) -> None:
        self.fill_targets(None)
        self.reload()

    def scroll_to_now(self) -> None:
        self.day_view.scroll_to(self.door.now())

    def now_local(self) -> datetime:
        return clock.to_local(self.door.now(), self.tz)
