"""The engine decides, the window shows: nothing below the window layer may need Qt.

Who may import what is checked statically by the contracts in pyproject.toml (`lint-imports`).
What they cannot see is checked here, in a fresh interpreter: that the Qt they allow the
command line and the exports to reach (the window, the PDF writer) is imported only when
asked for, and which parts of Qt a module loads.
"""

import ast
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


#: The PDF writers (the day sheet's, a client's file, a receipt, a short document such as the
#: end-of-day sheet) and the reports' painter (PDF and PNG) paint with Qt (no widgets); every
#: other writer is plain Python.
QT_WRITERS = {"frontdesk.export.pdf", "frontdesk.export.pdf_grid", "frontdesk.export.pdf_table",
              "frontdesk.export.pdf_client", "frontdesk.export.pdf_receipt",
              "frontdesk.export.pdf_document", "frontdesk.export.report_paint"}
NON_UI = [m for m in _modules("frontdesk.domain", "frontdesk.db", "frontdesk.services",
                              "frontdesk.cli", "frontdesk.export") if m not in QT_WRITERS]


def _loaded(modules, *packages: str) -> list[str]:
    """Which of ``packages`` (top-level or dotted) a fresh interpreter has loaded after
    importing ``modules``."""
    code = ("import sys\n" + "".join(f"import {name}\n" for name in sorted(modules))
            + f"print(sorted(m for m in sys.modules if m.startswith({packages!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return ast.literal_eval(out.stdout)


def test_engine_and_command_line_load_without_qt():
    assert _loaded(NON_UI, "PySide6") == []


def test_the_pdf_writer_needs_no_widgets():
    assert _loaded(QT_WRITERS, "PySide6.QtWidgets") == []


def test_the_window_and_the_export_dialogs_load_the_calendar_library_only_to_write():
    """icalendar (a tenth of the launch) loads when a calendar is written, not before."""
    loaded = _loaded(["frontdesk.ui.main_window", "frontdesk.export.writer",
                      "frontdesk.export.publish"], "icalendar")
    assert loaded == []
    assert "icalendar" in _loaded(["frontdesk.export.ics"], "icalendar")
