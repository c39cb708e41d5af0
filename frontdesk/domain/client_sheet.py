"""A client spreadsheet saved as CSV, read as the desk would read it: which column is what.

Old client lists come from Excel, LibreOffice, Google Sheets or another booking program, so
nothing about the file is taken for granted. Its bytes may start with a byte-order mark
(Excel's "CSV UTF-8"), be UTF-16 (Excel's "Unicode text"), or be Windows-1252 (Excel's
plain "CSV" on a Western Windows); lines may end in CRLF; cells may be separated by ``,``,
``;`` (Excel where the decimal mark is a comma), a tab or ``|`` (found by
:class:`csv.Sniffer`, checked against the header). Columns are matched by their header,
forgiving of case, accents, spaces and punctuation and of the usual names ("Full name",
"Mobile", "E-mail", "Surname"...); a name may come whole or as first and last names.

Rows are numbered as a spreadsheet numbers them (the header is row 1), so a report's
"row 7" is the row the desk sees when it opens the file. Blank rows are passed over.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from frontdesk.domain.errors import BadInput
from frontdesk.domain.text import fold

#: What the import fills, in the order a report lists them.
FIELDS = ("name", "first", "last", "phone", "email", "notes", "alert", "flags")
#: How a report names each field.
LABELS = {"name": "Name", "first": "First name", "last": "Last name", "phone": "Phone",
          "email": "E-mail", "notes": "Notes", "alert": "Alert",
          "flags": "Contraindications"}

#: Header words (folded, letters and digits only) and the field each names.
_HEADERS = {
    "name": ("name", "fullname", "client", "clientname", "clientsname", "customer",
             "customername", "patient", "patientname", "contactname", "displayname"),
    "first": ("firstname", "first", "givenname", "forename", "firstnames"),
    "last": ("lastname", "last", "surname", "familyname"),
    "phone": ("phone", "phones", "mobile", "cell", "cellphone", "mobilephone", "telephone",
              "tel", "phonenumber", "mobilenumber", "cellnumber", "telephonenumber",
              "homephone", "workphone", "primaryphone", "contactnumber"),
    "email": ("email", "emails", "emailaddress", "mail"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "remark"),
    "alert": ("alert", "alerts", "warning", "warnings", "caution", "cautions"),
    "flags": ("contraindications", "contraindication", "contraindicated",
              "medicalconditions", "conditions", "medical", "flags"),
}
_BY_KEY = {key: kind for kind, keys in _HEADERS.items() for key in keys}
#: A header starting so is a phone or an e-mail column when the rest is a number or one of
#: :data:`_QUALIFIERS` ("Phone (mobile)", "E-mail 2"), not when it says something else
#: ("E-mail opt-in").
_PREFIXES = (("telephone", "phone"), ("phone", "phone"), ("mobile", "phone"),
             ("cell", "phone"), ("email", "email"))
_QUALIFIERS = ("", "address", "home", "work", "mobile", "cell", "personal", "primary", "main",
               "number", "no", "other", "private")
_DELIMITERS = ",;\t|"
#: What the sniffer reads of the file: enough lines to see their pattern.
_SAMPLE = 64 * 1024
#: Splits a contraindications cell: "pregnancy, diabetes" or "pregnancy; diabetes".
_FLAG_SPLIT = re.compile(r"[,;|\n/]+")


@dataclass(frozen=True)
class Column:
    """One header cell: its position, its text, and the field it fills ("" when none)."""

    index: int
    header: str
    field: str


@dataclass(frozen=True)
class Row:
    """One client as the file gives them; ``number`` is the spreadsheet's row number."""

    number: int
    name: str
    phone: str = ""
    email: str = ""
    notes: str = ""
    alert: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    delimiter: str = ","
    encoding: str = "utf-8"
    blank: int = 0  # blank rows passed over
    notes: tuple[str, ...] = field(default=())  # what the reader had to assume

    def matched(self) -> list[tuple[str, str]]:
        """(field label, header) for each column used, in the file's order."""
        return [(LABELS[c.field], c.header) for c in self.columns if c.field]

    @property
    def ignored(self) -> list[str]:
        return [c.header for c in self.columns if not c.field and c.header]

    def describe_columns(self) -> str:
        """'Name ← "Full name", Phone ← "Mobile"; not used: "Birthday"'."""
        used = ", ".join(f'{label} ← "{header}"' for label, header in self.matched())
        unused = ", ".join(f'"{h}"' for h in self.ignored)
        return used + (f"; not used: {unused}" if unused else "")


def field_of(header: str) -> str:
    """The field a header names, or ""."""
    key = re.sub(r"[^0-9a-z]", "", fold(header))
    if key in _BY_KEY:
        return _BY_KEY[key]
    for prefix, kind in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix):].strip("0123456789") in _QUALIFIERS:
            return kind
    return ""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with or without its mark, UTF-16 by its mark, and
    otherwise Windows-1252, the one bytes that are not UTF-8 most likely are."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise BadInput("the file says it is UTF-16 but is not; save it again as "
                           "CSV UTF-8", "file") from None
    if b"\0" in data[:_SAMPLE]:
        raise BadInput("the file is not text (a spreadsheet's own format?); save it as "
                       "CSV (comma- or semicolon-separated) and import that", "file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def delimiter_of(text: str) -> str:
    """The separator: the sniffer's, when the header holds it; else the header's most
    frequent candidate; "," for a file of one column."""
    header = text.split("\n", 1)[0]
    sample = text[:_SAMPLE].rsplit("\n", 1)[0] if len(text) > _SAMPLE else text
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read(data: bytes) -> Sheet:
    """The sheet in ``data``; BadInput (exit 2) for a file that is not text or has no
    column naming the client."""
    text, encoding = decode(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInput("the file is empty: it needs a header row and a row per client",
                       "file")
    delimiter = delimiter_of(text)
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise BadInput(f"the file cannot be read as CSV ({error})", "file") from None
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)  # blank lines above the header
    header = [cell.strip() for cell in records[0]]
    columns = _columns(header)
    kinds = {c.field for c in columns}
    if not kinds & {"name", "first", "last"}:
        shown = ", ".join(f'"{h}"' for h in header if h) or "none"
        raise BadInput(f"no column names the client (a header such as Name, Full name, or "
                       f"First name and Last name); the headers are: {shown}", "file")
    rows, blank = [], 0
    for offset, record in enumerate(records[1:]):
        if not any(cell.strip() for cell in record):
            blank += 1
            continue
        rows.append(_row(columns, record, offset + 2))
    notes = ("the file is not UTF-8: read as Windows-1252 (Western European)",) \
        if encoding == "windows-1252" else ()
    return Sheet(tuple(columns), tuple(rows), delimiter, encoding, blank, notes)


def _columns(header: list[str]) -> list[Column]:
    """Each header's field. A second Name (or First name, Last name, E-mail) column is not
    used; several phone columns are (the first one filled in counts), and several notes or
    alert columns are joined."""
    taken: set[str] = set()
    out = []
    for index, text in enumerate(header):
        kind = field_of(text) if text else ""
        if kind in taken and kind in ("name", "first", "last", "email", "flags"):
            kind = ""
        taken.add(kind)
        out.append(Column(index, text, kind))
    if "name" in taken:  # a whole name wins over its parts
        out = [Column(c.index, c.header, "" if c.field in ("first", "last") else c.field)
               for c in out]
    return out


def _row(columns: list[Column], record: list[str], number: int) -> Row:
    values: dict[str, list[str]] = {}
    for column in columns:
        if column.field and column.index < len(record):
            cell = record[column.index].strip()
            if cell:
                values.setdefault(column.field, []).append(cell)

    def one(kind: str) -> str:
        return (values.get(kind) or [""])[0]

    name = one("name") or " ".join(p for p in (one("first"), one("last")) if p)
    flags = tuple(dict.fromkeys(
        " ".join(f.split()) for cell in values.get("flags", ())
        for f in _FLAG_SPLIT.split(cell) if f.strip()))
    return Row(number, name, phone=one("phone"), email=one("email"),
               notes="\n".join(values.get("notes", ())),
               alert=" · ".join(values.get("alert", ())), flags=flags)
