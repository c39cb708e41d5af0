"""The engine decides, the window shows: nothing below the window layer may need Qt."""

import subprocess
import sys


def _modules(*packages: str) -> list[str]:
    """Every module of ``packages``, found on disk, so a new module is checked too."""
    import importlib
    import pkgutil

    out = []
    for package in packages:
        module = importlib.import_module(package)
        out.append(package)
        out += [f"{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)]
    return out


#: The PDF writer paints with Qt (no widgets); every other writer is plain Python.
QT_WRITERS = {"frontdesk.export.pdf", "frontdesk.export.pdf_grid", "frontdesk.export.pdf_table"}
NON_UI = [m for m in _modules("frontdesk.domain", "frontdesk.db", "frontdesk.services",
                              "frontdesk.cli", "frontdesk.export") if m not in QT_WRITERS]
DOMAIN = _modules("frontdesk.domain")


def test_engine_and_command_line_load_without_qt():
    code = ("import sys\n" + "".join(f"import {name}\n" for name in NON_UI)
            + "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_domain_needs_neither_qt_nor_sql():
    code = ("import sys\n" + "".join(f"import {name}\n" for name in DOMAIN)
            + "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'sqlalchemy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_pdf_writer_needs_no_widgets():
    code = ("import sys\n" + "".join(f"import {name}\n" for name in sorted(QT_WRITERS))
            + "print(sorted(m for m in sys.modules if m.startswith('PySide6.QtWidgets')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
