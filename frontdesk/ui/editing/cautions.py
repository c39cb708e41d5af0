"""The contraindication warning in the booking editor, and its acknowledgement.

The engine refuses a service the client's flags advise against unless the desk says it has
read the warning (``BookingRequest.acknowledge``), and records what was acknowledged. This
box shows the warning the moment both the client and the service are known, before anything
is sent, with the one tick box that sends the acknowledgement.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout

from frontdesk.domain import contraindications

STYLE = ("QFrame#caution { background: #fdecea; border: 1px solid #c62828; border-radius: 4px; }"
         " QFrame#caution QLabel, QFrame#caution QCheckBox { color: #7f1d1d; }")


class CautionBox(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("caution")
        self.setStyleSheet(STYLE)
        self.setAccessibleName("Contraindication warning")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.check = QCheckBox("I have read this and checked with the client "
                               "(recorded with the appointment)")
        self.check.setAccessibleName("Acknowledge the contraindication warning")
        layout.addWidget(self.text)
        layout.addWidget(self.check)
        self.flags: tuple[str, ...] = ()
        self.hide()

    def show_for(self, service: str, client: str, cautions: Iterable[str],
                 client_flags: Iterable[str]) -> None:
        """Warn when the service's cautions name any of the client's flags; else hide."""
        found = tuple(contraindications.conflicts(cautions, client_flags))
        if found != self.flags:
            self.check.setChecked(False)  # a new warning needs a new acknowledgement
        self.flags = found
        if found:
            self.text.setText("⚠ <b>Contraindicated:</b> "
                              + contraindications.warning(service, client, found))
        self.setVisible(bool(found))

    @property
    def acknowledged(self) -> bool:
        return bool(self.flags) and self.check.isChecked()
