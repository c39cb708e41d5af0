"""Remembered window state (geometry, view choices), kept apart from clinic settings.

Stored in an INI file in the data folder (so a test's temporary FRONTDESK_HOME isolates it),
with typed reads: a damaged file gives defaults, never an exception.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from frontdesk import paths


class WindowState:
    def __init__(self):
        path = paths.data_dir() / "window.ini"
        self._s = QSettings(str(path), QSettings.Format.IniFormat)

    def text(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        value = self._s.value(key, default)
        value = value if isinstance(value, str) else default
        return value if allowed is None or value in allowed else default

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def blob(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) else None

    def set(self, key: str, value) -> None:
        self._s.setValue(key, value)

    def sync(self) -> None:
        self._s.sync()
