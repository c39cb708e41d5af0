"""Colours and patterns, one place for the whole window.

Status is shown by colour *and* pattern (a hatch for no-shows, a strike-through for
cancellations) so it reads without colour vision. Block colours are mid-tone with their own
dark text, so they read the same in a light or a dark system theme; shading of off-hours is
mixed from the palette, so it follows the theme.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPalette

from frontdesk import paths
from frontdesk.domain.status import CANCELLATIONS, Status
from frontdesk.services.dayplan import ShadeKind

#: (fill, accent bar) per status.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.BOOKED: ("#cfe0fb", "#3b73c9"),
    Status.CONFIRMED: ("#c9ecd3", "#2e8b4f"),
    Status.ARRIVED: ("#ffe3a8", "#c88400"),
    Status.IN_SESSION: ("#e2d2f7", "#7a4cc0"),
    Status.COMPLETED: ("#dcdfe3", "#6b7480"),
    Status.NO_SHOW: ("#f8c9c4", "#b3261e"),
    Status.CANCELLED: ("#eceff1", "#9aa3ab"),
    Status.LATE_CANCEL: ("#f3dccf", "#a0522d"),
}
#: The same as QColors, made once (a busy day paints hundreds of blocks per frame).
FILL = {s: QColor(f) for s, (f, _a) in STATUS_COLOURS.items()}
ACCENT = {s: QColor(a) for s, (_f, a) in STATUS_COLOURS.items()}
BLOCK_TEXT = QColor("#15191e")
ALERT = QColor("#b3261e")
NOW_LINE = QColor("#e53935")
SELECTED = QColor("#1a56db")
#: The shared edge of a couples session's visits (each one's right edge).
PARTY = QColor("#7e57c2")
OK_DROP = QColor(46, 139, 79, 110)
BAD_DROP = QColor(179, 38, 30, 110)

#: Statuses drawn with a hatch on top of their colour (rare ones only: a pattern brush costs
#: twenty times a plain fill, and a past day is all "completed").
HATCHED = {Status.NO_SHOW: Qt.BrushStyle.BDiagPattern,
           Status.LATE_CANCEL: Qt.BrushStyle.FDiagPattern}
STRUCK = CANCELLATIONS
#: A sign before the client's name, so status also reads without colour.
MARK = {Status.CONFIRMED: "✓ ", Status.ARRIVED: "● ", Status.IN_SESSION: "▶ ",
        Status.COMPLETED: "✔✔ ", Status.NO_SHOW: "✕ "}


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0-1) of the way towards ``b``."""
    return QColor(*(round(x + (y - x) * amount) for x, y in zip(
        (a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()), strict=True)))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def shade_colour(palette: QPalette, kind: ShadeKind) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    amount = {ShadeKind.OFF: 0.07, ShadeKind.CLOSED: 0.12, ShadeKind.BREAK: 0.10,
              ShadeKind.TIME_OFF: 0.14}[kind]
    return mix(base, text, amount)


def line_colour(palette: QPalette, strong: bool) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return mix(base, text, 0.22 if strong else 0.09)


class Paints:
    """The palette-derived colours of one paint, worked out once per paint event."""

    def __init__(self, palette: QPalette):
        self.base = palette.color(QPalette.ColorRole.Base)
        self.window = palette.color(QPalette.ColorRole.Window)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.window_text = palette.color(QPalette.ColorRole.WindowText)
        self.muted = palette.color(QPalette.ColorRole.PlaceholderText)
        self.shades = {kind: shade_colour(palette, kind) for kind in ShadeKind}
        self.line = line_colour(palette, False)
        self.hour_line = line_colour(palette, True)
        #: rest or turnover after a session: the status accent, faded into the background
        self.band = {s: mix(a, self.base, 0.7) for s, a in ACCENT.items()}


def style_sheet() -> str:
    """The application's style sheet from resources/ (empty if the file is missing)."""
    path = paths.resource("styles/frontdesk.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def app_icon() -> QIcon:
    """The app's icon in every size scripts/make_icons.py drew from the SVG: PNGs need no
    image plugin, so the icon shows in a bundle that carries few; the SVG where they are
    missing."""
    icon = QIcon()
    for png in paths.resource("icons/hicolor").glob("*/apps/frontdesk.png"):
        icon.addFile(str(png))
    svg = paths.resource("icons/frontdesk.svg")
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon
