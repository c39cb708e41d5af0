"""A client's own file, written for them: JSON (for a program) or PDF (for a person).

Both hold the same :class:`~frontdesk.services.client_file.ClientFile`, whole. The file is
written like every export (:mod:`frontdesk.export.files`): atomically, its owner's only. The
PDF is :mod:`frontdesk.export.pdf_client`'s, loaded (with Qt) only when a PDF is asked for.
"""

from __future__ import annotations

import json
from pathlib import Path

from frontdesk.domain.errors import BadInput
from frontdesk.export.files import opened, replacing
from frontdesk.services.client_file import ClientFile

FORMATS = ("json", "pdf")


def format_for(target: str | Path, fmt: str | None = None) -> str:
    """``fmt``, or the format the target's suffix names (standard output: JSON); BadInput
    when neither tells."""
    if not fmt and str(target) == "-":
        return "json"
    fmt = (fmt or Path(str(target)).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise BadInput(f"say --format ({' or '.join(FORMATS)}): {str(target)!r} does not "
                       "tell", "format")
    return fmt


def check_target(fmt: str, target: str | Path) -> None:
    """Refuse what cannot be written before anything is read."""
    if str(target) == "-":
        if fmt == "pdf":
            raise BadInput("a PDF cannot go to standard output; give -o FILE.pdf", "output")
        return
    path = Path(target)
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name", "output")
    if not path.parent.is_dir():
        raise BadInput(f"no folder {path.parent} to write {path.name} in", "output")


def write(file: ClientFile, fmt: str, target: str | Path, *, paper: str = "A4") -> int:
    """Write ``file`` as ``fmt`` to ``target`` ("-": standard output, JSON only); returns
    the number of pages of a PDF, of bytes of JSON."""
    check_target(fmt, target)
    if fmt == "pdf":
        from frontdesk.export import pdf_client  # Qt is loaded only for a PDF

        with replacing(Path(target)) as temp:
            return pdf_client.write(file, temp, paper=paper)
    text = json.dumps(file.as_json(), ensure_ascii=False, indent=2) + "\n"
    with opened(target) as out:
        out.write(text)
    return len(text.encode("utf-8"))
