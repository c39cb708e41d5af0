"""Small questions the window asks: a reason, a date."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from frontdesk.ui.book.navigator import from_qdate, to_qdate

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
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.late)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

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
