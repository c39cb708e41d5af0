"""File > Import clients…: the preview of a spreadsheet and its import, by real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.ui import tools_menu
from frontdesk.ui.clients.import_dialog import WHAT
from tests.cli.conftest import table_contents

FILE = ("\ufeffFull name;Mobile;E-mail;Alerts;Birthday\r\n"
        "Mara Lee;646 555 0199;mara@example.com;Latex allergy;1990-01-02\r\n"
        "Jose Nunez;;;;\r\n"                       # row 3: José Núñez's card
        "Bad Phone;555-12;;;\r\n"                  # row 4: refused
        "Zoë Ådahl;718 555 0142;;;\r\n"
        "M. Lee;(646) 555-0199;;;\r\n")            # row 6: row 2's phone


def names(db) -> dict[str, list[tuple[int, bool]]]:
    with db.read() as s:
        out: dict[str, list[tuple[int, bool]]] = {}
        for c in s.scalars(select(m.Client).order_by(m.Client.id)):
            out.setdefault(c.name, []).append((c.id, c.active))
        return out


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "old clients.csv"
    path.write_bytes(FILE.encode("utf-8"))
    return str(path)


def previewed(qtbot, window, path):
    dialog = tools_menu.import_clients(window, path)
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(dialog.error.text()),
                    timeout=60000)
    return dialog


def whats(dialog) -> list[str]:
    return [dialog.table.item(i, WHAT).text() for i in range(dialog.table.rowCount())]


def test_the_preview_shows_each_row_and_writes_nothing(qtbot, window, db, clinic, csv_file):
    assert window.act_import_clients in window.menuBar().actions()[0].menu().actions()
    before = table_contents(db.url)
    dialog = previewed(qtbot, window, csv_file)
    assert table_contents(db.url) == before
    assert dialog.windowTitle() == "Import clients — old clients.csv"
    assert 'Name ← "Full name", Phone ← "Mobile"' in dialog.columns.text()
    assert 'not used: "Birthday"' in dialog.columns.text()
    jose = clinic["José Núñez"]
    assert whats(dialog) == [
        "New card",
        f"Duplicate: similar name as José Núñez #{jose} — tick to add anyway",
        "Refused: '555-12' is not a possible phone number in US",
        "New card",
        "Duplicate: same phone as row 2 (Mara Lee) — tick to add anyway"]
    assert dialog.table.item(0, 1).text() == "Mara Lee"
    assert dialog.import_button.text() == "&Import 2 clients"
    # a duplicate's card is one click away
    dialog.table.selectRow(1)
    assert dialog.open_button.isEnabled() and not dialog.merge_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.clients_window is not None
                    and window.clients_window.record is not None
                    and window.clients_window.record.id == jose)
    window.clients_window.close()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert table_contents(db.url) == before


def test_import_adds_the_new_rows_and_one_undo_takes_them_back(qtbot, window, db, clinic,
                                                               csv_file):
    dialog = previewed(qtbot, window, csv_file)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    found = names(db)
    [(mara, mara_active)] = found["Mara Lee"]
    [(zoe, zoe_active)] = found["Zoë Ådahl"]
    assert mara_active and zoe_active
    assert {"M. Lee", "Bad Phone", "Jose Nunez"}.isdisjoint(found)
    assert whats(dialog)[0] == f"Added #{mara}"
    assert whats(dialog)[4] == f"Duplicate: same phone as row 2 (Mara Lee #{mara})"
    assert dialog.summary.text().startswith("5 rows: 2 added, 2 duplicates (not added), "
                                            "1 refused")
    assert dialog.close_button.text() == "Close" and not dialog.import_button.isVisible()
    stack = window.door.ops.stack
    assert stack.undoText() == "Import 2 clients"
    stack.undo()
    assert names(db)["Mara Lee"] == [(mara, False)]
    assert names(db)["Zoë Ådahl"] == [(zoe, False)]
    stack.redo()
    assert names(db)["Mara Lee"] == [(mara, True)]


def test_a_duplicate_added_anyway_is_offered_for_merging(qtbot, window, db, clinic,
                                                         csv_file):
    dialog = previewed(qtbot, window, csv_file)
    jose = clinic["José Núñez"]
    dialog.table.item(1, WHAT).setCheckState(Qt.CheckState.Checked)
    assert dialog.ticked() == {3}
    assert dialog.import_button.text() == "&Import 3 clients"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    [(made, active)] = names(db)["Jose Nunez"]
    assert active
    assert whats(dialog)[1] == f"Added #{made} — like José Núñez #{jose}: Merge…"
    dialog.table.selectRow(1)
    assert dialog.merge_button.isEnabled()
    merge = dialog.merge_selected()
    qtbot.addWidget(merge)
    assert merge.kept_id == jose and merge.other is not None and merge.other.id == made
    assert merge.client.text() == f"#{made}"
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        assert s.get(m.Client, made).merged_into_id == jose
    qtbot.waitUntil(lambda: window.clients_window is not None
                    and window.clients_window.record is not None
                    and window.clients_window.record.id == jose)
    assert dialog.summary.text() == f"Merged #{made} into #{jose}."
    window.clients_window.close()


def test_cancel_part_way_leaves_the_book_as_it_was(qtbot, window, db, clinic, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("Name,Email\n" + "".join(
        f"Person {n:05d} Test,p{n}@example.com\n" for n in range(1000)), encoding="utf-8")
    dialog = previewed(qtbot, window, str(path))
    before = table_contents(db.url)
    rejected = []
    dialog.rejected.connect(lambda: rejected.append(True))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.running and dialog.progress.isVisible()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rejected), timeout=60000)
    window.door.wait(60000)
    assert table_contents(db.url) == before
    assert window.door.ops.stack.count() == 0


def test_a_file_without_a_name_column_says_so(qtbot, window, db, clinic, tmp_path):
    path = tmp_path / "phones.csv"
    path.write_text("Phone,E-mail\n646 555 0199,a@example.com\n", encoding="utf-8")
    dialog = previewed(qtbot, window, str(path))
    assert "no column names the client" in dialog.error.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text() == "Nothing was imported."
