"""PySide6 6.12.0 on CPython 3.11 aborts after a few thousand calls of methods that return
nothing (``Fatal Python error: none_dealloc``). The pin in pyproject.toml avoids it; this
test would crash the whole run if a broken PySide6 came back."""

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QLabel


def test_setter_called_50000_times_does_not_abort(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(50_000):
        label.setText(str(i))
    assert label.text() == "49999"


def test_pin_keeps_the_broken_release_away():
    if sys.version_info < (3, 12):
        major, minor = (int(x) for x in pyside_version.split(".")[:2])
        assert (major, minor) < (6, 12), f"PySide6 {pyside_version} aborts on Python 3.11"
