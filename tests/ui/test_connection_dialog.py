"""File > Connection… offscreen: the desk's choice of book, tried before it is saved."""

from __future__ import annotations

import json

from frontdesk import connection, paths
from tests.ui.conftest import shown_active


def _open(qtbot, window):
    window.act_connection.trigger()
    dialog = window.connection_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_it_says_which_book_is_open_and_starts_on_this_computer(qtbot, window, db_url):
    dialog = _open(qtbot, window)
    assert dialog.now_opens.text() == (
        f"This desk opens this computer's file {db_url.removeprefix('sqlite:///')}.")
    assert dialog.local_choice.isChecked()
    assert not dialog.host.isEnabled() and not dialog.try_button.isEnabled()
    dialog.reject()


def test_a_bad_server_name_is_shown_at_its_field_and_nothing_saved(qtbot, window):
    dialog = _open(qtbot, window)
    dialog.server_choice.setChecked(True)
    dialog.host.setText("db clinic")
    dialog.database.setText("clinic")
    dialog.user.setText("desk1")
    dialog.save()
    assert dialog.isVisible()
    assert "host must be one word" in dialog.errors._labels["host"].text()
    assert not (paths.data_dir() / connection.FILE).exists()
    dialog.reject()


def test_an_unreachable_server_is_said_and_the_desk_stays_where_it_was(qtbot, window):
    dialog = _open(qtbot, window)
    dialog.server_choice.setChecked(True)
    for edit, text in ((dialog.host, "127.0.0.1"), (dialog.database, "clinic"),
                       (dialog.user, "desk1")):
        edit.setText(text)
    dialog.port.setValue(1)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.general.isVisible(), timeout=10_000)
    assert "cannot open database" in dialog.errors.general.text()
    assert dialog.isVisible() and dialog.try_button.isEnabled()
    assert not (paths.data_dir() / connection.FILE).exists()
    dialog.reject()


def test_back_to_this_computer_forgets_the_server(qtbot, door):
    from frontdesk.ui.setup.connection_dialog import ConnectionDialog

    connection.save(connection.Server("db.clinic.lan", "clinic", "desk1", 5433))
    dialog = shown_active(qtbot, ConnectionDialog(door))
    assert dialog.server_choice.isChecked()
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(),
            dialog.user.text()) == ("db.clinic.lan", 5433, "clinic", "desk1")
    assert json.loads((paths.data_dir() / connection.FILE).read_text())["port"] == 5433
    dialog.local_choice.setChecked(True)
    dialog.save()
    assert not dialog.isVisible() and dialog.saved is None
    assert "this computer's file" in dialog.result_text
    assert connection.saved() is None
