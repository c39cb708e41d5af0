"""A long export reports each day and stops when asked, leaving no file (and an earlier file
of the same name untouched)."""

from __future__ import annotations

import pytest

from frontdesk.export import writer
from frontdesk.export.base import Cancelled
from tests.export.conftest import FALL_BACK


@pytest.mark.parametrize("fmt", ["csv", "ics", "html", "pdf"])
def test_a_month_stops_after_the_second_day_and_writes_nothing(dst_book, tmp_path, fmt):
    if fmt == "pdf":
        pytest.importorskip("PySide6.QtGui")
    sheet = dst_book.sheet(FALL_BACK, 31)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    target = tmp_path / f"month.{fmt}"
    target.write_bytes(b"last month's file")
    with pytest.raises(Cancelled, match="nothing was written"):
        writer.write(sheet, fmt, target, progress=progress)
    assert seen == [(1, 31), (2, 31)]
    assert target.read_bytes() == b"last month's file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")
                  or p.name.startswith("month")) == [f"month.{fmt}"]


@pytest.mark.parametrize("fmt", ["csv", "ics", "html", "pdf"])
def test_every_day_is_reported_when_the_export_runs_through(dst_book, tmp_path, fmt):
    seen = []
    writer.write(dst_book.sheet(FALL_BACK, 5), fmt, tmp_path / f"week.{fmt}",
                 progress=lambda done, total: seen.append((done, total)) or True)
    assert seen == [(d, 5) for d in range(1, 6)]
