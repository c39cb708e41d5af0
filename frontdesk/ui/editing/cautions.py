"""The contraindication warning in the booking editor, and its acknowledgement.

The engine refuses a service the client's flags advise against unless the desk says it has
read the warning (``BookingRequest.acknowledge``), and records what was acknowledged. This
box shows the warning the moment both the client and the service are known, before anything
is sent, with the one tick box that sends the acknowledgement.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout

from frontdesk.domain import contraindications

STYLE = ("QFrame#caution { background: #fdecea; border: 1px solid #c62828; border-radius: 4px; }"
         " QFrame#caution QLabel, QFrame#caution QCheckBox { color: #7f1d1d; }")


class WrappingLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at the width it is
    given. A dialog lays a wrapped label out at the height of one guess of its width and
    never grows for it (Qt's height-for-width does not reach a top-level window), so a long
    warning was cut off mid-line; a minimum height kept to the real width makes the dialog
    grow instead. ``buddy_box``: a tick box the label is the text of (a click toggles it)."""

    def __init__(self, text: str = "", buddy_box: QCheckBox | None = None, parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.buddy_box = buddy_box
        if buddy_box is not None:
            self.setBuddy(buddy_box)
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(max(self.width(), 1))
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def mouseReleaseEvent(self, event) -> None:
        if self.buddy_box is not None and event.button() == Qt.MouseButton.LeftButton:
            self.buddy_box.toggle()
            self.buddy_box.setFocus()
        super().mouseReleaseEvent(event)


class CautionBox(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("caution")
        self.setStyleSheet(STYLE)
        self.setAccessibleName("Contraindication warning")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.text = WrappingLabel()
        # The tick box's own text cannot wrap: it is a label beside the bare box.
        self.check = QCheckBox()
        self.check.setAccessibleName("Acknowledge the contraindication warning")
        self.check_label = WrappingLabel("I have read this and checked with the client "
                                         "(recorded with the appointment)", self.check)
        tick = QHBoxLayout()
        tick.setContentsMargins(0, 0, 0, 0)
        tick.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        tick.addWidget(self.check_label, 1)
        layout.addWidget(self.text)
        layout.addLayout(tick)
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

    def show_warnings(self, warnings: Iterable[str]) -> None:
        """Warnings the engine gave when the request was sent (a couple's second client's,
        known only once their card is looked up); none hides the box."""
        found = tuple(warnings)
        if found != self.flags:
            self.check.setChecked(False)
        self.flags = found
        if found:
            self.text.setText("⚠ <b>Contraindicated:</b> "
                              + "<br>".join(escape(w) for w in found))
        self.setVisible(bool(found))

    @property
    def acknowledged(self) -> bool:
        return bool(self.flags) and self.check.isChecked()
