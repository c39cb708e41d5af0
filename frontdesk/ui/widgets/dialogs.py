"""Small questions the window asks: a reason, a date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
)

from frontdesk.ui.book.navigator import from_qdate, to_qdate
from frontdesk.ui.widgets.screen_fit import FRAME, available, fitted

CANCEL_REASONS = ("Client called to cancel", "Client is unwell", "Therapist unavailable",
                  "Booked by mistake", "Weather")


class ReasonDialog(QDialog):
    """Asks for a reason (editable, with common ones offered); OK only once one is given."""

    def __init__(self, title: str, prompt: str, reasons=(), *, late_option: bool = False,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", *reasons])
        self.reason.setAccessibleName("Reason")
        self.late = QCheckBox("Late cancellation (inside the notice period)")
        self.late.setAccessibleName("Late cancellation")
        self.late.setVisible(late_option)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason.editTextChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
        # The prompt may carry the engine's whole refusal: wrapped at the dialog's width,
        # given all the height it needs, and scrolled only past what the screen holds.
        self.message = QLabel(prompt)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Message")
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.late)
        layout.addWidget(self.buttons)
        self._size_to(prompt)

    def _size_to(self, prompt: str) -> None:
        area = available(self)
        width = fitted(QSize(460 if len(prompt) < 160 else 580, 0), area).width()
        layout = self.layout()
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        rest = margins.top() + margins.bottom() + 3 * layout.spacing() + sum(
            w.sizeHint().height() for w in (self.reason, self.late, self.buttons)
            if not w.isHidden())
        needed = self.message.heightForWidth(inner) + 2
        room = area.height() - FRAME.height() - rest
        self.scroll.setMinimumHeight(max(40, min(needed, room)))
        self.resize(width, min(needed, room) + rest)

    def text(self) -> str:
        return self.reason.currentText().strip()


class GoToDateDialog(QDialog):
    def __init__(self, day: date, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Go to date")
        self.edit = QDateEdit(to_qdate(day))
        self.edit.setCalendarPopup(True)
        self.edit.setAccessibleName("Date")
        self.edit.setDisplayFormat("yyyy-MM-dd")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Date:", self.edit)
        form.addRow(buttons)

    def day(self) -> date:
        return from_qdate(self.edit.date())
