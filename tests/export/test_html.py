"""The HTML page read back with Python's HTML parser: self-contained, a day per section,
the same rows and cells as the book."""

from __future__ import annotations

from html.parser import HTMLParser

from frontdesk.export import base, writer
from frontdesk.services.booking import Bookings
from tests.export.conftest import FALL_BACK
from tests.helpers import NOW


class _Page(HTMLParser):
    """Tables as lists of rows of cell texts, plus every tag and attribute seen."""

    def __init__(self):
        super().__init__()
        self.sections: list[list[list[str]]] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "section":
            self.sections.append([])
        elif tag == "tr":
            self.sections[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.sections[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_each_day_is_a_section_whose_rows_are_the_books(dst_book, tmp_path):
    path = tmp_path / "week.html"
    sheet = dst_book.sheet(FALL_BACK, 3)
    writer.write(sheet, "html", path)
    page = _parse(path)
    assert len(page.sections) == 3
    rows = page.sections[0]
    assert rows[0] == base.list_columns(sheet)
    expected = [[base.cells(sheet, v)[c] for c in rows[0]] for v in sheet.days[0].active]
    assert rows[1:] == expected
    assert [r[1] for r in rows[1:]] == ["Zoë Brontë", "李小龍", "José Núñez", "Zoë Brontë",
                                        "李小龍"]
    # The same wall-clock 01:30 twice: the zone says which.
    assert [r[0] for r in rows[1:4]] == ["01:30 EDT–01:00 EST", "01:30 EST–02:00 EST",
                                         "10:00–11:00"]
    assert "Sunday 1 November 2026" in "".join(page.text)
    assert page.sections[1] == [] and "No appointments." in "".join(page.text)


def test_the_page_needs_nothing_from_elsewhere(dst_book, tmp_path):
    path = tmp_path / "day.html"
    writer.write(dst_book.sheet(FALL_BACK), "html", path, paper="Letter")
    text = path.read_text(encoding="utf-8")
    page = _parse(path)
    assert not [t for t, a in page.tags if t in ("script", "link", "img", "iframe")]
    assert not [a for _t, a in page.tags if "src" in a or "href" in a]
    assert "url(" not in text and "@import" not in text
    assert "size: Letter" in text and "<meta charset='utf-8'>" in text


def test_a_therapist_sheet_has_no_phone_or_status_and_a_private_one_no_health_details(
        dst_book, tmp_path):
    path = tmp_path / "ana.html"
    writer.write(dst_book.sheet(FALL_BACK, therapist_id=dst_book.clinic["Ana"]), "html", path)
    head = _parse(path).sections[0][0]
    assert head == ["Time", "Client", "Service", "Room", "Alerts & contraindications",
                    "Notes"]
    assert "warfarin" in path.read_text(encoding="utf-8")
    writer.write(dst_book.sheet(FALL_BACK, private=True), "html", path)
    text = path.read_text(encoding="utf-8")
    assert _parse(path).sections[0][0] == ["Time", "Client", "Service", "Therapist", "Room",
                                           "Status"]
    for secret in ("555", "warfarin", "shoulder", "Hard of hearing"):
        assert secret not in text
    assert "private copy" in text


def test_cancelled_visits_are_counted_not_listed(dst_book, db, tmp_path):
    Bookings(db, "tester", lambda: NOW).cancel(dst_book.ids["fall_zoe"], "flu")
    path = tmp_path / "day.html"
    writer.write(dst_book.sheet(FALL_BACK), "html", path)
    page = _parse(path)
    assert len(page.sections[0]) == 1 + 4
    assert "1 cancelled not shown." in "".join(page.text)


def test_names_are_escaped_not_run(dst_book, db, tmp_path):
    from frontdesk.db import models as m

    with db.write() as s:
        s.get(m.Appointment, dst_book.ids["fall_li"]).notes = "<script>alert(1)</script> & co"
    path = tmp_path / "day.html"
    writer.write(dst_book.sheet(FALL_BACK), "html", path)
    page = _parse(path)
    assert not [t for t, _a in page.tags if t == "script"]
    assert "<script>alert(1)</script> & co" in "".join(page.text)
