"""The offer of an existing card when a new one would duplicate it: "Use Jana Novak #302"
or "Add anyway".

Shown by every place that makes a card (the new-client dialog, the walk-in of find-a-time;
the appointment editor may use it too) when the engine refuses with
:class:`~frontdesk.services.client_cards.DuplicateClient`: the desk takes the card that
exists in one key (Enter on the first "Use …", which takes the focus), or adds anyway.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.services.client_cards import Duplicate

#: Cards offered at most; the rest are counted.
SHOWN = 3


class DuplicateOffer(QFrame):
    """Hidden until :meth:`offer`; ``use(Duplicate)`` or ``add_anyway()`` when chosen."""

    use = Signal(object)
    add_anyway = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicate_offer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Existing client")
        self.note = QLabel(wordWrap=True)
        self.note.setObjectName("duplicate_note")
        self.buttons = QHBoxLayout()
        self.anyway = QPushButton("Add a&nyway")
        self.anyway.setObjectName("add_anyway")
        self.anyway.setAutoDefault(False)
        self.anyway.clicked.connect(self.add_anyway.emit)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self.note)
        box.addLayout(self.buttons)
        self.use_buttons: list[QPushButton] = []
        self.hide()

    def offer(self, matches: list[Duplicate]) -> None:
        """Show the cards (best first) and put the focus on the first "Use …"."""
        while self.buttons.count():
            widget = self.buttons.takeAt(0).widget()
            if widget is not None and widget is not self.anyway:
                widget.deleteLater()
        self.use_buttons = []
        more = len(matches) - SHOWN
        lines = [f"{d.name} #{d.id}" + (f", {d.phone}" if d.phone else "") + f" — {d.reason}"
                 for d in matches[:SHOWN]]
        self.note.setText("A client like this exists:\n" + "\n".join(lines)
                          + (f"\n… and {more} more" if more > 0 else ""))
        for d in matches[:SHOWN]:
            button = QPushButton(f"Use {d.name} #{d.id}")
            button.setObjectName(f"use_{d.id}")
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, d=d: self.use.emit(d))
            self.buttons.addWidget(button)
            self.use_buttons.append(button)
        self.buttons.addWidget(self.anyway)
        self.buttons.addStretch(1)
        self.show()
        if self.use_buttons:
            self.use_buttons[0].setDefault(True)  # Enter anywhere in the dialog takes it
            self.use_buttons[0].setFocus()

    def withdraw(self) -> None:
        self.hide()
