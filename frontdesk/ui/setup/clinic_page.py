"""The clinic's own settings: name, time zone, country, slot length and opening hours."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import FrontdeskError
from frontdesk.services import admin, setup_view
from frontdesk.ui.setup.week_table import WeekTable
from frontdesk.ui.setup.widgets import heading, hint, zone_combo
from frontdesk.ui.widgets.forms import FieldErrors


class ClinicPage(QWidget):
    saved = Signal()

    def __init__(self, ops, parent=None):
        super().__init__(parent)
        self.ops = ops  # changes go through the window's operations
        self.errors = FieldErrors()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("Clinic name")
        self.name.setMaximumWidth(420)
        self.errors.add_row(form, "name", "Name:", self.name)
        self.timezone = zone_combo()
        self.timezone.setMaximumWidth(300)
        self.errors.add_row(form, "timezone", "Time zone:", self.timezone)
        form.addRow("", hint("Appointments keep their moment in time: changing the zone "
                             "changes the wall-clock times shown for them."))
        self.country = QLineEdit()
        self.country.setAccessibleName("Country code")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(60)
        self.country.setToolTip("Two letters (US, CA, GB…): how phone numbers without a "
                                "country code are read")
        self.errors.add_row(form, "country", "Country:", self.country)
        self.slot = QComboBox()
        self.slot.setAccessibleName("Booking grid")
        for minutes in admin.SLOT_CHOICES:
            self.slot.addItem(f"every {minutes} minutes", minutes)
        self.slot.setMaximumWidth(180)
        self.errors.add_row(form, "slot_minutes", "Booking grid:", self.slot)
        self.week = WeekTable("Open", with_breaks=False)
        self.errors.add_row(form, "hours", "Opening hours:", self.week)
        form.addRow("", hint("Until 00:00 means open until midnight."))

        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        save, revert = QPushButton("Save"), QPushButton("Revert")
        save.setDefault(True)
        save.clicked.connect(self.save)
        revert.clicked.connect(lambda: self.set_data(self.data, force=True))
        self.save_button = save
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(revert)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Clinic"))
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.data = None
        self._shown = None

    def set_data(self, data: setup_view.SetupData, force: bool = False) -> None:
        """Show the settings; a reload after a save elsewhere keeps edits in progress."""
        self.data = data
        if not force and data.clinic == self._shown:
            return
        self._shown = c = data.clinic
        self.errors.clear()
        self.status.clear()
        self.name.setText(c.name)
        self.timezone.setCurrentText(c.tz.key)
        self.country.setText(c.country)
        self.slot.setCurrentIndex(max(0, self.slot.findData(c.slot_minutes)))
        self.week.set_week(c.opening)

    def save(self) -> None:
        self.errors.clear()
        self.status.clear()
        try:
            self.ops.configure(admin.save_clinic, name=self.name.text(),
                              timezone=self.timezone.currentText().strip(),
                              country=self.country.text(), slot_minutes=self.slot.currentData(),
                              opening=self.week.week())
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self._shown = None
        self.saved.emit()
        self.status.setText("Saved.")
