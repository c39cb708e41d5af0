"""Keeping windows inside the screen they open on.

The desk's screens are often 1366x768 with a taskbar: a dialog sized for a bigger screen
would open with its buttons below the bottom edge, out of reach. Each window asks for the
size it would like; it gets that size or the screen's free area, whichever is smaller.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room left for the window manager's title bar and borders, which Qt only knows once a
#: window is on screen.
TITLE_BAR, BORDER = 32, 8
FRAME = QSize(2 * BORDER, TITLE_BAR + BORDER)


def available(widget: QWidget) -> QRect:
    """The free area (without taskbars) of the screen the widget is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(wanted: QSize, area: QRect) -> QSize:
    """``wanted``, no larger than ``area`` less the frame."""
    return QSize(max(1, min(wanted.width(), area.width() - FRAME.width())),
                 max(1, min(wanted.height(), area.height() - FRAME.height())))


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize a top-level window to ``width`` x ``height`` (default: its current size) or
    the screen's free area if that is smaller, and move it so that it lies inside it."""
    area = available(widget)
    wanted = QSize(width or widget.width(), height or widget.height())
    size = fitted(wanted, area)
    if size != widget.size():
        QWidget.resize(widget, size)
        size = widget.size()  # never below the minimum its layout needs
    if not widget.isWindow():
        return
    pos = widget.pos()  # the frame's corner, as move() takes it
    x = max(area.left(), min(pos.x(), area.right() + 1 - FRAME.width() - size.width()))
    y = max(area.top(), min(pos.y(), area.bottom() + 1 - FRAME.height() - size.height()))
    if (x, y) != (pos.x(), pos.y()):
        QWidget.move(widget, x, y)  # a dialog may have a move() of its own


class ScreenFit(QObject):
    """Watches a window and, through it, every dialog it opens (and theirs): each is fitted
    to the screen as it is shown, whatever size its own code asked for. The watched window
    itself is left as it is (it remembers the size its user gave it)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._roots: list[QObject] = []

    def watch(self, widget: QWidget) -> None:
        self._roots.append(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QWidget) and child.isWindow():
                # Its own dialogs made before it was shown were polished with it, unseen.
                for window in (child, *child.findChildren(QWidget)):
                    if window.isWindow():
                        window.installEventFilter(self)  # installing twice keeps one
        elif (kind == QEvent.Type.Show and isinstance(watched, QWidget)
              and watched.isWindow() and watched not in self._roots):
            fit_to_screen(watched)
        return False
