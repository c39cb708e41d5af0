"""Remembered window state (geometry, view choices) and this desk's own preferences (paper,
published calendars), kept apart from the clinic's settings.

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

    def number(self, key: str, default: int, low: int, high: int) -> int:
        value = self._s.value(key, default)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
        return value if low <= value <= high else default

    def blob(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) else None

    def set(self, key: str, value) -> None:
        self._s.setValue(key, value)

    def sync(self) -> None:
        self._s.sync()


class DeskPreferences:
    """This computer's own choices for paper and published calendars.

    Kept with the window state, not in the clinic's database: the front desk and the back
    office may have different printers, and a shared folder has a different path on each.
    """

    def __init__(self, state: WindowState):
        self.state = state

    @property
    def paper(self) -> str | None:
        """"A4" or "Letter" if this desk chose one; None: the clinic's country's paper."""
        return self.state.text("desk/paper", "", ("A4", "Letter")) or None

    @paper.setter
    def paper(self, value: str) -> None:
        self.state.set("desk/paper", value)

    @property
    def publish_folder(self) -> str:
        """Where therapists' calendars are published; "" when this desk does not publish."""
        return self.state.text("desk/publish_folder", "")

    @publish_folder.setter
    def publish_folder(self, value: str) -> None:
        self.state.set("desk/publish_folder", value)

    @property
    def publish_private(self) -> bool:
        return self.state.flag("desk/publish_private")

    @publish_private.setter
    def publish_private(self, value: bool) -> None:
        self.state.set("desk/publish_private", value)
