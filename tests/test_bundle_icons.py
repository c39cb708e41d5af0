"""Desktop integration (issue 15, item 2): the icons drawn from the SVG in the usual sizes,
for Windows and macOS too, the Linux .desktop file, and the window's icon made from them."""

from __future__ import annotations

import configparser
import struct
import sys

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from frontdesk.ui.widgets import theme
from tests.bundle_script import ROOT, load

make_icons = load("make_icons")
ICONS = ROOT / "resources" / "icons"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_committed_icons_are_the_svg_drawn_in_every_size(qapp, tmp_path, monkeypatch):
    """Drawn again now, each size is the committed one (Qt's renderer may differ by a
    shade between versions, so pixels are compared with a tolerance), and not blank."""
    monkeypatch.setattr(sys, "argv", ["make_icons.py", "--out", str(tmp_path)])
    assert make_icons.main() == 0
    for size in make_icons.PNG_SIZES:
        name = f"hicolor/{size}x{size}/apps/frontdesk.png"
        committed, fresh = QImage(str(ICONS / name)), QImage(str(tmp_path / name))
        assert committed.size() == QSize(size, size) == fresh.size(), name
        opaque = sum(committed.pixelColor(x, y).alpha() > 0
                     for x in range(size) for y in range(size))
        assert opaque > size * size // 2, f"{name} is nearly empty"
        worst = max(abs(committed.pixelColor(x, y).green() - fresh.pixelColor(x, y).green())
                    for x in range(size) for y in range(size))
        assert worst <= 8, f"{name} is not the SVG as drawn now: run scripts/make_icons.py"


def test_windows_and_macos_icons_hold_each_size_as_png():
    data = (ICONS / "frontdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for n in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * n:22 + 16 * n])
        width, height = _png_size(data[offset:offset + length])
        assert width == height == (side or 256)
        sizes.append(width)
    assert tuple(sizes) == make_icons.ICO_SIZES

    data = (ICONS / "frontdesk.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    at, found = 8, {}
    while at < len(data):
        kind, length = data[at:at + 4], struct.unpack(">I", data[at + 4:at + 8])[0]
        found[kind] = _png_size(data[at + 8:at + length])[0]
        at += length
    assert found == {kind: size for size, kind in make_icons.ICNS_TYPES.items()}


def test_the_desktop_file_launches_frontdesk_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "resources" / "desktop" / "frontdesk.desktop", encoding="utf-8")
    desk = entry["Desktop Entry"]
    assert desk["Type"] == "Application" and desk["Terminal"] == "false"
    assert desk["Exec"].split()[0] == "frontdesk"
    # An icon theme name (no path, no extension), found in the hicolor tree that ships
    assert (ICONS / "hicolor" / "48x48" / "apps" / f"{desk['Icon']}.png").is_file()
    assert desk["Categories"].endswith(";") and "Office" in desk["Categories"].split(";")


def test_the_window_icon_has_every_size_without_an_image_plugin(qapp):
    """From the PNGs: a bundle shows it even where Qt's SVG plugins are not loaded."""
    sizes = {s.width() for s in theme.app_icon().availableSizes()}
    assert set(make_icons.PNG_SIZES) <= sizes
