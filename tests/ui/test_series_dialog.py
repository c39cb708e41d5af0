"""The standing-appointment dialog offscreen, over a real database and the real engine.

A weekly series from Tue 2026-10-20 10:00 with Ana crosses the fall DST change in New York
(Sun 2026-11-01): its visits stay at 10:00 on the clock.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import clock
from frontdesk.services.booking import BookingRequest
from frontdesk.ui.core.door import Door
from frontdesk.ui.editing.dst_note import dst_note
from frontdesk.ui.editing.move_visit_dialog import MoveVisitDialog
from frontdesk.ui.editing.series_dialog import (
    KEEP,
    STATE,
    WHEN,
    RepeatDialog,
)
from tests.helpers import TZ, local

FIRST = "2026-10-20 10:00"


@pytest.fixture
def dialog(qtbot, clinic, bookings):
    def make(start: str = FIRST, count: int | None = 4) -> RepeatDialog:
        req = BookingRequest(service_id=clinic["Swedish 60"], start=local(start),
                             client_id=clinic["José Núñez"], therapist_id=clinic["Ana"])
        d = RepeatDialog(Door(bookings.db, actor="tester", now=bookings.now), req)
        qtbot.addWidget(d)
        if count is not None:
            d.count.setValue(count)
        with qtbot.waitActive(d):
            d.show()
            d.activateWindow()
        return d
    return make


@pytest.fixture
def clash(book):
    """Zoë with Ana at 10:30 in the series' second week."""
    return book("2026-10-27 10:30", therapist="Ana", room="Willow", client="Zoë Brontë")


def shown(d: RepeatDialog) -> list[tuple[bool, str, str]]:
    out = []
    for i in range(d.tree.topLevelItemCount()):
        item = d.tree.topLevelItem(i)
        out.append((item.checkState(KEEP) == Qt.CheckState.Checked, item.text(WHEN),
                    item.text(STATE)))
    return out


def series_starts(db) -> list[str]:
    with db.read() as s:
        starts = s.scalars(select(m.Appointment.starts_at)
                           .where(m.Appointment.series_id.is_not(None))
                           .order_by(m.Appointment.starts_at)).all()
    return [f"{clock.to_local(t, TZ):%Y-%m-%d %H:%M}" for t in starts]


def test_a_weekly_series_across_the_dst_change_stays_at_ten_and_says_so(dialog):
    d = dialog()
    assert [w for _, w, _ in shown(d)] == [
        "Tue 20 Oct 2026 10:00", "Tue 27 Oct 2026 10:00", "Tue 3 Nov 2026 10:00",
        "Tue 10 Nov 2026 10:00"]
    assert all(keep and state == "free" for keep, _, state in shown(d))
    assert d.dst.isVisible()
    assert d.dst.text() == ("Times stay at 10:00 on the clock across the change to standard "
                            "time on Sun 1 Nov.")
    assert d.book_button.text() == "&Book 4 visits" and d.book_button.isDefault()
    assert "José Núñez" in d.about.text() and "Ana" in d.about.text()


def test_a_series_that_crosses_no_change_has_no_dst_note(dialog):
    d = dialog(count=2)
    assert d.dst.isHidden()


def test_booking_books_every_visit_at_ten_local_and_shows_the_outcomes(qtbot, db, dialog):
    d = dialog()
    qtbot.mouseClick(d.book_button, Qt.MouseButton.LeftButton)
    assert series_starts(db) == ["2026-10-20 10:00", "2026-10-27 10:00", "2026-11-03 10:00",
                                 "2026-11-10 10:00"]
    assert len(d.outcomes) == 4 and all(o.booked for o in d.outcomes)
    assert all(state.startswith("booked (#") for _, _, state in shown(d))
    assert d.book_button.text() == "Close" and d.cancel_button.isHidden()
    assert d.summary.text() == "Booked 4 of 4 visits."
    qtbot.mouseClick(d.book_button, Qt.MouseButton.LeftButton)
    assert d.result() == RepeatDialog.DialogCode.Accepted


def test_a_clash_starts_unticked_with_its_reason(dialog, clash):
    d = dialog()
    keep, when, state = shown(d)[1]
    assert not keep and when == "Tue 27 Oct 2026 10:00" and "Ana is busy" in state
    assert d.book_button.text() == "&Book 3 visits"


def test_moving_the_clash_to_two_pm_frees_and_ticks_it(qtbot, db, dialog, clash):
    d = dialog()
    d.tree.setCurrentItem(d.tree.topLevelItem(1))

    def answer():
        ask = QApplication.activeModalWidget()
        assert isinstance(ask, MoveVisitDialog)
        ask.edit.setTime(QTime(14, 0))
        ask.accept()
    QTimer.singleShot(0, answer)
    qtbot.mouseClick(d.move_button, Qt.MouseButton.LeftButton)
    assert shown(d)[1] == (True, "Tue 27 Oct 2026 14:00 (moved)", "free")
    assert d.book_button.text() == "&Book 4 visits"
    d.book()
    assert series_starts(db) == ["2026-10-20 10:00", "2026-10-27 14:00", "2026-11-03 10:00",
                                 "2026-11-10 10:00"]


def test_a_move_survives_lengthening_the_series(dialog, clash):
    d = dialog()
    d.move_to(1, local("2026-10-27 14:00"))
    d.count.setValue(5)
    assert len(shown(d)) == 5 and shown(d)[1][1] == "Tue 27 Oct 2026 14:00 (moved)"


def test_skipping_one_visit_by_space_books_three(qtbot, db, dialog):
    d = dialog()
    d.tree.setFocus()
    d.tree.setCurrentItem(d.tree.topLevelItem(2))
    qtbot.keyClick(d.tree, Qt.Key.Key_Space)
    assert [keep for keep, _, _ in shown(d)] == [True, True, False, True]
    assert d.book_button.text() == "&Book 3 visits"
    d.book()
    assert series_starts(db) == ["2026-10-20 10:00", "2026-10-27 10:00", "2026-11-10 10:00"]
    assert shown(d)[2][2] == "skipped"


def test_a_time_the_clocks_skip_is_refused_at_the_move_field(qtbot, dialog):
    d = dialog(start="2027-03-02 10:00", count=2)
    ask = MoveVisitDialog(d.rows[0].start, TZ, d)
    qtbot.addWidget(ask)
    ask.edit.setDate(QDate(2027, 3, 14))
    ask.edit.setTime(QTime(2, 30))
    ask.accept()
    assert ask.result() != MoveVisitDialog.DialogCode.Accepted
    assert "does not exist" in ask.errors.text("start")


def test_every_two_weeks_spaces_the_visits(dialog):
    d = dialog()
    d.every.setValue(2)
    assert d.every.text() == "every 2 weeks"
    assert [w for _, w, _ in shown(d)] == [
        "Tue 20 Oct 2026 10:00", "Tue 3 Nov 2026 10:00", "Tue 17 Nov 2026 10:00",
        "Tue 1 Dec 2026 10:00"]


def test_ending_on_a_date_includes_that_day(qtbot, dialog):
    d = dialog()
    qtbot.mouseClick(d.until_radio, Qt.MouseButton.LeftButton)
    assert d.until_radio.isChecked() and not d.count.isEnabled()
    d.until.setDate(QDate(2026, 11, 3))
    assert [w for _, w, _ in shown(d)] == [
        "Tue 20 Oct 2026 10:00", "Tue 27 Oct 2026 10:00", "Tue 3 Nov 2026 10:00"]


def test_a_count_of_nought_is_shown_at_the_count(dialog):
    d = dialog()
    d.count.setValue(0)
    assert "1 to 104" in d.errors.text("count")
    assert d.count.property("invalid") is True
    assert shown(d) == [] and not d.book_button.isEnabled()
    d.count.setValue(3)
    assert d.errors.text("count") == "" and len(shown(d)) == 3


def test_an_end_before_the_start_is_shown_at_the_date(dialog):
    d = dialog()
    d.until_radio.setChecked(True)
    d.until.setDate(QDate(2026, 10, 13))
    assert "before it starts" in d.errors.text("until")
    assert shown(d) == [] and not d.book_button.isEnabled()


def test_the_until_date_defaults_to_six_weekly_visits(dialog):
    d = dialog(count=None)
    assert d.count.value() == 6 and len(shown(d)) == 6
    assert d.until.date() == QDate(2026, 11, 24)
    assert date(2026, 11, 24) == date.fromisoformat(d.until.date().toString("yyyy-MM-dd"))


def test_a_series_none_of_which_books_is_reported_and_closes_as_rejected(qtbot, db, dialog):
    d = dialog(start="2026-10-18 07:00", count=2)  # before the clinic opens: all in the way
    assert [keep for keep, _, _ in shown(d)] == [False, False]
    for i in range(2):
        d.tree.topLevelItem(i).setCheckState(KEEP, Qt.CheckState.Checked)
    assert d.book_button.text() == "&Book 2 visits"
    d.book()
    assert all(state.startswith("refused: ") for _, _, state in shown(d))
    assert d.summary.text() == "Booked 0 of 2 visits; 2 refused." and series_starts(db) == []
    d.book()  # now "Close"
    assert d.result() == RepeatDialog.DialogCode.Rejected


def test_the_dst_note_names_the_spring_change_and_several_changes_briefly():
    spring = [local("2027-03-09 18:30"), local("2027-03-16 18:30")]
    assert dst_note(spring, TZ) == ("Times stay at 18:30 on the clock across the change to "
                                    "daylight saving time on Sun 14 Mar.")
    year = [local("2026-10-20 10:00"), local("2026-12-01 10:00"), local("2027-04-06 10:00")]
    assert dst_note(year, TZ).endswith("standard time on Sun 1 Nov and to daylight saving "
                                       "time on Sun 14 Mar 2027.")
    assert dst_note([local("2026-10-20 10:00")], TZ) == ""


def test_double_clicking_a_visit_opens_the_move_editor(qtbot, dialog, clash):
    d = dialog()
    item = d.tree.topLevelItem(1)
    seen = []

    def answer():
        ask = QApplication.activeModalWidget()
        seen.append(ask.naive())
        ask.reject()
    QTimer.singleShot(0, answer)
    d.tree.itemDoubleClicked.emit(item, WHEN)
    assert [f"{t:%Y-%m-%d %H:%M}" for t in seen] == ["2026-10-27 10:00"]
    assert shown(d)[1][0] is False  # cancelled: nothing moved
