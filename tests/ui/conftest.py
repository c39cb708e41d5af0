"""Fixtures for the window's tests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale


@pytest.fixture
def us_locale():
    """US English for the test, whatever the machine's; the default is put back after."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)
