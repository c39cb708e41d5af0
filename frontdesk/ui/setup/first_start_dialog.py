"""The first start on an empty database: set up one's own clinic, or open the demo clinic.

Shown instead of an empty appointment book, which would leave a new user with nothing to book
and no hint where to begin. Setting up asks only what cannot wait (name, time zone, opening
hours); therapists, rooms and services follow in the set-up dialog. The demo is built in the
background so the window stays responsive (and can say what it is doing).
"""

from __future__ import annotations

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.domain.hours import WeeklySpan
from frontdesk.services.setup import DEFAULT_OPENING, FirstStart
from frontdesk.ui.core.tasks import Tasks
from frontdesk.ui.setup.week_table import WeekTable
from frontdesk.ui.setup.widgets import heading, hint, zone_combo
from frontdesk.ui.widgets.forms import FieldErrors

FALLBACK_ZONE = "America/New_York"


def local_zone_name(name: str | None = None) -> str:
    """This computer's IANA zone (Qt maps Windows zone names to IANA), else New York."""
    if name is None:
        name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    try:
        clock.zone(name)
    except BadInput:
        return FALLBACK_ZONE
    return name


class FirstStartDialog(QDialog):
    """``choice`` is "setup" or "demo" once accepted; the caller opens the book (and, after
    "setup", the set-up dialog for therapists, rooms and services)."""

    def __init__(self, start: FirstStart, parent=None):
        super().__init__(parent)
        self.start = start
        self.choice: str | None = None
        self.tasks = Tasks(self)
        self.setWindowTitle("Welcome — frontdesk")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choices())
        self.pages.addWidget(self._setup_form())
        self.pages.addWidget(self._busy())
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Welcome to frontdesk", 1.5))
        layout.addWidget(hint("This appointment book is still empty. How would you like to "
                              "start?", wrap=True))
        layout.addSpacing(8)
        layout.addWidget(self.pages, 1)
        self.resize(720, 560)

    def _choices(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.setup_button = QCommandLinkButton(
            "Set up my clinic",
            "Enter your clinic's name, time zone and opening hours; then add your "
            "therapists, rooms and services.")
        self.demo_button = QCommandLinkButton(
            "Open the demo clinic",
            "Try frontdesk out on a sample clinic: 6 therapists, 5 rooms, 300 clients and four "
            "months of appointments, written into this database.")
        self.setup_button.clicked.connect(self.show_setup)
        self.demo_button.clicked.connect(self.start_demo)
        self.choice_error = FieldErrors()
        for widget in (self.setup_button, self.demo_button, self.choice_error.general):
            layout.addWidget(widget)
        layout.addStretch(1)
        quit_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        quit_box.rejected.connect(self.reject)
        layout.addWidget(quit_box)
        return page

    def _setup_form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.name.setAccessibleName("Clinic name")
        self.name.setPlaceholderText("e.g. Kneaded Relief Massage")
        self.name.setMaximumWidth(420)
        self.errors.add_row(form, "name", "Clinic name:", self.name)
        self.timezone = zone_combo()
        self.timezone.setMaximumWidth(300)
        self.timezone.setCurrentText(local_zone_name())
        self.errors.add_row(form, "timezone", "Time zone:", self.timezone)
        self.week = WeekTable("Open", with_breaks=False)
        self.week.set_week(WeeklySpan(*span) for span in DEFAULT_OPENING)
        self.errors.add_row(form, "hours", "Opening hours:", self.week)
        self.manager = QLineEdit()
        self.manager.setAccessibleName("Manager's name")
        self.manager.setPlaceholderText("the first staff account, e.g. Maria")
        self.manager.setMaximumWidth(300)
        self.errors.add_row(form, "manager", "Manager:", self.manager)
        self.password = QLineEdit()
        self.password.setAccessibleName("Manager's password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(300)
        self.errors.add_row(form, "password", "Password:", self.password)
        self.again = QLineEdit()
        self.again.setAccessibleName("Manager's password again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setMaximumWidth(300)
        self.errors.add_row(form, "again", "Password again:", self.again)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(hint("With a manager, everyone signs in with an account of their own "
                              "(the manager adds the others) and the book locks when left "
                              "alone; leave it empty for a book without sign-in. Therapists, "
                              "rooms and services come next; everything here can be changed "
                              "later in the clinic set-up.", wrap=True))
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.back_button = buttons.addButton("Back", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button = QPushButton("Create my clinic")
        self.create_button.setDefault(True)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.create_button.clicked.connect(self.create_clinic)
        layout.addWidget(buttons)
        return page

    def _busy(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.busy_label = QLabel("Building the demo clinic… this takes a few seconds.")
        layout.addWidget(self.busy_label)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # no known length: a moving bar
        self.progress.setAccessibleName("Building the demo clinic")
        layout.addWidget(self.progress)
        layout.addStretch(2)
        return page

    def show_setup(self) -> None:
        self.pages.setCurrentIndex(1)
        self.name.setFocus()

    def create_clinic(self) -> None:
        self.errors.clear()
        try:
            self.start.create(self.name.text(), self.timezone.currentText().strip(),
                              self.week.week(), manager=self.manager.text(),
                              password=self.password.text(), again=self.again.text())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.choice = "setup"
        self.accept()

    def start_demo(self) -> None:
        self.choice_error.clear()
        self.pages.setCurrentIndex(2)
        self.tasks.run(self.start.demo, self._demo_built, self._demo_failed)

    def _demo_built(self, _summary) -> None:
        self.choice = "demo"
        self.accept()

    def _demo_failed(self, error: Exception) -> None:
        self.pages.setCurrentIndex(0)
        self.choice_error.show(None, f"The demo could not be built: {error}")

    def reject(self) -> None:
        if self.tasks.busy:  # the demo is being written; closing now would leave half of it
            return
        super().reject()
