"""The whole bundle: built with PyInstaller from frontdesk.spec into a scratch folder, then
checked by scripts/build_bundle.py as a user would run it, with no Python on its path (see
that script for the checks). About a minute and a half on two cores."""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.bundle_script import load

build_bundle = load("build_bundle")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.sqlite_only("the bundle is checked on its own SQLite books"),
    pytest.mark.timeout(1200),
    pytest.mark.skipif(not build_bundle.have_pyinstaller(),
                       reason='PyInstaller is not installed (the "bundle" extra)'),
    pytest.mark.skipif(sys.platform.startswith("linux") and not shutil.which("objdump"),
                       reason="PyInstaller needs objdump on Linux (binutils)"),
    pytest.mark.skipif(not shutil.which("pdftotext"),
                       reason="the PDF check reads the export with pdftotext (poppler-utils)"),
]


def test_the_bundle_builds_and_runs_without_python(tmp_path):
    bundle, _ = build_bundle.build(tmp_path / "dist", tmp_path / "build")
    assert bundle.name == "frontdesk"  # dist/frontdesk/, whatever the version
    figures = build_bundle.check(bundle, log=lambda line: None)
    assert figures["size_mib"] <= build_bundle.LIMIT_MB
    assert {"version", "init", "demo", "find", "book", "export_pdf",
            "first_paint"} <= set(figures)
