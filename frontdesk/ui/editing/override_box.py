""""Book anyway": shown only after a refusal the engine says may be booked over (soft rules
only), with the reason the desk must give, which the engine records with the visit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from frontdesk.ui.widgets.forms import FieldErrors


class OverrideBox(QFrame):
    send_requested = Signal(str)  # the reason typed

    def __init__(self, errors: FieldErrors, *, editing: bool):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Book anyway")
        layout = QVBoxLayout(self)
        note = QLabel("Only rules that may be booked over are in the way. To book anyway, "
                      "say why; the reason is recorded with the appointment.")
        note.setWordWrap(True)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason to book anyway")
        self.reason.setMaxLength(500)
        error = errors.add_row(form, "override", "R&eason:", self.reason)
        error.setAccessibleName("Reason problem")
        self.anyway = QPushButton("Save an&yway" if editing else "Book an&yway")
        self.anyway.setAutoDefault(False)
        self.anyway.setEnabled(False)
        self.anyway.clicked.connect(lambda: self.send_requested.emit(self.reason.text()))
        self.reason.textChanged.connect(lambda t: self.anyway.setEnabled(bool(t.strip())))
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.anyway)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addLayout(bar)
        self.hide()
