"""The shortcut list's keys of the desk's dialogs are the dialogs' real mnemonics: each
"Dialog: Alt+X" row has a button or label with &X in that dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel

from frontdesk.ui.widgets.shortcuts_dialog import DIALOG_KEYS


def _mnemonics(dialog) -> set[str]:
    found = set()
    for widget in (*dialog.findChildren(QAbstractButton), *dialog.findChildren(QLabel)):
        text = widget.text()
        at = text.replace("&&", "").find("&")
        if at >= 0 and widget.isVisibleTo(dialog):
            found.add(text.replace("&&", "")[at + 1].upper())
    return found


def test_every_alt_key_listed_for_a_desk_dialog_is_one_of_its_mnemonics(qtbot, window):
    dialogs = {"Find a time": window.desk.open_find_time(),
               "Caller lookup": window.desk.open_caller()}
    listed = [(place, key) for place, key in
              (row[0].split(": ") for row in DIALOG_KEYS) if place in dialogs]
    assert listed
    for place, keys in listed:
        for key in keys.split(", "):
            if key.startswith("Alt+"):
                assert key[-1] in _mnemonics(dialogs[place]), (place, key)
    for dialog in dialogs.values():
        dialog.close()


def _clashes(dialog) -> dict[str, list[str]]:
    """The Alt keys two or more of a dialog's shown controls answer to, with their texts."""
    seen: dict[str, list[str]] = {}
    for widget in (*dialog.findChildren(QAbstractButton), *dialog.findChildren(QLabel)):
        text = widget.text().replace("&&", "")
        at = text.find("&")
        if at >= 0 and at + 1 < len(text) and widget.isVisibleTo(dialog):
            seen.setdefault(text[at + 1].upper(), []).append(text)
    return {key: texts for key, texts in seen.items() if len(texts) > 1}


def test_no_two_controls_of_a_desk_dialog_answer_to_one_alt_key(qtbot, db, clinic, book):
    """Alt+key reaches one control: two of them with one key make Alt take the first and
    leave the other out of reach by keyboard (the close-day sheet once had &Day, Close the
    &day and Save P&DF)."""
    from datetime import timedelta

    from frontdesk.domain.status import Status
    from frontdesk.services.booking import Bookings
    from tests.helpers import local
    from tests.services.test_couples import add_couples
    from tests.ui.conftest import open_window

    add_couples(db, clinic)  # the editor's With: row shows for its couples service
    appt = book("2026-10-05 10:00", "Deep Tissue 60", client="Zoë Brontë")
    after = Bookings(db, "t", now=lambda: appt.end + timedelta(minutes=5))
    after.set_status(appt.id, Status.ARRIVED)
    after.set_status(appt.id, Status.COMPLETED)
    window = open_window(qtbot, db, lambda: local("2026-10-05 17:00"))
    window.day_view.select(appt.id)
    window.act_close_day.trigger()
    window.act_certificates.trigger()
    column = window.book.plan.columns[0]
    dialogs = {
        "Find a time": window.desk.open_find_time(),
        "Caller lookup": window.desk.open_caller(),
        "Close the day": window.close_day_dialog,
        "Gift certificates": window.certificates_dialog,
        "Checkout": window.checkout.open(appt.id),
        "New booking": window.editing.open_editor(
            window.editing.prefill_for(0, column.origin + timedelta(hours=3), 0)),
    }
    editor = dialogs["New booking"]
    editor.service.setCurrentIndex(editor.service.findData(clinic["Couples 60"]))
    for name, dialog in dialogs.items():
        qtbot.waitUntil(dialog.isVisible)
        assert not _clashes(dialog), (name, _clashes(dialog))
    assert editor.partner.isVisible()
    for dialog in dialogs.values():
        dialog.close()


def test_no_two_items_of_a_menu_answer_to_one_alt_key(window):
    """In an open menu a letter picks its item: two items with one letter make the letter
    only move between them (Appointment once had &Confirm and Open &client, C&ompleted and
    Check &out…). Every item has a letter."""
    for top in window.menuBar().actions():
        texts = [a.text().replace("&&", "") for a in top.menu().actions()
                 if not a.isSeparator() and a.isVisible()]
        keys = [t[t.find("&") + 1].upper() if "&" in t else None for t in texts]
        assert None not in keys, (top.text(), texts)
        assert len(set(keys)) == len(keys), (top.text(), texts)
