"""Tools > Reports…, driven offscreen: the figures of tests/services/test_reports.py in the
table and the chart, read off the GUI thread; Cancel; exports read back; managers only."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtCharts import QHorizontalBarSeries, QScatterSeries
from PySide6.QtGui import QImage

from frontdesk.domain import reports as rules
from frontdesk.domain.access import Role, Staff
from frontdesk.services import accounts
from tests.services.test_reports import add

FIRST, LAST = date(2026, 10, 5), date(2026, 10, 11)


@pytest.fixture
def week(db, clinic):
    for row in [("2026-10-05 10:00", 60, "Ana", "Cedar", "José Núñez", "completed"),
                ("2026-10-05 14:00", 90, "Ben", "Willow", "Zoë Brontë", "completed"),
                ("2026-10-06 10:00", 60, "Ana", "Cedar", "李小龍", "no_show"),
                ("2026-10-09 15:00", 60, "Ben", "Willow", "Zoë Brontë", "completed")]:
        add(db, clinic, *row)
    return db


@pytest.fixture
def reports_window(qtbot, door, week):
    from frontdesk.ui.reports.reports_window import ReportsWindow

    widget = ReportsWindow(door)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(qtbot, widget, name: str, **kw):
    widget.choose(name, FIRST, LAST, **kw)
    widget.show_button.click()
    assert widget.busy and widget.progress.isVisible() and widget.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not widget.busy, timeout=10_000)
    assert not widget.progress.isVisible()
    return widget.report


def table(widget) -> list[list[str]]:
    m = widget.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_utilisation_in_the_table_and_the_chart(qtbot, reports_window):
    report = shown(qtbot, reports_window, "utilisation")
    assert (report.first, report.last) == (FIRST, LAST)
    rows = {row[1]: row for row in table(reports_window)}
    assert rows["Ana"] == ["therapist", "Ana", "60", "3,150", str(round(60 / 3150 * 100, 1))]
    assert rows["Ben"][2:4] == ["150", "2,400"]
    assert rows["Willow"][2:4] == ["150", "5,040"]
    (series,) = reports_window.chart_view.chart().series()
    assert isinstance(series, QHorizontalBarSeries)
    bars = series.barSets()[0]
    # The table's first row at the top: the bars run upwards, so it is the last bar.
    assert bars.at(bars.count() - 1) == float(table(reports_window)[0][4])
    assert all(b.isEnabled() for b in reports_window.export_buttons.values())


def test_busiest_hours_as_a_heat_map(qtbot, reports_window):
    shown(qtbot, reports_window, "busiest-hours")
    points = sorted((p.x(), p.y()) for s in reports_window.chart_view.chart().series()
                    if isinstance(s, QScatterSeries) for p in s.points())
    # Monday 10:00 and 14:00, Friday 15:00 (Monday is the top row, y 6); not the no-show.
    assert points == [(10.0, 6.0), (14.0, 6.0), (15.0, 2.0)]


def test_new_and_returning_by_week(qtbot, reports_window):
    shown(qtbot, reports_window, "new-returning", period="week")
    assert reports_window.period.isVisible()
    assert table(reports_window) == [["5 Oct 2026", "2", "0", "2"]]


def test_cancel_leaves_the_answer_unread(qtbot, reports_window, door):
    reports_window.choose("no-shows", FIRST, LAST)
    reports_window.show_button.click()
    reports_window.cancel_button.click()
    assert not reports_window.busy and not reports_window.progress.isVisible()
    door.wait()
    qtbot.wait(50)  # the worker's answer is delivered, and dropped
    assert reports_window.report is None and reports_window.model.rowCount() == 0
    assert "Cancelled" in reports_window.message.text()
    assert not reports_window.export_buttons["csv"].isEnabled()


def test_a_refusal_is_said_in_the_window(qtbot, reports_window, week):
    # Accounts made while the window is open, nobody signed in at it: the service refuses.
    accounts.add(week, "Maria", Role.MANAGER, "manager-pw-1")
    assert shown(qtbot, reports_window, "utilisation") is None
    assert "sign in" in reports_window.message.text().lower()


def test_presets_set_the_dates_and_editing_a_date_makes_it_custom(reports_window):
    window = reports_window
    window.range_choice.setCurrentText("Last month")
    assert (window.first.date().toPython(), window.last.date().toPython()) == (
        date(2026, 9, 1), date(2026, 9, 30))  # the tests' clock: 1 October 2026
    window.first.setDate(window.first.date().addDays(3))
    assert window.range_choice.currentText() == "Custom"
    assert window.range() == rules.Range(date(2026, 9, 4), date(2026, 9, 30))


@pytest.mark.parametrize(("name", "first", "last"), [
    ("This month", date(2026, 1, 1), date(2026, 1, 15)),
    ("Last month", date(2025, 12, 1), date(2025, 12, 31)),
    ("This year", date(2026, 1, 1), date(2026, 1, 15)),
    ("Last 12 months", date(2025, 1, 15), date(2026, 1, 14)),
])
def test_the_presets_in_january(name, first, last):
    assert rules.preset(name, date(2026, 1, 15)) == rules.Range(first, last)


def test_exports_read_back(qtbot, reports_window, tmp_path):
    shown(qtbot, reports_window, "no-shows")
    assert reports_window.export("csv", tmp_path / "weeks.csv")
    with open(tmp_path / "weeks.csv", encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f))[1] == ["2026-10-05", "4", "1", "25.0", "0", "0.0"]
    assert reports_window.export("png", tmp_path / "weeks.png")
    assert not QImage(str(tmp_path / "weeks.png")).isNull()
    assert reports_window.export("pdf", tmp_path / "weeks.pdf")
    assert "Wrote weeks.pdf" in reports_window.message.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "weeks.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "No-shows and late cancellations by week" in text
    assert not reports_window.export("pdf", tmp_path / "no-such-folder" / "x.pdf")
    assert "no folder" in reports_window.message.text().lower()


def test_only_a_manager_opens_reports(qtbot, db, clinic, week):
    from frontdesk.ui.core.door import Door
    from frontdesk.ui.main_window import MainWindow
    from tests.helpers import NOW

    accounts.add(db, "Maria", Role.MANAGER, "manager-pw-1")
    db.staff = Staff("Maria", Role.MANAGER)
    accounts.add(db, "Dana", Role.DESK, "desk-pw-12")
    for name, password, allowed in (("Dana", "desk-pw-12", False),
                                    ("Maria", "manager-pw-1", True)):
        accounts.sign_in(db, name, password)
        window = MainWindow(Door(db, actor=name, now=lambda: NOW, watch_ms=60_000))
        qtbot.addWidget(window)
        window.show()
        assert window.act_reports.isEnabled() is allowed
        if not allowed:
            assert "may not read the clinic's reports" in window.act_reports.toolTip()
            window.close()
            continue
        window.act_reports.trigger()
        dialog = window.reports_window
        assert dialog is not None and dialog.isVisible()
        window.act_reports.trigger()
        assert window.reports_window is dialog  # one window, raised again
        window.close()
        window.door.wait()
