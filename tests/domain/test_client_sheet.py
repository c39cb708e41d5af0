"""Reading a client spreadsheet saved as CSV (frontdesk.domain.client_sheet): which column
is what, whatever program saved the file and however its headers are written."""

from __future__ import annotations

import pytest

from frontdesk.domain import client_sheet
from frontdesk.domain.errors import BadInput


def test_a_clean_file_is_read_by_its_headers():
    sheet = client_sheet.read(
        b"Name,Phone,Email,Notes,Alert\n"
        b"Jana Novak,646 555 0199,jana@example.com,likes firm pressure,Latex allergy\n"
        b"Ben Ode,,,,\n")
    assert [c.field for c in sheet.columns] == ["name", "phone", "email", "notes", "alert"]
    jana, ben = sheet.rows
    assert (jana.number, jana.name, jana.phone, jana.email, jana.notes, jana.alert) == (
        2, "Jana Novak", "646 555 0199", "jana@example.com", "likes firm pressure",
        "Latex allergy")
    assert (ben.number, ben.name, ben.phone) == (3, "Ben Ode", "")


@pytest.mark.parametrize(("header", "field"), [
    ("Full name", "name"), (" CLIENT NAME ", "name"), ("Customer", "name"),
    ("First Name", "first"), ("Given name", "first"), ("Surname", "last"),
    ("Last_name", "last"), ("Mobile", "phone"), ("Cell", "phone"), ("Telephone", "phone"),
    ("Phone (mobile)", "phone"), ("Phone 2", "phone"), ("E-mail", "email"),
    ("Email Address", "email"), ("e-mail 2", "email"), ("Comments", "notes"),
    ("Alerts", "alert"), ("Contraindications", "flags"), ("Medical conditions", "flags"),
    ("Birthday", ""), ("E-mail opt-in", ""), ("Phone calls allowed", ""), ("", ""),
])
def test_headers_are_matched_forgiving_case_spaces_and_common_names(header, field):
    assert client_sheet.field_of(header) == field


def test_first_and_last_names_make_the_name_and_a_whole_name_wins():
    parts = client_sheet.read(b"First name,Last name,Cell\nJana,Novak,1\n,Ode,2\n")
    assert [r.name for r in parts.rows] == ["Jana Novak", "Ode"]
    both = client_sheet.read(b"First name,Name,Last name\nJ,Jana Novak,N\n")
    assert both.rows[0].name == "Jana Novak"
    assert [c.field for c in both.columns] == ["", "name", ""]


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_text():
    data = "\ufeffName,Phone,Notes\r\nJosé Núñez,646 555 0101,\"two\r\nlines\"\r\n".encode()
    sheet = client_sheet.read(data)
    assert sheet.columns[0].header == "Name" and sheet.columns[0].field == "name"
    assert sheet.rows[0].name == "José Núñez"
    assert sheet.rows[0].notes == "two\nlines"
    assert sheet.encoding == "utf-8" and sheet.notes == ()


def test_semicolons_and_tabs_are_found_as_separators():
    semi = client_sheet.read("Name;Phone;Notes\nZoë Ådahl;646 555 0101;a, b\n".encode())
    assert semi.delimiter == ";"
    assert (semi.rows[0].name, semi.rows[0].notes) == ("Zoë Ådahl", "a, b")
    tabbed = client_sheet.read(b"Name\tPhone\nJana Novak\t646 555 0199\n")
    assert tabbed.delimiter == "\t" and tabbed.rows[0].phone == "646 555 0199"


def test_a_file_of_one_column_is_read():
    sheet = client_sheet.read(b"Name\nJana Novak\nBen Ode\n")
    assert [r.name for r in sheet.rows] == ["Jana Novak", "Ben Ode"]


def test_utf16_and_windows_1252_files_are_read():
    utf16 = client_sheet.read("Name\tPhone\n李小龍\t646 555 0101\n".encode("utf-16"))
    assert utf16.rows[0].name == "李小龍"
    western = client_sheet.read("Name,Phone\nJosé Núñez,1\n".encode("cp1252"))
    assert western.rows[0].name == "José Núñez"
    assert western.encoding == "windows-1252" and "Windows-1252" in western.notes[0]


def test_blank_rows_are_passed_over_and_rows_keep_the_spreadsheets_numbers():
    sheet = client_sheet.read(b"Name,Phone\n\nJana Novak,1\n,\n  ,  \nBen Ode,2\n")
    assert [(r.number, r.name) for r in sheet.rows] == [(3, "Jana Novak"), (6, "Ben Ode")]
    assert sheet.blank == 3


def test_contraindications_split_and_several_notes_and_phones():
    sheet = client_sheet.read(
        b"Name,Home phone,Mobile,Notes,Comments,Contraindications\n"
        b"Jana,,646 555 0199,a,b,pregnancy; Diabetes\n")
    row = sheet.rows[0]
    assert (row.phone, row.notes, row.flags) == ("646 555 0199", "a\nb",
                                                 ("pregnancy", "Diabetes"))


@pytest.mark.parametrize("data", [b"Phone,Email\n1,2\n", b"Birthday\n2020-01-01\n"])
def test_a_file_without_a_name_column_is_refused_naming_its_headers(data):
    with pytest.raises(BadInput) as refused:
        client_sheet.read(data)
    assert "no column names the client" in str(refused.value)
    assert '"' + data.split(b",")[0].split(b"\n")[0].decode() + '"' in str(refused.value)


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"PK\x03\x04\x00\x00binary"])
def test_an_empty_or_binary_file_is_refused(data):
    with pytest.raises(BadInput):
        client_sheet.read(data)


def test_the_columns_are_described_as_matched():
    sheet = client_sheet.read(b"Full name,Mobile,Birthday\nJana,1,2\n")
    assert sheet.describe_columns() == \
        'Name ← "Full name", Phone ← "Mobile"; not used: "Birthday"'
