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
