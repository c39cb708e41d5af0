"""Pieces the waitlist's dialogs share: two-line lists, form strips, and how a wish and a
slot read."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.services import waitlist
from frontdesk.services.client_record import short_time
from frontdesk.ui.desk.caller_dialog import TwoLineDelegate
from frontdesk.ui.editing.prefill import EditorPrefill

QUIET = "color: palette(placeholder-text);"


def two_line_tree(name: str, columns: tuple[str, ...], widths: tuple[int, ...],
                  stretch: int) -> QTreeWidget:
    """A list of two-line rows (see :class:`TwoLineDelegate`); column ``stretch`` takes the
    room left, so nothing hides behind a horizontal scroll bar."""
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(columns)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setItemDelegate(TwoLineDelegate(tree))
    header = tree.header()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return tree


def add_row(tree: QTreeWidget, texts: tuple[str, ...], key: int) -> QTreeWidgetItem:
    item = QTreeWidgetItem(list(texts))
    item.setData(0, Qt.ItemDataRole.UserRole, key)
    tree.addTopLevelItem(item)
    return item


def form_strip(*widgets: QWidget, hint: str = "") -> QWidget:
    """Widgets side by side in one form row, with a quiet hint after them."""
    strip = QWidget()
    row = QHBoxLayout(strip)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in (*widgets, *([QLabel(hint, styleSheet=QUIET)] if hint else [])):
        row.addWidget(widget)
    row.addStretch(1)
    return strip


def span_text(start: datetime, end: datetime, tz, now: datetime) -> str:
    return f"{short_time(start, tz, now)}–{clock.to_local(end, tz):%H:%M}"


def wish_text(entry: waitlist.Entry) -> str:
    """The wish on two lines: the service (and therapist) over the days, times and end."""
    head, _, rest = entry.wants().partition(" · ")
    return f"{head}\n{rest or 'any day, any time'}"


def prefill(entry: waitlist.Entry, start: datetime, therapist_id: int,
            room_id: int) -> EditorPrefill:
    """The editor's opening for booking ``entry`` at a slot (the entry goes when booked)."""
    return EditorPrefill(start=start, therapist_id=therapist_id, room_id=room_id,
                         service_id=entry.service_id, client_id=entry.client_id,
                         waitlist_id=entry.id)
