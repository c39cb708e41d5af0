"""Two desks edited one visit: what the other desk changed, beside this desk's edit.

The engine refuses the second save (the visit's version moved on) and says who changed it
and when. Overwriting silently would lose the other desk's work; throwing this desk's edit
away would lose the receptionist's. So the editor keeps what was typed and this panel says
what is different now — "Start: Thu 1 Oct 10:00 → 11:00 · Room: Cedar → Willow" — with two
ways on: keep mine (try again over the visit as it is now, every rule checked again) or take
theirs (the editor opens again on the visit as it is now).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from frontdesk.domain.errors import StaleEdit
from frontdesk.domain.text import client_label
from frontdesk.services.client_record import short_time
from frontdesk.services.schedule import AppointmentView

STYLE = ("QFrame#stale { background: #fff4d6; border: 1px solid #c99a2e; border-radius: 4px; }"
         " QLabel { color: #3d2c00; }")


def differences(mine: AppointmentView, theirs: AppointmentView, tz,
                now: datetime) -> list[str]:
    """What the other desk changed, part by part ("Room: Cedar → Willow")."""
    def length(v: AppointmentView) -> str:
        return f"{int((v.end - v.start).total_seconds() // 60)} min"

    parts = (
        ("Start", lambda v: short_time(v.start, tz, now)), ("Length", length),
        ("Client", lambda v: client_label(v.client)), ("Service", lambda v: v.service),
        ("Therapist", lambda v: v.therapist), ("Room", lambda v: v.room),
        ("Status", lambda v: v.status.label), ("Notes", lambda v: v.notes.strip() or "(none)"),
        ("Source", lambda v: v.source),
    )
    return [f"{name}: {shown(mine)} → {shown(theirs)}" for name, shown in parts
            if shown(mine) != shown(theirs)]


class StalePanel(QFrame):
    """Hidden until a save is refused as stale; ``keep_mine`` / ``take_theirs`` then."""

    keep_mine = Signal()
    take_theirs = Signal()

    def __init__(self):
        super().__init__(objectName="stale", visible=False)
        self.setStyleSheet(STYLE)
        self.setAccessibleName("Changed at another desk")
        self.theirs: AppointmentView | None = None
        self.text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                           accessibleName="What the other desk changed")
        self.mine_button = QPushButton("&Keep mine and try again")
        self.theirs_button = QPushButton("T&ake theirs")
        for button in (self.mine_button, self.theirs_button):
            button.setAutoDefault(False)
        self.mine_button.clicked.connect(self.keep_mine)
        self.theirs_button.clicked.connect(self.take_theirs)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        box = QVBoxLayout(self)
        box.addWidget(self.text)
        box.addLayout(buttons)

    def show_change(self, error: StaleEdit, mine: AppointmentView,
                    theirs: AppointmentView | None, tz, now: datetime) -> None:
        """Say who changed the visit, when and what (or that it is gone)."""
        self.theirs = theirs
        who = error.changed_by or "another desk"
        when = f" at {short_time(error.changed_at, tz, now)}" if error.changed_at else ""
        if theirs is None:
            self.text.setText(f"{who} took this visit out of the book{when}. Your edit "
                              "cannot be saved; close the editor.")
        else:
            changed = differences(mine, theirs, tz, now) or ["nothing you can see here"]
            self.text.setText(f"{who} changed this visit{when} while you were editing it:\n"
                              + "\n".join(changed) + "\nYour edit stays in the form above.")
        self.mine_button.setEnabled(theirs is not None)
        self.theirs_button.setEnabled(theirs is not None)
        self.show()
