"""A therapist or room list ordered by the rules' own verdict on each.

Suitable choices come first; the rest follow a separator, greyed, each with the engine's
reason (:attr:`frontdesk.services.suitability.Choice.detail`). The box remembers which one
the desk wants while it is empty or refilled, so re-ranking never loses a choice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox

from frontdesk.services import suitability


class RankedBox(QComboBox):
    """``kind`` is "therapist" or "room". ``fixed`` (editing a visit) is the id and name it
    has now, kept even when no longer offered (an inactive therapist); without it the first
    entry is "Any suitable …"."""

    def __init__(self, kind: str, wanted: int | None = None,
                 fixed: tuple[int, str] | None = None):
        super().__init__()
        self.kind, self.wanted, self.fixed = kind, wanted, fixed
        self.setAccessibleName(kind.capitalize())
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)

    def current(self) -> int | None:
        return self.currentData() if self.count() else self.wanted

    def fill(self, choices: list[suitability.Choice]) -> None:
        """Show ``choices`` ranked; the one chosen stays chosen when still listed."""
        wanted = self.current()
        self.blockSignals(True)
        self.clear()
        suitable = [c for c in choices if c.ok]
        if self.fixed is not None:
            if all(c.id != self.fixed[0] for c in choices):
                self.addItem(self.fixed[1], self.fixed[0])
        else:
            self.addItem(f"Any suitable {self.kind}"
                         + ("" if suitable else " (none at this time)"), None)
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for c in suitable:
            self.addItem(c.name, c.id)
        if len(suitable) < len(choices) and self.count():
            self.insertSeparator(self.count())
        for c in choices:
            if not c.ok:
                self.addItem(f"{c.name} — {c.detail}", c.id)
                i = self.count() - 1
                self.setItemData(i, c.reason, Qt.ItemDataRole.ToolTipRole)
                self.setItemData(i, grey, Qt.ItemDataRole.ForegroundRole)
                self.setItemData(i, f"not suitable: {c.reason}",
                                 Qt.ItemDataRole.AccessibleDescriptionRole)
        index = self.findData(wanted) if wanted is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 24)
        self.blockSignals(False)
