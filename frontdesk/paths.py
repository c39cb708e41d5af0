"""Where frontdesk keeps its files: platformdirs behind one function each.

``FRONTDESK_HOME`` overrides every location at once (tests, a portable install on a USB
stick); ``FRONTDESK_DB`` chooses the database. The data and log folders are their owner's
only (:mod:`frontdesk.private`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from frontdesk import private

APP = "frontdesk"


def data_dir() -> Path:
    home = os.environ.get("FRONTDESK_HOME")
    path = Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))
    return private.folder(path)


def log_dir() -> Path:
    home = os.environ.get("FRONTDESK_HOME")
    path = Path(home) / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))
    return private.folder(path)


def default_db_url() -> str:
    """``FRONTDESK_DB`` if set, else the server this desk was pointed at (see
    :mod:`frontdesk.connection`), else the SQLite file in the user data directory."""
    from frontdesk import connection

    return (os.environ.get("FRONTDESK_DB") or connection.saved_url()
            or local_db_url())


def local_db_url() -> str:
    """The SQLite file in the user data directory: this computer's own book."""
    return f"sqlite:///{data_dir() / 'frontdesk.sqlite3'}"


def resource(name: str) -> Path:
    """A file shipped in ``resources/``, found from a checkout, an install or a bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    roots = [Path(bundle) / "resources"] if bundle else []
    roots += [Path(__file__).resolve().parent.parent / "resources",
              Path(__file__).resolve().parent / "resources"]
    for root in roots:
        if (root / name).exists():
            return root / name
    return roots[0] / name
