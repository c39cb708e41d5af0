"""Start-up of the window, in a fixed order: paths -> logging -> database -> Qt -> window."""

from __future__ import annotations

import logging
import sys

from frontdesk import logs, paths

log = logging.getLogger(__name__)


def run_gui(db_url: str | None = None) -> int:
    logs.setup()
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
