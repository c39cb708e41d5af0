"""Signing in at the window, the idle lock, and what each role is offered (real widgets,
offscreen, on the suite's engine).

Passwords are real argon2id hashes; each test makes only the accounts it needs.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from frontdesk.db.migrate import open_database
from frontdesk.domain.access import Role, Staff
from frontdesk.services import accounts, setup_view
from frontdesk.services.setup import FirstStart
from frontdesk.ui.signin.dialog import SignInDialog
from frontdesk.ui.signin.lock import Cover
from tests.helpers import NOW, ClinicBuilder

MARIA, DANA, TOM = "manager-pw-1", "desk-pw-12", "therapist-1"


def _staff(db, clinic, *names: str) -> None:
    accounts.add(db, "Maria", Role.MANAGER, MARIA)
    db.staff = Staff("Maria", Role.MANAGER)
    if "Dana" in names:
        accounts.add(db, "Dana", Role.DESK, DANA)
    if "Tom" in names:
        accounts.add(db, "Tom", Role.THERAPIST, TOM, therapist_id=clinic["Ana"])
    db.staff = None


def _open(qtbot, db, who: str, password: str, lock_minutes: float = 5):
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow

    accounts.sign_in(db, who, password)
    window = MainWindow(Door(db, actor=who, now=lambda: NOW, watch_ms=60_000),
                        lock_minutes=lock_minutes)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _sign_in(qtbot, dialog: SignInDialog, name: str, password: str) -> None:
    dialog.name.setText(name)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.tasks.busy, timeout=10_000)


def test_the_book_shows_only_after_a_sign_in(qapp, qtbot, db_url):
    from frontdesk import app as app_module

    db = open_database(db_url)
    clinic = ClinicBuilder(db).standard()
    _staff(db, clinic, "Dana")
    db.close()
    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(50, answer)
            return
        assert not any(w.isVisible() for w in QApplication.topLevelWidgets()
                       if w.inherits("QMainWindow"))
        _sign_in(qtbot, dialog, "Dana", "not-the-password")
        seen.append(dialog.errors.general.text())
        assert dialog.isVisible() and dialog.staff is None
        qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=10_000)  # waited a little
        _sign_in(qtbot, dialog, "dana", DANA)

    QTimer.singleShot(100, answer)
    _app, window, db = app_module.start(db_url)
    try:
        assert seen == ["Wrong name or password."]
        assert window is not None and window.door.staff == Staff("Dana", Role.DESK)
        assert window.who.text() == "Signed in: Dana (desk)"
        assert window.door.actor == "Dana"
    finally:
        if window is not None:
            window.close()
        db.close()


def test_closing_the_sign_in_quits_without_showing_the_book(qapp, db_url):
    from frontdesk import app as app_module

    db = open_database(db_url)
    _staff(db, ClinicBuilder(db).standard())
    db.close()

    def close():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SignInDialog):
            dialog.reject()
        else:
            QTimer.singleShot(50, close)

    QTimer.singleShot(100, close)
    _app, window, db = app_module.start(db_url)
    db.close()
    assert window is None


def test_what_a_role_may_not_do_is_greyed_with_the_reason_or_hidden(qtbot, db, clinic):
    _staff(db, clinic, "Dana", "Tom")
    desk = _open(qtbot, db, "Dana", DANA)
    assert not desk.act_setup.isEnabled()
    assert "a desk may not change the clinic's set-up" in desk.act_setup.toolTip()
    assert not desk.act_audit.isEnabled()
    assert "may not read the audit trail" in desk.act_audit.toolTip()
    assert not desk.act_backups.isEnabled()
    assert "may not back up" in desk.act_backups.toolTip()
    assert desk.editing.act_new.isVisible() and desk.printing.act_publish.isEnabled()
    desk.close()
    tom = _open(qtbot, db, "Tom", TOM)
    assert not tom.act_setup.isEnabled()
    assert not tom.editing.act_new.isVisible() and not tom.desk.act_waitlist.isVisible()
    assert not tom.printing.act_publish.isEnabled()
    assert "only for their own" in tom.printing.act_publish.toolTip()
    tom.close()
    boss = _open(qtbot, db, "Maria", MARIA)
    assert boss.act_setup.isEnabled() and boss.editing.act_new.isVisible()
    assert boss.act_audit.isEnabled() and boss.open_audit().isVisible()
    assert boss.act_backups.isEnabled()
    assert boss.act_setup.toolTip() == desk.act_setup.property("plain_tip")
    boss.close()


def test_a_book_without_accounts_has_no_lock_and_no_limits(window):
    assert window.idle_lock is None and window.door.staff is None
    assert window.act_setup.isEnabled() and not window.who.isVisible()
    assert not window.act_lock.isVisible()


def test_the_window_locks_when_idle_and_covers_every_window(qtbot, db, clinic):
    _staff(db, clinic, "Dana")
    window = _open(qtbot, db, "Dana", DANA, lock_minutes=0.002)  # 120 ms
    clients = window.open_clients()
    qtbot.addWidget(clients)
    lock = window.idle_lock
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    covered = {c.parentWidget() for c in window.findChildren(Cover)
               + clients.findChildren(Cover)}
    assert {window, clients} <= covered
    assert all(c.isVisible() and c.geometry() == c.parentWidget().rect()
               for c in lock.covers)
    assert QApplication.activeModalWidget() is lock.dialog
    assert lock.dialog.name.text() == "Dana"
    lock.dialog.reject()  # Esc and the close box do not unlock
    assert lock.is_locked and lock.dialog.isVisible()
    _sign_in(qtbot, lock.dialog, "Dana", "wrong-password")
    assert lock.is_locked
    qtbot.waitUntil(lambda: lock.dialog.sign_in_button.isEnabled(), timeout=10_000)
    _sign_in(qtbot, lock.dialog, "Dana", DANA)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=5000)
    assert not any(c.isVisible() for c in window.findChildren(Cover))
    assert window.door.staff.name == "Dana" and clients.isVisible()  # nothing closed
    assert lock.timer.isActive()
    window.close()


def test_someone_else_signing_in_at_the_lock_works_as_themselves(qtbot, db, clinic):
    _staff(db, clinic, "Dana")
    window = _open(qtbot, db, "Dana", DANA, lock_minutes=60)
    window.open_clients()
    window.act_lock.trigger()
    dialog = window.idle_lock.dialog
    assert dialog is not None
    _sign_in(qtbot, dialog, "Maria", MARIA)
    qtbot.waitUntil(lambda: not window.idle_lock.is_locked, timeout=5000)
    assert window.door.staff == Staff("Maria", Role.MANAGER) == db.staff
    assert window.door.actor == window.door.ops.bookings.actor == "Maria"
    assert window.who.text() == "Signed in: Maria (manager)"
    assert window.act_setup.isEnabled() and window.clients_window is None
    window.close()


def test_a_key_or_a_click_starts_the_idle_wait_again(qtbot, db, clinic):
    _staff(db, clinic)
    window = _open(qtbot, db, "Maria", MARIA, lock_minutes=60)
    timer = window.idle_lock.timer
    timer.stop()
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                             Qt.KeyboardModifier.NoModifier))
    assert timer.isActive()
    timer.stop()
    QApplication.sendEvent(window, QEvent(QEvent.Type.Enter))  # a pointer passing by: not use
    assert not timer.isActive()
    window.close()


def test_the_first_start_makes_the_manager_and_signs_them_in(qtbot, db):
    from frontdesk.ui.setup.first_start_dialog import FirstStartDialog

    dialog = FirstStartDialog(FirstStart(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_setup()
    dialog.name.setText("Calm Hands")
    dialog.manager.setText("Maria")
    dialog.password.setText(MARIA)
    dialog.again.setText("something-else")
    dialog.create_clinic()
    assert "differ" in dialog.errors.text("again")
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog.create_clinic()
    assert "at least 8" in dialog.errors.text("password")
    assert setup_view.needs_first_start(db)
    dialog.password.setText(MARIA)
    dialog.again.setText(MARIA)
    dialog.create_clinic()
    assert dialog.choice == "setup" and not setup_view.needs_first_start(db)
    assert db.staff == Staff("Maria", Role.MANAGER)
    with db.read() as session:
        assert [a.name for a in accounts.accounts(session)] == ["Maria"]


@pytest.mark.parametrize("manager", ["", "   "])
def test_the_first_start_without_a_manager_makes_a_book_without_sign_in(qtbot, db, manager):
    FirstStart(db).create("Calm Hands", "America/New_York", [], manager=manager)
    assert db.staff is None
    with db.read() as session:
        assert not accounts.has_accounts(session)


def test_a_therapist_opens_another_therapists_client_with_the_details_withheld(qtbot, db,
                                                                                clinic):
    from frontdesk.services import client_record
    from frontdesk.ui.clients.clients_window import WITHHELD

    _staff(db, clinic, "Tom")
    db.staff = Staff("Maria", Role.MANAGER)
    zoe = clinic["Zoë Brontë"]
    client_record.update_client(db, zoe, name="Zoë Brontë", phone="+1 917 555 0102",
                                email="", notes="private note", alert="bruises easily",
                                flags=["pregnancy"])
    window = _open(qtbot, db, "Tom", TOM)
    clients = window.open_clients(zoe)
    qtbot.addWidget(clients)
    qtbot.waitUntil(lambda: clients.record is not None, timeout=5000)
    assert clients.record.withheld
    assert clients.notes_edit.toPlainText() == "" and clients.alert_edit.text() == ""
    assert clients.notes_edit.placeholderText() == WITHHELD
    assert not clients.details.isEnabled() and not clients.banner.isVisible()
    window.close()
