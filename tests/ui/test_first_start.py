"""The first start on an empty database: set up one's clinic, or build the demo in the
background; either way the database has a clinic afterwards."""

from datetime import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.domain.hours import WeeklySpan
from frontdesk.services import setup_view
from frontdesk.services.catalog import load_catalog
from frontdesk.services.setup import FirstStart
from frontdesk.ui.setup import first_start_dialog
from frontdesk.ui.setup.first_start_dialog import FirstStartDialog
from tests.ui.test_setup_screens import click, retype, tick


@pytest.fixture
def dialog(qtbot, db):
    assert setup_view.needs_first_start(db)
    dlg = FirstStartDialog(FirstStart(db))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def test_setting_up_my_clinic_stores_name_zone_and_hours(qtbot, dialog, db):
    click(qtbot, dialog.setup_button)
    assert dialog.pages.currentIndex() == 1
    qtbot.keyClicks(dialog.name, "Calm Hands Massage")
    retype(qtbot, dialog.timezone.lineEdit(), "America/Denver")
    tick(qtbot, dialog.week.days[6][0])  # closed on Sundays
    retype(qtbot, dialog.week.days[5][2], "15:00")  # Saturdays until 15:00
    click(qtbot, dialog.create_button)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.choice == "setup"
    assert not setup_view.needs_first_start(db)
    with db.read() as s:
        clinic = load_catalog(s).clinic
    assert (clinic.name, clinic.tz.key) == ("Calm Hands Massage", "America/Denver")
    assert clinic.opening == (*(WeeklySpan(d, time(9), time(20)) for d in range(5)),
                              WeeklySpan(5, time(9), time(15)))


def test_bad_set_up_values_are_shown_at_their_fields(qtbot, dialog, db):
    click(qtbot, dialog.setup_button)
    click(qtbot, dialog.create_button)
    assert "needs a name" in dialog.errors.text("name")
    qtbot.keyClicks(dialog.name, "Calm")
    retype(qtbot, dialog.timezone.lineEdit(), "Atlantis/Capital")
    click(qtbot, dialog.create_button)
    assert dialog.errors.text("name") == ""
    assert "unknown time zone" in dialog.errors.text("timezone")
    assert setup_view.needs_first_start(db) and dialog.isVisible() and dialog.choice is None
    click(qtbot, dialog.back_button)
    assert dialog.pages.currentIndex() == 0


def test_the_demo_is_built_in_the_background(qtbot, dialog, db):
    click(qtbot, dialog.demo_button)
    assert dialog.pages.currentIndex() == 2 and dialog.progress.maximum() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # no closing half-way through
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.choice == "demo", timeout=60_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Therapist)) == 6
        assert s.scalar(select(func.count()).select_from(m.Appointment)) > 100
    assert not setup_view.needs_first_start(db)


def test_a_failed_demo_says_why_and_offers_the_choices_again(qtbot, dialog, db):
    with db.write() as s:
        s.add(m.Room(name="Already here"))
    click(qtbot, dialog.demo_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=10_000)
    assert "needs an empty one" in dialog.choice_error.text()
    assert dialog.isVisible() and dialog.choice is None


def test_the_time_zone_offered_is_this_computers(qtbot, dialog):
    here = first_start_dialog.local_zone_name()
    assert dialog.timezone.currentText() == here
    assert first_start_dialog.local_zone_name("Europe/Oslo") == "Europe/Oslo"
    assert first_start_dialog.local_zone_name("Nowhere/Special") == "America/New_York"
