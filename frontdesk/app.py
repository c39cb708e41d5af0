"""Start-up of the window, in a fixed order: paths -> logging -> database -> Qt -> window."""

from __future__ import annotations

import logging
import os
import sys

from frontdesk import logs, paths
from frontdesk.domain.errors import FrontdeskError

log = logging.getLogger(__name__)


def _no_display() -> bool:
    """On Linux without X11 or Wayland Qt would abort the process; say so in one line."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run_gui(db_url: str | None = None) -> int:
    logs.setup()
    if _no_display():
        raise FrontdeskError(
            "no display to open the window on (set DISPLAY, or QT_QPA_PLATFORM=offscreen)")
    url = db_url or paths.default_db_url()
    from frontdesk.db.migrate import open_database
    from frontdesk.services.setup import ensure_clinic

    db = open_database(url)
    ensure_clinic(db)
    log.info("opened database; starting the window")

    from PySide6.QtWidgets import QApplication

    from frontdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("frontdesk")
    app.setOrganizationName("frontdesk")
    window = MainWindow(db)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
        log.info("window closed")
