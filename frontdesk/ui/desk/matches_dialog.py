"""The waiting clients who could take a freed slot, with their phones: offered after a
cancellation or a no-show; Book opens the appointment dialog for the one chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import waitlist
from frontdesk.services.client_record import short_time
from frontdesk.ui.desk.caller_dialog import ALERT_COLOUR
from frontdesk.ui.desk.waitlist_rows import (
    add_row,
    prefill,
    span_text,
    two_line_tree,
    wish_text,
)


class MatchesDialog(QDialog):
    """A slot has just opened: the waiting clients who could take it, phone first, to call.

    ``book_requested(EditorPrefill)`` with the chosen match (Enter, "Book", double-click); the
    dialog then accepts. "Close" leaves the waitlist as it is.
    """

    book_requested = Signal(object)

    def __init__(self, matches: list[waitlist.Match], tz, *, title: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.matches, self.tz = list(matches), tz
        first = self.matches[0] if self.matches else None
        if not title and first is not None:
            title = f"Freed: {short_time(first.start, tz, first.start)} with {first.therapist}"
        self.setWindowTitle(title or "A slot has opened")
        self.heading = QLabel(title)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Freed slot")
        n = len(self.matches)
        self.note = QLabel(f"{n} waiting client{'s' if n != 1 else ''} could take it. "
                           "Call, then Book the one who says yes." if n else
                           "Nobody on the waitlist can take this slot.")
        self.list = two_line_tree("Waiting clients who could take it",
                          ("Phone", "Client", "Wants", "Would book", "Alert"),
                          (160, 150, 250, 160, 200), stretch=4)
        phone_font = self.list.font()
        phone_font.setBold(True)
        phone_font.setPointSizeF(phone_font.pointSizeF() * 1.15)
        for i, m in enumerate(self.matches):
            e = m.entry
            item = add_row(self.list, ("\n".join((e.phone or "no phone", ", ".join(e.phones[1:])))
                                    .rstrip(), e.client, wish_text(e),
                                    f"{span_text(m.start, m.end, tz, m.start)}\n{m.therapist} · "
                                    f"{m.room}", f"⚠ {e.alert}" if e.alert else ""), i)
            item.setFont(0, phone_font)
            item.setForeground(4, ALERT_COLOUR)
            item.setToolTip(4, e.alert)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         f"{e.client}, phone {', '.join(e.phones) or 'none'}")
        if self.matches:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.itemDoubleClicked.connect(lambda *_: self.book())
        buttons = QDialogButtonBox()
        self.book_button = buttons.addButton("&Book", QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.setDefault(True)
        self.book_button.setEnabled(bool(self.matches))
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.book)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.note, self.list, buttons):
            layout.addWidget(widget)
        self.resize(1000, 340)
        self.list.setFocus()

    def current(self) -> waitlist.Match | None:
        item = self.list.currentItem()
        return self.matches[item.data(0, Qt.ItemDataRole.UserRole)] if item else None

    def book(self) -> None:
        match = self.current()
        if match is not None:
            self.book_requested.emit(prefill(match.entry, match.start, match.therapist_id,
                                             match.room_id))
            self.accept()
