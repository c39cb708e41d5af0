"""The clients window's contraindications box: the shared flag picker, with its problem.

Every known flag is always listed, so the desk ticks rather than types; a flag the card has
beyond them (or one typed under "Other…") is listed after them with its note
(:class:`~frontdesk.ui.clients.flag_picker.FlagPicker`, the new-client dialog's too). The box
only holds the ticks: the window decides what they mean for the banner and saves them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from frontdesk.ui.clients.flag_picker import FlagPicker
from frontdesk.ui.widgets.forms import FieldErrors


class FlagsBox(QGroupBox):
    """The flags as a ticked list; ``changed`` when a tick or an item changes. A problem
    with the flags shows under the list, as the field "flags" of ``errors``."""

    changed = Signal()

    def __init__(self, errors: FieldErrors):
        super().__init__("Contraindications")
        self.picker = FlagPicker()
        self.list, self.other = self.picker.list, self.picker.other
        self.picker.changed.connect(self.changed)
        self.error = FieldErrors().general
        errors.register("flags", self.list, self.error)
        box = QVBoxLayout(self)
        box.addWidget(self.picker)
        box.addWidget(self.error)

    def fill(self, present) -> None:
        """List every known flag and the card's others, ticking the card's ``(flag, note)``."""
        self.picker.fill(present)

    def checked(self) -> list[tuple[str, str] | str]:
        """The ticked flags: (flag, note) for those with a note, bare names otherwise."""
        return self.picker.checked()
