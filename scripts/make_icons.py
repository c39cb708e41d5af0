"""Render the app's icon, resources/icons/frontdesk.svg, into the files desktops want.

    python scripts/make_icons.py             # writes them beside the SVG (they are committed)
    python scripts/make_icons.py --out DIR   # somewhere else (the test does this)

Writes ``hicolor/NxN/apps/frontdesk.png`` for the freedesktop sizes (the layout of an icon
theme, so installing on Linux is one copy), ``frontdesk.ico`` for Windows and
``frontdesk.icns`` for macOS, both holding PNG images (Windows Vista and later, macOS 10.7
and later read those). Qt's own SVG renderer draws every size from the SVG, so no size is a
blurred copy of another and no image library beyond Qt is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "frontdesk.svg"
#: The sizes of the freedesktop icon theme's apps folder that launchers and panels ask for.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: macOS icon types that hold a PNG, by size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render(size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` on a transparent ground, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG.name}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon: a directory of the images, each a PNG (256 is written as 0)."""
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(head) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return head + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon: the 'icns' header and one (type, length, PNG) record per size."""
    body = b"".join(ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
                    for size, png in sorted(pngs.items()))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    out = Path(sys.argv[2]).resolve() if sys.argv[1:2] == ["--out"] else SVG.parent
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts, plugins)
    pngs = {size: render(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_TYPES})}
    for size in PNG_SIZES:
        path = out / "hicolor" / f"{size}x{size}" / "apps" / "frontdesk.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
    (out / "frontdesk.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (out / "frontdesk.icns").write_bytes(icns({s: pngs[s] for s in ICNS_TYPES}))
    print(f"wrote {len(PNG_SIZES)} PNGs, frontdesk.ico and frontdesk.icns in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
