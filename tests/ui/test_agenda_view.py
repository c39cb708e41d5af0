"""The agenda page, offscreen: what a therapist reads, in 12-hour US times, escaped, themed."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QPalette
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.services.agenda import agenda
from frontdesk.services.catalog import load_catalog
from frontdesk.services.clients import new_client
from frontdesk.ui.book.agenda_view import ALERT_DARK, AgendaView, Colours

MONDAY = date(2026, 10, 5)



@pytest.fixture
def day(db, clinic, book, now):
    with db.write() as s:
        bob = new_client(s, "<b>Bob</b>", at=now, notes="<script>x</script> & co").id
        s.get(m.Client, clinic["José Núñez"]).notes = "Prefers firm pressure"
        s.get(m.Client, clinic["Zoë Brontë"]).alert = "Latex allergy"
        s.add_all([
            m.ClientFlag(client_id=clinic["José Núñez"], flag="anticoagulants", note="warfarin"),
            m.ClientFlag(client_id=clinic["Zoë Brontë"], flag="pregnancy"),
        ])
    book("2026-10-05 09:00", "Swedish 60", client="José Núñez", notes="back only")
    book("2026-10-05 10:45", "Deep Tissue 60", client="Zoë Brontë", room="Willow")
    book("2026-10-05 14:00", "Trigger Point 30", client=bob)
    with db.read() as s:
        return agenda(s, load_catalog(s), clinic["Ana"], MONDAY)


def shown(qtbot, agenda_, **kw) -> AgendaView:
    view = AgendaView()
    qtbot.addWidget(view)
    view.resize(600, 900)
    view.show_agenda(agenda_, **kw)
    return view


def test_page_shows_what_the_therapist_needs(qtbot, day, us_locale):
    text = shown(qtbot, day).toPlainText()
    for expected in ("Ana", "Monday, October 5, 2026", "3 clients", "José Núñez", "Zoë Brontë",
                     "Alert: Latex allergy", "anticoagulants: warfarin", "pregnancy",
                     "Prefers firm pressure", "back only", "Swedish 60", "Willow", "Booked",
                     "Break", "free 45 min", "free 2 h"):
        assert expected in text, expected
    assert re.search(r"Working 9:00\sAM – 5:00\sPM", text)
    assert re.search(r"10:45\sAM", text) and re.search(r"2:00\sPM", text)
    assert "14:00" not in text
    assert text.index("José Núñez") < text.index("Zoë Brontë") < text.index("Bob")
    assert text.index("Break") < text.index("Bob")
    assert "Alert" not in text[:text.index("Zoë Brontë")]  # José has no alert


def test_locale_may_be_given(qtbot, day):
    text = shown(qtbot, day, locale=QLocale(QLocale.Language.German,
                                            QLocale.Country.Germany)).toPlainText()
    assert "14:00" in text and "PM" not in text


def test_user_text_is_escaped(qtbot, day, us_locale):
    view = shown(qtbot, day)
    text = view.toPlainText()
    assert "<b>Bob</b>" in text  # shown as typed, not turned into markup
    assert "<script>x</script> & co" in text
    assert "<b>Bob</b>" not in view.toHtml()


def test_accessible_name_and_summary(qtbot, day, us_locale):
    view = shown(qtbot, day)
    assert view.accessibleName()
    assert view.accessibleDescription() == "Ana, Monday, October 5, 2026: 3 clients"


def dark(view: AgendaView) -> None:
    palette = QPalette(view.palette())
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.Base, "#1b1b1d"),
                         (QPalette.ColorRole.Text, "#e8e8ea"),
                         (QPalette.ColorRole.WindowText, "#e8e8ea")):
        palette.setColor(role, QColor(colour))
    view.setPalette(palette)


def test_dark_palette_gives_light_text_and_a_lighter_red(qtbot, day, us_locale, tmp_path):
    view = shown(qtbot, day)
    light_alert = Colours.from_palette(view.palette()).alert
    dark(view)
    colours = Colours.from_palette(view.palette())
    assert colours.text == "#e8e8ea" and colours.alert == ALERT_DARK != light_alert
    html = view.toHtml()  # re-rendered when the palette changed
    assert "#e8e8ea" in html and ALERT_DARK in html
    image = view.grab().toImage()
    assert not image.isNull()
    assert QColor(image.pixel(300, 880)).lightness() < 60  # the page's dark base, not white


def test_fall_back_night_says_which_one_thirty(qtbot, db, clinic, book, us_locale):
    with db.write() as s:
        th = m.TherapistHours
        for h in s.scalars(select(th).where(th.therapist_id == clinic["Ana"], th.weekday == 6,
                                            th.kind == "work")):
            h.starts, h.ends = time(0), time(6)
        for o in s.scalars(select(m.OpeningHours).where(m.OpeningHours.weekday == 6)):
            o.opens = time(0)
    book("2026-11-01 01:30", "Swedish 60", client="José Núñez")  # the first 01:30
    with db.read() as s:
        text = shown(qtbot, agenda(s, load_catalog(s), clinic["Ana"],
                                   date(2026, 11, 1))).toPlainText()
    assert re.search(r"1:30\sAM\sEDT", text) and re.search(r"1:30\sAM\sEST", text)
    assert "1 h" in text and "free 1 h 30 min" in text
    assert re.search(r"Working 12:00\sAM – 6:00\sAM", text)


def test_an_empty_day(qtbot, db, clinic, us_locale):
    with db.read() as s:
        text = shown(qtbot, agenda(s, load_catalog(s), clinic["Ben"],
                                   date(2026, 10, 4))).toPlainText()
    assert "Not working" in text and "no clients" in text and "No appointments." in text
