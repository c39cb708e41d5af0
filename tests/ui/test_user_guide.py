"""The user guide (docs/guide/) cannot drift silently from the program it describes.

Its links and pictures must resolve (to a file, and to a heading where an anchor is
named), every picture in docs/guide/img/ must be shown by a page, and every menu item it
names as **Menu > Item** must be in a real window's menus, with the keys it gives beside it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from frontdesk.ui.core.door import Door
from frontdesk.ui.main_window import MainWindow
from tests.helpers import NOW

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
MENU = re.compile(r"\*\*([A-Z][A-Za-z]+) > ([^*]+?)\*\*")
KEY = r"\*\*((?:Ctrl\+|Alt\+|Shift\+)*(?:F\d+|Del|[A-Z0-9,]))\*\*"
KEY_THEN_MENU = re.compile(KEY + r" \(\*\*([A-Z][A-Za-z]+) > ([^*]+?)\*\*\)")
MENU_THEN_KEY = re.compile(r"\*\*([A-Z][A-Za-z]+) > ([^*]+?)\*\* \(" + KEY + r"\)")


def pages() -> list[Path]:
    return sorted(GUIDE.glob("*.md"))


def text(page: Path) -> str:
    """The page with its line breaks as spaces: a menu item may wrap across lines."""
    return re.sub(r"\s+", " ", page.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to -."""
    words = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return words.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    lines = page.read_text(encoding="utf-8").splitlines()
    return {slug(line.lstrip("#")) for line in lines if re.match(r"#{1,6} ", line)}


def test_the_readme_links_to_the_guide_at_its_top():
    top = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "(docs/guide/index.md)" in top


def test_every_page_is_reached_from_the_index():
    linked = set(LINK.findall((GUIDE / "index.md").read_text(encoding="utf-8")))
    assert {p.name for p in pages()} - {"index.md"} <= linked


def test_the_guides_links_and_pictures_resolve():
    broken, shown = [], set()
    for page in pages():
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):  # a web address: not checked here
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.is_file():
                broken.append(f"{page.name}: {target} (no such file)")
            elif anchor and anchor not in anchors(file):
                broken.append(f"{page.name}: {target} (no such heading)")
            if file.parent == GUIDE / "img":
                shown.add(file.name)
    assert not broken
    pictures = {p.name for p in (GUIDE / "img").glob("*.png")}
    assert pictures and pictures == shown, "pictures no page shows, or pages without theirs"


@pytest.fixture
def menus(qtbot, db, clinic) -> dict[str, dict[str, str]]:
    """Each menu of a real window: its items' texts (without the & of their keys) and keys."""
    window = MainWindow(Door(db, actor="tester", now=lambda: NOW, watch_ms=10_000))
    qtbot.addWidget(window)
    found: dict[str, dict[str, str]] = {}
    for menu_action in window.menuBar().actions():
        items = found.setdefault(menu_action.text().replace("&", ""), {})
        for action in menu_action.menu().actions():
            if not action.isSeparator():
                items[action.text().replace("&", "")] = action.shortcut().toString(
                    QKeySequence.SequenceFormat.PortableText)
    return found


def test_every_menu_item_the_guide_names_is_in_the_window(menus):
    named = {(page.name, menu, item) for page in pages()
             for menu, item in MENU.findall(text(page))}
    assert len(named) > 20
    missing = [f"{page}: {menu} > {item}" for page, menu, item in sorted(named)
               if item not in menus.get(menu, {})]
    assert not missing, f"not in the window's menus: {missing}"


def test_the_keys_the_guide_gives_beside_a_menu_item_are_its_keys(menus):
    pairs = []
    for page in pages():
        body = text(page)
        pairs += [(page.name, key, menu, item) for key, menu, item in KEY_THEN_MENU.findall(body)]
        pairs += [(page.name, key, menu, item) for menu, item, key in MENU_THEN_KEY.findall(body)]
    assert len(pairs) > 10
    wrong = [f"{page}: {key} for {menu} > {item}" for page, key, menu, item in pairs
             if menus.get(menu, {}).get(item) != key]
    assert not wrong, f"keys the window does not give: {wrong}"


@pytest.mark.slow
def test_the_screenshot_script_makes_every_picture_the_guide_shows(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--guide",
                          "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    from PySide6.QtGui import QImage
    for picture in (GUIDE / "img").glob("*.png"):
        image = QImage(str(tmp_path / picture.name))
        assert not image.isNull() and image.width() >= 400, picture.name
