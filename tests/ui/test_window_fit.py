"""The window on the smallest screen it must fit, 1366x768: every toolbar action in sight,
every dialog inside the screen (the test session's offscreen screen is 1366x768)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from tests.ui.conftest import MONDAY


def _inside(window, widget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("view", ["day", "week", "agenda"])
def test_every_toolbar_action_is_in_sight_at_1366x768(qtbot, window, view):
    window.book.set_view(view)
    QApplication.processEvents()
    bars = [b for b in window.findChildren(QToolBar) if b.isVisible()]
    assert bars
    for bar in bars:
        extension = [b for b in bar.findChildren(QToolButton)
                     if b.objectName() == "qt_toolbar_ext_button"]
        assert not any(b.isVisible() for b in extension), f"{bar.windowTitle()} overflows"
        for action in bar.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            widget = bar.widgetForAction(action)
            assert widget is not None and widget.isVisible(), action.iconText()
            assert _inside(window, widget), action.iconText()
    shown = {a for b in bars for a in b.actions() if a.isVisible()}
    desk = window.desk
    for action in (desk.act_find_time, desk.act_caller, desk.act_waitlist, desk.act_calls,
                   window.editing.act_new, window.act_today, window.act_goto):
        assert action in shown, action.text()
    if view != "day":  # the week and agenda's therapist or room picker
        assert window.target.isVisible() and _inside(window, window.target)


def _choose(window, name: str) -> None:
    window.target.setCurrentIndex(window.target.findText(name))
    window.target.activated.emit(window.target.currentIndex())


def test_the_week_and_the_agenda_name_whose_they_are_and_follow_a_rename(window, clinic):
    from frontdesk.services import admin
    from frontdesk.services.dayplan import Mode

    window.book.set_view("week")
    _choose(window, "Ben")
    assert window.title.text().startswith("Ben — Week of Oct 5")
    _choose(window, "Ana")
    assert window.title.text().startswith("Ana — Week of Oct 5")
    window.door.ops.configure(admin.update_therapist, clinic["Ana"], name="Anabel")
    assert window.title.text().startswith("Anabel — Week of Oct 5")
    window.book.set_mode(Mode.ROOMS)
    _choose(window, "Willow")
    assert window.title.text().startswith("Willow — Week of Oct 5")
    window.book.set_view("agenda")  # an agenda is a therapist's
    assert window.title.text().startswith(f"{window.target.currentText()} — Monday, October 5")


def _editor(window):
    from tests.helpers import local

    return window.editing.open_editor(window.editing.prefill_for(0, local("2026-10-05 11:00"), 0))


#: Every top-level dialog the window opens from its menus and toolbar.
DIALOGS = {
    "print preview": lambda w: w.printing.print_schedule(),
    "export": lambda w: w.printing.open_export(),
    "publish": lambda w: w.printing.open_publish(),
    "find a time": lambda w: w.desk.open_find_time(),
    "caller": lambda w: w.desk.open_caller(),
    "waitlist": lambda w: w.desk.open_waitlist(),
    "calls": lambda w: w.desk.open_calls(),
    "set-up": lambda w: w.open_setup(),
    "connection": lambda w: w.open_connection(),
    "shortcuts": lambda w: (w.show_shortcuts(), w.shortcuts_dialog)[1],
    "clients": lambda w: w.open_clients(),
    "editor": _editor,
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_fits_the_screen(qtbot, window, name):
    screen = window.screen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)  # the session's screen
    dialog = DIALOGS[name](window)
    qtbot.waitUntil(dialog.isVisible)
    try:
        frame = dialog.frameGeometry()
        assert frame.height() <= 768 and frame.width() <= 1366, (name, frame)
        assert screen.contains(frame), (name, frame)
    finally:
        dialog.close()


def test_a_dialog_asking_for_more_than_the_screen_gets_the_screen(qtbot, window):
    """Any dialog the window (or one of its dialogs) opens, whatever size it asks for."""
    from PySide6.QtWidgets import QDialog

    screen = window.screen().availableGeometry()
    outer = QDialog(window)
    outer.resize(1600, 1000)
    outer.move(300, 200)
    inner = QDialog(outer)
    inner.resize(900, 1200)
    for dialog in (outer, inner):
        dialog.show()
        qtbot.waitUntil(dialog.isVisible)
        assert screen.contains(dialog.frameGeometry()), dialog.frameGeometry()
    inner.close()
    outer.close()


REFUSAL = ("Outside Ana's working hours (Monday 09:00–17:00); the room Willow is taken by "
           "appointment #2061 (Zoë Kowalczyk-Brandenburg, Hot stone massage 90 min, "
           "10:00–11:30) and its turnover until 11:45; the client Zoë Kowalczyk-Brandenburg "
           "is booked elsewhere at 10:30 (#2077 with Ben in Cedar); Ana is not qualified for "
           "Prenatal massage.")


@pytest.mark.parametrize("repeat", [1, 12])
def test_book_anyway_shows_the_whole_refusal(qtbot, window, repeat):
    """Wrapped and given its height; a refusal longer than the screen scrolls instead."""
    from frontdesk.ui.widgets.dialogs import ReasonDialog

    dialog = ReasonDialog("Book anyway?", "\n".join([REFUSAL] * repeat) + "\n\nSay why:",
                          parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    message, viewport = dialog.message, dialog.scroll.viewport()
    needed = message.heightForWidth(message.width())
    assert message.height() >= needed and message.width() <= viewport.width()
    assert window.screen().availableGeometry().contains(dialog.frameGeometry())
    scrolls = dialog.scroll.verticalScrollBar().isVisible()
    assert scrolls == (repeat > 1)  # the whole text fits, or is reached by scrolling
    if not scrolls:
        assert viewport.height() >= needed
    dialog.close()


def _solid_label(image):
    """The box of the solid red label (rows with a long run of the alert colour; the
    outline's dashes are short), or None."""
    from frontdesk.ui.widgets import theme

    red = theme.ALERT.rgb()
    box = None
    for y in range(image.height()):
        run = start = 0
        for x in range(image.width()):
            run = run + 1 if image.pixel(x, y) == red else 0
            start = x - run + 1 if run else start
            if run == 120:
                first, last = start, x
                while last + 1 < image.width() and image.pixel(last + 1, y) == red:
                    last += 1
                box = ((first, y, last, y) if box is None else
                       (min(box[0], first), box[1], max(box[2], last), y))
                break
    return box


@pytest.mark.parametrize("where", ["right edge", "bottom edge"])
def test_a_refused_drags_reason_stays_in_sight(qtbot, window, book, where):
    """Rooms as columns, the visit in the right-most column: its refusal label is painted
    inside the view, not cut off by its right or lower edge."""
    from frontdesk.services.dayplan import Mode
    from tests.ui.test_main_window import drag

    if where == "right edge":
        window.resize(820, 768)  # columns narrower than the label
    window.book.set_mode(Mode.ROOMS)
    room = window.book.plan.columns[-1].title
    first = book("2026-10-05 10:00", client="Zoë Brontë", room=room)
    book("2026-10-05 14:00", therapist="Ben", room=room)
    window.book.reload()
    view = window.day_view
    QApplication.processEvents()
    start = view.block_centre(first.id)
    down = int(240 * view.grid.ppm)  # onto the 14:00 visit in the same room
    if where == "bottom edge":  # the 14:00 visit ends just above the view's lower edge
        column = window.book.plan.columns[-1]
        bottom = view.grid.y_of(column, first.start + timedelta(hours=5))
        view.verticalScrollBar().setValue(int(bottom - view.viewport().height() + 40 + 20))
        r = view.grid.block_rect(*window.book.plan.find(first.id))
        start = view.body_to_viewport(r.x + r.w / 2, r.y + 10)
        assert start.y() > 40 and start.y() + down < view.viewport().height()
    else:
        assert view.grid.column_width < 260
    drag(qtbot, view, start, start + QPoint(0, down), release=False)
    assert view._drag is not None and view._drag.refusal
    found = _solid_label(view.viewport().grab().toImage())
    assert found is not None, "no refusal label in sight"
    left, top, right, bottom = found
    width, height = view.viewport().width(), view.viewport().height()
    assert left > 0 and right < width - 1 and top > 40 and bottom < height - 1, (found, where)
    painted = view.painter.drag_label  # and it is where the painter says it put it
    assert abs(painted.left() - left) <= 1 and abs(painted.bottom() - bottom) <= 1
    qtbot.keyClick(view, Qt.Key.Key_Escape)


def test_ctrl_m_rings_the_month_calendar_and_the_book_follows_its_keys(qtbot, window):
    from PySide6.QtGui import QPalette

    navigator = window.navigator
    highlight = navigator.palette().color(QPalette.ColorRole.Highlight).rgb()

    def ringed() -> bool:
        picture = navigator.grab().toImage()
        return all(picture.pixel(x, y) == highlight for x, y in (
            (0, picture.height() // 2), (picture.width() - 1, picture.height() // 2),
            (picture.width() // 2, picture.height() - 1)))

    assert not ringed()
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    days = QApplication.focusWidget()  # the calendar's table of days
    assert navigator.isAncestorOf(days) and ringed()
    qtbot.keyClick(days, Qt.Key.Key_Right)
    assert window.book.day == MONDAY + timedelta(days=1)  # the book follows at once
    qtbot.keyClick(days, Qt.Key.Key_Down)
    assert window.book.day == MONDAY + timedelta(days=8)
    assert "October 13" in window.title.text()
    qtbot.keyClick(days, Qt.Key.Key_Escape)  # the keys go back to the book
    assert QApplication.focusWidget() is window.day_view and not ringed()


def test_f5_says_it_refreshed_and_when(qtbot, window, us_locale):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.statusBar().currentMessage().startswith("Refreshed at 8:00")


def test_an_empty_book_says_what_to_do_next_and_stops_once_something_is_booked(
        qtbot, window, book):
    from frontdesk.services.dayplan import Mode

    hint = window.day_view.hint
    assert "Ctrl+N" in hint and "F2" in hint
    assert window.day_view.accessibleDescription() == hint
    plain = window.day_view.viewport().grab().toImage()
    window.day_view.set_hint("")
    assert window.day_view.viewport().grab().toImage() != plain  # the hint is painted
    window.book.reload()
    window.book.set_mode(Mode.ROOMS)
    assert "Ctrl+N" in window.day_view.hint
    book("2026-10-05 10:00")  # from elsewhere: the watcher brings it in
    qtbot.waitUntil(lambda: window.day_view.hint == "", timeout=5000)
    assert any(c.blocks for c in window.book.plan.columns)


def test_after_create_my_clinic_the_set_up_opens_at_the_therapists_and_the_book_says_so(
        qapp, qtbot, db_url):
    from PySide6.QtCore import QTimer

    from frontdesk import app as app_module
    from frontdesk.ui.setup.first_start_dialog import FirstStartDialog

    def create():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, FirstStartDialog) and w.isVisible():
                w.setup_button.click()
                w.name.setText("Kneaded Relief")
                w.create_button.click()

    QTimer.singleShot(300, create)
    _app, window, db = app_module.start(db_url)
    try:
        assert window is not None
        setup = window.setup_dialog
        assert setup.isVisible() and setup.tabs.currentWidget() is setup.therapists
        assert "Set up clinic" in window.day_view.hint
    finally:
        if window is not None:
            window.setup_dialog.close()
            window.close()
        db.close()
