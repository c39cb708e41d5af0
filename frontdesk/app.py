"""Start-up of the window, in a fixed order: paths -> logging -> database -> Qt -> window.

A new, empty database gets the first-start choice (set up my clinic, or open the demo
clinic) before the book opens; closing that choice quits without leaving a half-made clinic.
"""

from __future__ import annotations

import gc
import logging
import os
import sys

from frontdesk import environment, logs, paths
from frontdesk.domain.errors import DamagedBook, FrontdeskError
from frontdesk.loading import loading

log = logging.getLogger(__name__)


def _no_display() -> bool:
    """On Linux without X11 or Wayland Qt would abort the process; say so in one line."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def settle() -> None:
    """After start-up: move everything made so far (Qt and SQLAlchemy machinery, the
    catalogue) out of the garbage collector's sight. Full collections then no longer walk
    those objects, which otherwise stalls a day switch now and then for tens of ms."""
    gc.collect()
    gc.freeze()


def start(db_url: str | None = None):
    """Open the database and show the window; returns (app, window or None, database).

    None means the user closed the first-start choice: there is nothing to show.
    """
    logfile = logs.setup()
    if _no_display():
        raise FrontdeskError(
            "no display to open the window on (set DISPLAY, or QT_QPA_PLATFORM=offscreen)")
    url = db_url or paths.default_db_url()
    now = environment.now_source()
    # The program loads with the collector paused (see frontdesk.loading); the database
    # layer first, so a database that cannot be opened is said before Qt is loaded.
    with loading():
        from frontdesk.db.migrate import open_database
        from frontdesk.services.setup_view import needs_first_start

    try:
        db = open_database(url)
    except DamagedBook as damaged:
        db = _recover(url, damaged, now())
    log.info("opened database; starting the window")

    with loading():
        from PySide6.QtWidgets import QApplication

        from frontdesk.ui.core import mishaps
        from frontdesk.ui.core.collector import GuiCollector
        from frontdesk.ui.core.door import Door
        from frontdesk.ui.main_window import MainWindow
        from frontdesk.ui.widgets import theme

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("frontdesk")
    app.setOrganizationName("frontdesk")
    app.setWindowIcon(theme.app_icon())
    app.setStyleSheet(theme.style_sheet())
    GuiCollector(app).start()  # Qt objects must never be freed on a worker thread
    choice = None
    if needs_first_start(db):
        from frontdesk.services.setup import FirstStart
        from frontdesk.ui.setup.first_start_dialog import FirstStartDialog

        dialog = FirstStartDialog(FirstStart(db, environment.actor()))
        if not dialog.exec():
            log.info("first start closed without a choice")
            return app, None, db
        choice = dialog.choice
    elif not _signed_in(db):
        log.info("sign-in closed")
        return app, None, db
    actor = db.staff.name if db.staff is not None else environment.actor()
    window = MainWindow(Door(db, actor=actor, now=now))
    mishaps.install(window, logfile)  # an exception in a slot: said calmly, not printed
    window.show()
    settle()
    if choice == "setup":  # the clinic itself was just set up: its therapists come next
        window.open_setup("therapists")
    return app, window, db


def _signed_in(db) -> bool:
    """On a book with staff accounts, the sign-in before the book shows (False: closed
    without signing in); a book without accounts needs none."""
    from frontdesk.services import accounts
    from frontdesk.services.catalog import clinic_info
    from frontdesk.ui.signin.dialog import SignInDialog

    with db.read() as session:
        if not accounts.has_accounts(session):
            return True
        clinic = clinic_info(session).name
    dialog = SignInDialog(lambda name, password: accounts.check(db, name, password), clinic)
    if not dialog.exec() or dialog.staff is None:
        return False
    db.staff = dialog.staff
    log.info("signed in (%s)", dialog.staff.role.value)
    return True


def _recover(url: str, damaged: DamagedBook, now):
    """A damaged book at start: the window offers its newest good backup (see
    frontdesk.ui.setup.damaged_dialog); declined, or none, the start ends with the reason."""
    from PySide6.QtWidgets import QApplication

    from frontdesk.db.migrate import open_database
    from frontdesk.ui.setup.damaged_dialog import offer_backup

    QApplication.instance() or QApplication(sys.argv)
    if not offer_backup(url, damaged, now):
        raise damaged
    return open_database(url)


def quit_after_first_paint(app, window) -> None:
    """Quit once the day view is first painted, printing that moment (``time.time()``) on
    stdout: how the benchmarks and the bundle's smoke test see the window reach its first
    painted day from outside the process (``FRONTDESK_QUIT_AFTER_PAINT=1``)."""
    import time

    def painted() -> None:
        print(f"{time.time():.6f}", flush=True)
        window.day_view.painted.disconnect(painted)
        app.quit()

    window.day_view.painted.connect(painted)


def run_gui(db_url: str | None = None) -> int:
    app, window, db = start(db_url)
    try:
        if window is not None and os.environ.get("FRONTDESK_QUIT_AFTER_PAINT") == "1":
            quit_after_first_paint(app, window)
        return app.exec() if window is not None else 0
    finally:
        db.close()
        log.info("window closed")
