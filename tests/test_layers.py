"""The engine decides, the window shows: nothing below the window layer may need Qt."""

import subprocess
import sys

NON_UI = [
    "frontdesk.domain.rules", "frontdesk.domain.clock", "frontdesk.domain.hours",
    "frontdesk.domain.text", "frontdesk.db.models", "frontdesk.db.migrate",
    "frontdesk.services.booking", "frontdesk.services.availability",
    "frontdesk.services.clients", "frontdesk.services.schedule", "frontdesk.services.demo",
    "frontdesk.cli", "frontdesk.cli.commands",
]


def test_engine_and_command_line_load_without_qt():
    code = ("import sys\n" + "".join(f"import {name}\n" for name in NON_UI)
            + "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_domain_needs_neither_qt_nor_sql():
    code = ("import sys\nimport frontdesk.domain.rules, frontdesk.domain.clock, "
            "frontdesk.domain.status, frontdesk.domain.hours\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'sqlalchemy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
