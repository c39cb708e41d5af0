"""Who is calling? The first thing the desk opens when the phone rings.

The receptionist types what the caller gives (a first name, the last four digits of the
number) and sees, per matching client, what the next question needs: when they come next and
came last, how reliable they are, and what the therapist must know. The engine
(:func:`frontdesk.services.caller.lookup`) answers within a keystroke, so the list follows the
typing synchronously and never shows an answer to older text. Enter goes straight on to
finding a time for the highlighted client; the dialog itself decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import Unreachable
from frontdesk.domain.status import Status
from frontdesk.services.caller import CallerCard, lookup
from frontdesk.services.client_record import short_time
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.theme import mix

COLUMNS = ("Client", "Next appointment", "Last appointment", "Visits", "No-shows",
           "Late cancels", "Alert / contraindications")
CLIENT, NEXT, LAST, VISITS, NO_SHOWS, LATE, ALERT = range(len(COLUMNS))
ID_ROLE = Qt.ItemDataRole.UserRole
ALERT_COLOUR = QColor("#b3261e")
WARN_FILL = QColor("#f8c9c4")  # the no-show fill of the day view: the same meaning
WARN_TEXT = QColor("#5c0f0a")
BANNER_STYLE = ("background: #b3261e; color: white; font-weight: 600; padding: 6px 10px;"
                " border-radius: 4px;")
NOTE_STYLE = "color: palette(placeholder-text); padding: 2px 2px;"
_MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5,
              Qt.Key.Key_PageDown: 5}


def alert_text(card: CallerCard) -> str:
    """The alert and the contraindication flags in one line ("" when there are none)."""
    parts = [card.alert.strip()] if card.alert.strip() else []
    parts += [f.replace("_", " ") for f in card.flags]
    return " · ".join(parts)


class TwoLineDelegate(QStyledItemDelegate):
    """Cells of "headline\ndetail": the headline in the cell's own font and colour, the detail
    quieter under it, so a row reads as a card (name over phone, time over service)."""

    PAD = 5

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), 2 * QFontMetrics(option.font).lineSpacing() + 2 * self.PAD)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        lines = str(index.data() or "").split("\n", 1)  # opt.text has them joined
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ink = opt.palette.color(role)
        rect = opt.rect.adjusted(self.PAD + 1, self.PAD, -self.PAD - 1, -self.PAD)
        painter.save()
        painter.setPen(ink)
        painter.setFont(opt.font)
        if len(lines) == 1:
            self._line(painter, rect, lines[0], opt.displayAlignment)
        else:
            half = rect.height() // 2
            top = QRect(rect.left(), rect.top(), rect.width(), half)
            self._line(painter, top, lines[0], Qt.AlignmentFlag.AlignLeft)
            quiet = QFont(opt.widget.font() if opt.widget else opt.font)
            painter.setFont(quiet)
            base = opt.palette.color(QPalette.ColorRole.Highlight if selected
                                     else QPalette.ColorRole.Base)
            painter.setPen(mix(ink, base, 0.3))
            bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
            self._line(painter, bottom, lines[1], Qt.AlignmentFlag.AlignLeft)
        painter.restore()

    @staticmethod
    def _line(painter, rect: QRect, text: str, align) -> None:
        horizontal = align & Qt.AlignmentFlag.AlignHorizontal_Mask
        shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                 rect.width())
        painter.drawText(rect, horizontal | Qt.AlignmentFlag.AlignVCenter, shown)


class CallerDialog(QDialog):
    """Search clients as a caller speaks; act on the highlighted one.

    Signals carry the client: ``find_time_requested(id, name)`` (Enter, "Find a time"),
    ``waitlist_requested(id, name)`` and ``client_requested(id)``; the next visit shown goes
    with ``move_requested(view)`` and ``cancel_requested(view)``. Each accepts the dialog
    after emitting, so the window can open the next screen. The list follows changes made
    anywhere in the window (``door.ops.changed``), keeping the highlighted client.
    """

    find_time_requested = Signal(int, str)
    waitlist_requested = Signal(int, str)
    client_requested = Signal(int)
    move_requested = Signal(object)  # AppointmentView: the highlighted client's next visit
    cancel_requested = Signal(object)

    def __init__(self, door: Door, *, parent: QWidget | None = None):
        super().__init__(parent)
        self.door, self.tz, self.now = door, door.tz, door.now
        self.cards: list[CallerCard] = []
        self.setWindowTitle("Who is calling?")
        self.setAccessibleName("Caller lookup")
        self._build()
        self.refresh("")
        self.search.setFocus()
        door.ops.changed.connect(self._book_changed)
        door.watcher.changed.connect(self._book_changed)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(
            placeholderText="Any part of the name, or phone digits — the last four will do",
            accessibleName="Caller's name or phone", clearButtonEnabled=True)
        font = self.search.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.search.setFont(font)
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)

        self.note = QLabel(accessibleName="Search result", styleSheet=NOTE_STYLE)
        self.results = QTreeWidget(
            accessibleName="Matching clients", rootIsDecorated=False, alternatingRowColors=True,
            uniformRowHeights=True,  # every row is two lines
            selectionMode=QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHeaderLabels(COLUMNS)
        self.results.setItemDelegate(TwoLineDelegate(self.results))
        header = self.results.header()
        header.setStretchLastSection(True)
        for column, width in ((CLIENT, 190), (NEXT, 250), (LAST, 250), (VISITS, 56),
                              (NO_SHOWS, 72), (LATE, 88)):
            header.resizeSection(column, width)
        for column in (VISITS, NO_SHOWS, LATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.results.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
        self.results.currentItemChanged.connect(self._current_changed)
        self.results.itemDoubleClicked.connect(lambda *_: self.find_time())

        self.empty = QLabel(  # in the list's place, so the eye finds it where it looks
            accessibleName="No results", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True,
            styleSheet="color: palette(placeholder-text);", autoFillBackground=True,
            frameShape=QFrame.Shape.StyledPanel, backgroundRole=QPalette.ColorRole.Base)
        big = self.empty.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.empty.setFont(big)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.results)
        self.pages.addWidget(self.empty)

        self.banner = QLabel(wordWrap=True, styleSheet=BANNER_STYLE, visible=False,
                             accessibleName="Alert for the selected client")

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.find_button = self.buttons.addButton("&Find a time", role.AcceptRole)
        self.find_button.setDefault(True)  # Enter, wherever the focus is
        self.waitlist_button = self.buttons.addButton("Add to &waitlist", role.ActionRole)
        self.client_button = self.buttons.addButton("Open &client", role.ActionRole)
        self.move_button = self.buttons.addButton("&Move next visit", role.ActionRole)
        self.cancel_button = self.buttons.addButton("Ca&ncel next visit", role.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in self._acting():
            button.setAccessibleName(button.text().replace("&", ""))
        self.find_button.clicked.connect(self.find_time)
        self.waitlist_button.clicked.connect(self.add_to_waitlist)
        self.client_button.clicked.connect(self.open_client)
        self.move_button.clicked.connect(self.move_next)
        self.cancel_button.clicked.connect(self.cancel_next)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (self.search, self.note, self.pages, self.banner, self.buttons):
            layout.addWidget(widget, widget is self.pages)
        self.resize(1080, 460)

    # -- filling ------------------------------------------------------------------------

    def _book_changed(self, *_args) -> None:
        """Read the cards again (a visit moved or cancelled), keeping the highlighted one."""
        card = self.current()
        self.refresh(keep=card.id if card is not None else None)

    def refresh(self, text: str | None = None, keep: int | None = None) -> None:
        """Look up ``text`` (default: what is typed) and select client ``keep`` if found,
        else the first."""
        text = (self.search.text() if text is None else text).strip()
        try:
            self.cards = self.door.read(lookup, text, self.now(), limit=8) if text else []
        except Unreachable as away:  # the last cards stay listed; the note says why
            self.note.setText(str(away))
            return
        self.results.clear()
        now = self.now()
        for card in self.cards:
            self.results.addTopLevelItem(self._item(card, now))
        if self.cards:
            row = next((n for n, c in enumerate(self.cards) if c.id == keep), 0)
            self.results.setCurrentItem(self.results.topLevelItem(row))
            n = len(self.cards)
            self.note.setText(f"{n} client{'s' if n != 1 else ''} — ↑/↓ to choose, "
                              "Enter to find a time")
            self.pages.setCurrentWidget(self.results)
        else:
            self.note.setText("Check the spelling, or try the last digits of the phone."
                              if text else "Names match from the start of a first or last "
                              "name; numbers by their first or last digits.")
            self.empty.setText(f"No client matches “{text}”" if text else
                               "Type what the caller tells you: a name, or phone digits.")
            self.pages.setCurrentWidget(self.empty)
            self._current_changed(None)

    def _item(self, card: CallerCard, now: datetime) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(CLIENT, ID_ROLE, card.id)
        phones = ", ".join(card.phones) or "no phone"
        item.setText(CLIENT, f"{card.name}\n{phones}")
        bold = QFont(self.results.font())
        bold.setBold(True)
        item.setFont(CLIENT, bold)
        if card.next is None:
            item.setText(NEXT, "nothing booked")
            item.setForeground(NEXT, QBrush(self.palette().placeholderText()))
        else:
            item.setText(NEXT, self._when(card.next, now) + f"\n{card.next.service} with "
                         f"{card.next.therapist}")
        if card.last is None:
            item.setText(LAST, "never")
            item.setForeground(LAST, QBrush(self.palette().placeholderText()))
        else:
            item.setText(LAST, self._when(card.last, now)
                         + f"\n{card.last.service} · {card.last.status.label}")
            if card.last.status in (Status.NO_SHOW, Status.LATE_CANCEL):
                item.setForeground(LAST, ALERT_COLOUR)
        for column, n in ((VISITS, card.visits), (NO_SHOWS, card.no_shows),
                          (LATE, card.late_cancels)):
            item.setText(column, str(n))
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            if n and column != VISITS:
                item.setBackground(column, WARN_FILL)
                item.setForeground(column, WARN_TEXT)
                item.setFont(column, bold)
        alert = alert_text(card)
        item.setText(ALERT, f"⚠ {alert}" if alert else "")
        item.setToolTip(ALERT, alert)
        item.setForeground(ALERT, ALERT_COLOUR)
        item.setFont(ALERT, bold)
        item.setData(CLIENT, Qt.ItemDataRole.AccessibleTextRole, self.describe(card, now))
        return item

    def _when(self, visit: AppointmentView, now: datetime) -> str:
        return short_time(visit.start, self.tz, now)

    def describe(self, card: CallerCard, now: datetime) -> str:
        """The whole card as one sentence, for screen readers."""
        nxt = (f"next {self._when(card.next, now)} {card.next.service} with "
               f"{card.next.therapist}" if card.next else "nothing booked")
        last = (f"last {self._when(card.last, now)} {card.last.status.label}"
                if card.last else "never came")
        alert = alert_text(card)
        return "; ".join(x for x in (
            card.name, ", ".join(card.phones), nxt, last, f"{card.visits} visits",
            f"{card.no_shows} no-shows", f"{card.late_cancels} late cancellations",
            f"alert: {alert}" if alert else "") if x)

    # -- the selected client ------------------------------------------------------------

    def current(self) -> CallerCard | None:
        """The highlighted client's card."""
        item = self.results.currentItem()
        if item is None:
            return None
        client_id = item.data(CLIENT, ID_ROLE)
        return next((c for c in self.cards if c.id == client_id), None)

    def _acting(self):
        return (self.find_button, self.waitlist_button, self.client_button, self.move_button,
                self.cancel_button)

    def _current_changed(self, *_args) -> None:
        card = self.current()
        for button in self._acting():
            button.setEnabled(card is not None)
        has_next = card is not None and card.next is not None
        self.move_button.setEnabled(has_next)
        self.cancel_button.setEnabled(has_next)
        alert = alert_text(card) if card else ""
        self.banner.setText(f"⚠ {card.name}: {alert}" if alert else "")
        self.banner.setVisible(bool(alert))

    def step(self, steps: int) -> None:
        """Move the highlight ``steps`` rows, staying within the list."""
        count = self.results.topLevelItemCount()
        if not count:
            return
        item = self.results.currentItem()
        row = self.results.indexOfTopLevelItem(item) if item is not None else -1
        self.results.setCurrentItem(
            self.results.topLevelItem(min(max(row + steps, 0), count - 1)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down (and Page keys) in the search field move the highlight: the hands stay
        on the keyboard, the text stays as typed."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() in _MOVE_KEYS):
            self.step(_MOVE_KEYS[event.key()])
            return True
        return super().eventFilter(watched, event)

    # -- acting -------------------------------------------------------------------------

    def find_time(self) -> None:
        self._act(lambda c: self.find_time_requested.emit(c.id, c.name))

    def add_to_waitlist(self) -> None:
        self._act(lambda c: self.waitlist_requested.emit(c.id, c.name))

    def open_client(self) -> None:
        self._act(lambda c: self.client_requested.emit(c.id))

    def move_next(self) -> None:
        self._act(lambda c: self.move_requested.emit(c.next), need_next=True)

    def cancel_next(self) -> None:
        self._act(lambda c: self.cancel_requested.emit(c.next), need_next=True)

    def _act(self, emit: Callable[[CallerCard], None], need_next: bool = False) -> None:
        """Hand the highlighted client on, and make way for the screen that follows."""
        card = self.current()
        if card is not None and (card.next is not None or not need_next):
            self.accept()  # out of the way first, so the next screen gets the focus
            emit(card)
