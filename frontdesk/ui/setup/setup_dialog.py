"""The set-up dialog: the clinic, its therapists, rooms and services, one tab each.

Every save goes through the door's ``ops.configure`` (:mod:`frontdesk.services.admin`), which
also has the window read its catalogue again; afterwards all tabs are re-read (a new service
appears among a therapist's services at once) and ``changed`` says a save was made.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from frontdesk.services import setup_view
from frontdesk.ui.setup.clinic_page import ClinicPage
from frontdesk.ui.setup.rooms_page import RoomsPage
from frontdesk.ui.setup.services_page import ServicesPage
from frontdesk.ui.setup.therapists_page import TherapistsPage


class SetupDialog(QDialog):
    changed = Signal()

    def __init__(self, door, parent=None):
        super().__init__(parent)
        self.door = door
        self.setWindowTitle("Clinic set-up — frontdesk")
        self.clinic = ClinicPage(door.ops)
        self.therapists = TherapistsPage(door.ops)
        self.rooms = RoomsPage(door.ops)
        self.services = ServicesPage(door.ops)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Set-up sections")
        self.tabs.setDocumentMode(True)
        for page, title in ((self.clinic, "&Clinic"), (self.therapists, "&Therapists"),
                            (self.rooms, "&Rooms"), (self.services, "&Services")):
            self.tabs.addTab(page, title)
            page.saved.connect(self._saved)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        QShortcut(QKeySequence.StandardKey.Save, self,
                  activated=lambda: self.tabs.currentWidget().save())
        for button in self.findChildren(QPushButton):  # Enter saves the tab (keyPressEvent),
            button.setAutoDefault(False)                # never closes the dialog by surprise
            button.setDefault(False)
        self.resize(1200, 700)
        self.reload()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            page = self.tabs.currentWidget()
            getattr(page, "enter", page.save)()
            return
        super().keyPressEvent(event)

    @property
    def pages(self):
        return (self.clinic, self.therapists, self.rooms, self.services)

    def reload(self) -> None:
        data = self.door.read(setup_view.setup_data)
        for page in self.pages:
            page.set_data(data)

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()
