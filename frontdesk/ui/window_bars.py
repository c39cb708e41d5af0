"""The main window's menu bar and its two-row toolbar, made from the controllers' actions.

Only the arrangement lives here: every action is made (and wired) by the window or by the
controller whose work it starts; this module puts them in menus and on toolbars, with short
labels on the buttons and the full name and keys in their tooltips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolBar

from frontdesk.ui.book.controller import VIEWS

if TYPE_CHECKING:
    from frontdesk.ui.main_window import MainWindow


def build_toolbar(window: MainWindow) -> None:
    """Two rows, so that a 1366-pixel screen shows every action: where the book is on
    top (the day, its title, going elsewhere), what it shows and the desk's work below.
    Short labels on the buttons; the tooltips give the full name and the keys."""
    nav = _toolbar(window, "Navigation", "navigation")
    for act in (window.act_prev, window.act_today, window.act_next):
        nav.addAction(act)
    window.act_prev.setIconText("◀")
    window.act_next.setIconText("▶")
    nav.addAction(window.act_goto)
    nav.addWidget(window.title)
    window.addToolBarBreak()
    show = _toolbar(window, "Show", "show")
    for kind in VIEWS:
        show.addAction(window.view_actions[kind])
    show.addSeparator()
    show.addAction(window.act_rooms)
    window.act_rooms.setIconText("Rooms")
    window.target.setAccessibleName("Therapist or room for the week and agenda")
    window.target.setToolTip("Whose week or agenda is shown")
    window.target.setMinimumContentsLength(16)
    window.target_action = show.addWidget(window.target)
    show.addAction(window.act_cancelled)
    window.act_cancelled.setIconText("Cancelled")
    desk = _toolbar(window, "Desk", "desk")
    desk.addAction(window.editing.act_new)
    window.editing.act_new.setIconText("New")
    window.toolbar, window.show_bar, window.desk_bar = nav, show, desk


def _toolbar(window: MainWindow, title: str, name: str) -> QToolBar:
    bar = QToolBar(title)
    bar.setObjectName(name)
    bar.setMovable(False)
    window.addToolBar(bar)
    return bar


def add_tooltips(window: MainWindow) -> None:
    """Every toolbar button's tooltip: the action's full name and its keys."""
    for bar in (window.toolbar, window.show_bar, window.desk_bar):
        for action in bar.actions():
            name = action.text().replace("&", "").rstrip("…")
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if name:
                action.setToolTip(f"{name} ({keys})" if keys else name)


def build_menus(window: MainWindow) -> None:
    menus, printing, editing = window.menuBar(), window.printing, window.editing
    file = menus.addMenu("&File")
    file.addActions([printing.act_print, printing.act_export, window.act_close_day])
    file.addSeparator()
    file.addAction(printing.act_publish)
    file.addSeparator()
    file.addActions([window.act_import_latepoint, window.act_import_clients])
    file.addSeparator()
    file.addActions([window.act_setup, window.act_connection, window.act_refresh])
    file.addSeparator()
    file.addActions([window.act_lock, window.act_quit])
    edit = menus.addMenu("&Edit")
    edit.addActions([window.act_undo, window.act_redo])
    edit.addSeparator()
    edit.addActions([editing.act_new, editing.act_edit])
    appt = menus.addMenu("&Appointment")
    appt.addActions(list(editing.status_actions.values()))
    appt.addAction(editing.act_cancel)
    appt.addActions([window.checkout.act_checkout, window.checkout.act_refund])
    appt.addSeparator()
    appt.addAction(window.act_client)
    appt.addAction(editing.act_cancel_following)
    editing.follow_menu(appt)
    view = menus.addMenu("&View")
    view.addActions([window.act_prev, window.act_next, window.act_today, window.act_goto,
                     window.act_month])
    view.addSeparator()
    view.addActions([window.view_actions[k] for k in VIEWS])
    view.addSeparator()
    view.addActions([window.act_rooms, window.act_cancelled])
    menus.addMenu("&Clients").addActions([window.act_clients, window.act_certificates])
    window.desk.fill_menu(menus, window.desk_bar)
    menus.addMenu("&Tools").addActions([window.act_audit, window.act_backups,
                                        window.act_web_waiting, window.act_reports])
    menus.addMenu("&Help").addAction(window.act_shortcuts)
