"""The set-up dialog over a real database: forms filled by keyboard and mouse end up in the
database, a bad value is shown at its field, and the dialog fits a 1366x768 screen."""

from datetime import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.hours import WeeklySpan
from frontdesk.services import admin
from frontdesk.services.catalog import load_catalog
from frontdesk.ui.core.door import Door
from frontdesk.ui.setup import SetupDialog
from tests.helpers import local


@pytest.fixture
def dialog(qtbot, db, clinic):
    dlg = SetupDialog(Door(db, actor="owner"))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def catalog(db):
    with db.read() as s:
        return load_catalog(s)


def focus(qtbot, widget):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def retype(qtbot, widget, text: str) -> None:
    """Select what the input holds and type ``text`` over it, as a person would. A time
    edit selects its first section when it gets the focus; typing fills section by section."""
    widget.clearFocus()
    focus(qtbot, widget)
    if not isinstance(widget, QDateTimeEdit):
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def tick(qtbot, box) -> None:
    qtbot.keyClick(box, Qt.Key.Key_Space)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(qtbot, page, name: str) -> None:
    """Click the row called ``name`` in a page's list."""
    row = next(i for i, r in enumerate(page.model.rows) if r.name == name)
    rect = page.list.visualRect(page.model.index(row))
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.name.text() == name


def audit_actors(db) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(m.AuditEntry.actor)))


def test_clinic_settings_are_typed_in_and_saved(qtbot, dialog, db):
    page = dialog.clinic
    retype(qtbot, page.name, "Calm Hands")
    retype(qtbot, page.timezone.lineEdit(), "Europe/Paris")
    retype(qtbot, page.country, "fr")
    page.slot.setFocus()
    qtbot.keyClick(page.slot, Qt.Key.Key_Down)  # 15 -> 20 minutes
    tick(qtbot, page.week.days[6][0])  # closed on Sundays
    retype(qtbot, page.week.days[0][2], "18:30")  # Monday until 18:30
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, page.save_button)
    clinic = catalog(db).clinic
    assert (clinic.name, clinic.tz.key, clinic.country, clinic.slot_minutes) \
        == ("Calm Hands", "Europe/Paris", "FR", 20)
    assert clinic.opening[0] == WeeklySpan(0, time(8), time(18, 30))
    assert [w.weekday for w in clinic.opening] == [0, 1, 2, 3, 4, 5]
    assert page.status.text() == "Saved."
    assert "owner" in audit_actors(db)


def test_a_bad_clinic_value_is_shown_at_its_field(qtbot, dialog, db):
    page = dialog.clinic
    retype(qtbot, page.timezone.lineEdit(), "Mars/Olympus")
    click(qtbot, page.save_button)
    assert "unknown time zone" in page.errors.text("timezone")
    assert page.errors._labels["timezone"].isVisible()
    assert catalog(db).clinic.tz.key == "America/New_York"
    retype(qtbot, page.timezone.lineEdit(), "America/Chicago")
    retype(qtbot, page.week.days[2][2], "07:00")  # Wednesday until before it opens
    click(qtbot, page.save_button)
    assert page.errors.text("timezone") == ""
    assert "Wednesday must start before" in page.errors.text("hours")
    assert catalog(db).clinic.tz.key == "America/New_York"


def test_a_room_is_added_and_another_renamed(qtbot, dialog, db):
    dialog.tabs.setCurrentWidget(dialog.rooms)
    page = dialog.rooms
    click(qtbot, page.new_button)
    assert page.title.text() == "New room" and page.name.text() == ""
    qtbot.keyClicks(page.name, "Lotus")
    tick(qtbot, page.features["hot stone"])
    qtbot.keyClicks(page.more, "couples, Prenatal Table")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, page.save_button)
    rooms = {r.name: r for r in catalog(db).rooms.values()}
    assert rooms["Lotus"].features == {"hot stone", "couples", "prenatal table"}
    assert page.current_row().name == "Lotus"  # the new room stays chosen
    assert page.list.currentIndex().data() == "Lotus"
    pick(qtbot, page, "Cedar")
    retype(qtbot, page.name, "Cedar Suite")
    tick(qtbot, page.active)
    click(qtbot, page.save_button)
    room = catalog(db).rooms[rooms["Cedar"].id]
    assert (room.name, room.active) == ("Cedar Suite", False)
    assert page.model.data(page.list.currentIndex()) == "Cedar Suite  (inactive)"


def test_a_duplicate_room_name_is_shown_at_the_name(qtbot, dialog, db):
    page = dialog.rooms
    pick(qtbot, page, "Cedar")
    retype(qtbot, page.name, "willow")
    click(qtbot, page.save_button)
    assert "already a room named 'Willow'" in page.errors.text("name")
    assert page.name.accessibleDescription() == page.errors.text("name")
    assert {r.name for r in catalog(db).rooms.values()} == {"Willow", "Cedar", "Birch"}
    click(qtbot, page.revert_button)
    assert page.name.text() == "Cedar" and page.errors.text("name") == ""


def test_a_service_is_added_and_offered_to_therapists_at_once(qtbot, dialog, db):
    page = dialog.services
    click(qtbot, page.new_button)
    qtbot.keyClicks(page.name, "Cupping 45")
    retype(qtbot, page.minutes, "45")
    retype(qtbot, page.price, "85.50")
    retype(qtbot, page.turnover, "10")
    retype(qtbot, page.feature.lineEdit(), "hot stone")
    click(qtbot, page.save_button)
    service = catalog(db).service("Cupping 45")
    assert (service.minutes, service.turnover_after, service.required_feature) \
        == (45, 10, "hot stone")
    with db.read() as s:
        assert s.get(m.Service, service.id).price_cents == 8550
    assert service.id in dialog.therapists.services  # a checkbox on the Therapists tab
    click(qtbot, page.new_button)
    qtbot.keyClicks(page.name, "swedish 60")
    click(qtbot, page.save_button)
    assert "already a service named 'Swedish 60'" in page.errors.text("name")


def test_a_therapists_hours_services_and_break_are_saved(qtbot, dialog, db, clinic):
    dialog.tabs.setCurrentWidget(dialog.therapists)
    page = dialog.therapists
    pick(qtbot, page, "Ben")
    saturday = page.week.days[5]
    tick(qtbot, saturday[0])
    retype(qtbot, saturday[1], "10:00")
    retype(qtbot, saturday[2], "14:00")
    tick(qtbot, saturday[3])
    retype(qtbot, saturday[4], "12:00")
    retype(qtbot, saturday[5], "12:15")
    tick(qtbot, page.services[clinic["Hot Stone 90"]])
    click(qtbot, page.save_button)
    ben = catalog(db).therapists[clinic["Ben"]]
    assert WeeklySpan(5, time(10), time(14)) in ben.shifts
    assert ben.breaks == (WeeklySpan(5, time(12), time(12, 15)),)
    assert clinic["Hot Stone 90"] in ben.service_ids
    retype(qtbot, saturday[5], "14:30")  # the break now ends after work does
    click(qtbot, page.save_button)
    assert "not inside the hours worked" in page.errors.text("breaks")
    assert page.week.accessibleDescription() == page.errors.text("hours")
    assert catalog(db).therapists[clinic["Ben"]].breaks == ben.breaks


def test_copy_monday_fills_the_week(qtbot, dialog):
    page = dialog.clinic
    retype(qtbot, page.week.days[0][1], "07:30")
    click(qtbot, page.week.copy_button)
    assert {start for _d, start, _e in page.week.week()} == {time(7, 30)}


def test_time_off_is_added_and_removed(qtbot, dialog, db, clinic):
    page = dialog.therapists
    pick(qtbot, page, "Ana")
    retype(qtbot, page.off_start, "202611020930")  # digits: each section fills in turn
    retype(qtbot, page.off_end, "202611020900")
    click(qtbot, page.add_off)
    assert "must end after it starts" in page.off_errors.text("end")
    retype(qtbot, page.off_end, "202611061800")
    qtbot.keyClicks(page.off_reason, "Course")
    retype(qtbot, page.name, "Ana Maria")  # an edit in progress survives adding time off
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, page.add_off)
    off = catalog(db).therapists[clinic["Ana"]].time_off
    assert [(o.start, o.end, o.reason) for o in off] \
        == [(local("2026-11-02 09:30"), local("2026-11-06 18:00"), "Course")]
    assert page.off_model.rowCount() == 1 and page.name.text() == "Ana Maria"
    assert "Course" in page.off_model.data(page.off_model.index(0))
    rect = page.off_list.visualRect(page.off_model.index(0))
    qtbot.mouseClick(page.off_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, page.remove_off)
    assert catalog(db).therapists[clinic["Ana"]].time_off == ()
    assert page.off_model.rowCount() == 0


def test_enter_saves_the_tab_shown(qtbot, dialog, db):
    page = dialog.services
    dialog.tabs.setCurrentWidget(page)
    pick(qtbot, page, "Swedish 60")
    retype(qtbot, page.name, "Swedish Relax 60")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Swedish Relax 60" in {s.name for s in catalog(db).services.values()}


def test_every_tab_fits_a_1366x768_screen_and_renders(qtbot, dialog, tmp_path):
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728, hint
    assert dialog.width() <= 1366 and dialog.height() <= 728
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        picture = tmp_path / f"tab{i}.png"
        assert dialog.grab().save(str(picture))
        assert picture.stat().st_size > 10_000


def test_every_input_has_an_accessible_name(dialog):
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSpinBox,
        QCheckBox,
        QComboBox,
        QLineEdit,
    )
    inputs = [w for kind in (QLineEdit, QAbstractSpinBox, QComboBox, QCheckBox,
                             QAbstractItemView) for w in dialog.findChildren(kind)]
    unnamed = [w for w in inputs
               if not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))  # their own editor
               and w.window() is dialog
               and not (w.accessibleName() or getattr(w, "text", lambda: "")())]
    assert len(inputs) > 80 and unnamed == []


def test_a_services_cautions_are_ticked_saved_and_suggested_for_a_new_one(qtbot, dialog, db,
                                                                      clinic):
    admin.update_service(db, clinic["Swedish 60"], cautions=["pregnancy", "sunburn"])
    dialog.reload()
    page = dialog.services
    pick(qtbot, page, "Swedish 60")
    assert page.cautions["pregnancy"].isChecked()
    assert not page.cautions["anticoagulants"].isChecked()
    tick(qtbot, page.cautions["anticoagulants"])
    click(qtbot, page.save_button)
    with db.read() as s:
        saved = s.get(m.Service, clinic["Swedish 60"]).cautions.split(",")
    assert saved == ["anticoagulants", "pregnancy", "sunburn"]  # the typed-in one is kept
    click(qtbot, page.new_button)
    qtbot.keyClicks(page.name, "Deep Tissue 30")
    assert page.cautions["anticoagulants"].isChecked() and page.cautions["pregnancy"].isChecked()
    assert not page.cautions["diabetes"].isChecked()


def _answer_zone_question(choice: str, asked: list[str]) -> None:
    """Click the button whose text starts with ``choice`` on the next modal question."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.ui.conftest import when_up

    def click(box) -> None:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "").startswith(choice)).click()
    when_up(lambda: box if isinstance(box := QApplication.activeModalWidget(), QMessageBox)
            else None, click)


@pytest.mark.parametrize(("choice", "shown_at"), [("Keep the clock times", "10:00"),
                                                 ("Keep the moments", "16:00")])
def test_a_new_zone_on_a_book_with_visits_asks_which_to_keep(qtbot, dialog, db, clinic,
                                                             choice, shown_at):
    from frontdesk.domain import clock
    from frontdesk.services.booking import Bookings
    from tests.helpers import NOW, request

    visit = Bookings(db, "tester", lambda: NOW).book(request(clinic, "2026-10-05 10:00"))
    page = dialog.clinic
    retype(qtbot, page.timezone.lineEdit(), "Europe/Paris")
    asked: list[str] = []
    _answer_zone_question(choice, asked)
    with qtbot.waitSignal(dialog.changed, timeout=5000):
        click(qtbot, page.save_button)
    assert "holds 1 appointment" in asked[0] and "Europe/Paris" in asked[0]
    paris = catalog(db).clinic.tz
    assert paris.key == "Europe/Paris"
    with db.read() as s:
        start = s.get(m.Appointment, visit.id).starts_at
    assert f"{clock.to_local(start, paris):%H:%M}" == shown_at
    assert page.status.text().startswith("Saved")


def test_cancelling_the_zone_question_changes_nothing(qtbot, dialog, db, clinic):
    from frontdesk.services.booking import Bookings
    from tests.helpers import NOW, request

    Bookings(db, "tester", lambda: NOW).book(request(clinic, "2026-10-05 10:00"))
    page = dialog.clinic
    retype(qtbot, page.timezone.lineEdit(), "Europe/Paris")
    asked: list[str] = []
    _answer_zone_question("Cancel", asked)
    click(qtbot, page.save_button)
    assert asked and "say which to keep" in page.errors.text("timezone")
    assert catalog(db).clinic.tz.key == "America/New_York"
