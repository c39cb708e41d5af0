"""The PDF day sheet, read back as a reader sees it (pdftotext or pypdf), against the sheet."""

from __future__ import annotations

import pytest
from frontdesk.export import pdf

from tests.export.conftest import FALL_BACK, SPRING_FORWARD, pdf_text


def test_ana_fall_back(dst_book, clinic, tmp_path, qapp):
    sheet = dst_book.sheet(FALL_BACK, therapist_id=clinic["Ana"])
    out = tmp_path / "ana.pdf"
    assert pdf.write(sheet, out) == 1
    print(pdf_text(out))


def test_clinic_grid(dst_book, tmp_path, qapp):
    for d in (FALL_BACK, SPRING_FORWARD):
        sheet = dst_book.sheet(d)
        out = tmp_path / f"clinic-{d}.pdf"
        assert pdf.write(sheet, out) == 1
        print(pdf_text(out))
