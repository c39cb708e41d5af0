"""The clinic's own settings: name, time zone, country, slot length and opening hours."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.domain.zone_change import Keep, WhichToKeep
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
        form.addRow("", hint("On a book with visits, saving a new zone asks whether they "
                             "keep their clock times or their moments."))
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
        save.clicked.connect(lambda: self.save())
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

    def save(self, keep: str | None = None) -> None:
        self.errors.clear()
        self.status.clear()
        try:
            self.ops.configure(admin.save_clinic, name=self.name.text(),
                              timezone=self.timezone.currentText().strip(),
                              country=self.country.text(), slot_minutes=self.slot.currentData(),
                              opening=self.week.week(), keep=keep)
        except WhichToKeep as question:
            keep = self.ask_which_to_keep(question)
            if keep is None:  # said for the window, not the command line's --keep
                self.errors.show_error(BadInput(
                    "Not saved: say which to keep, the visits' clock times or their "
                    "moments (Save asks again)", "timezone"))
            else:
                self.save(keep)
            return
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self._shown = None
        self.saved.emit()
        self.status.setText("Saved." if keep != Keep.WALL_CLOCK else
                            "Saved; every visit keeps its clock time in the new zone.")

    def ask_which_to_keep(self, question: WhichToKeep) -> str | None:
        """A new zone on a book with visits: keep their clock times or their moments? (The
        rule is domain/zone_change's; here only the asking.) None when the user cancels."""
        n = question.visits
        box = QMessageBox(QMessageBox.Icon.Question, "A new time zone",
                          f"The book holds {n:,} appointment{'s' * (n != 1)}. Moving the "
                          f"clinic from {question.old.key} to {question.new.key}:", parent=self)
        box.setInformativeText(
            "Keep the clock times if the old zone was set by mistake: a visit at 10:00 "
            "stays at 10:00. Keep the moments if the clinic really moved or its clients "
            "book from elsewhere: each visit stays at the same instant and shows another "
            "clock time.")
        clock_times = box.addButton("Keep the &clock times", QMessageBox.ButtonRole.AcceptRole)
        moments = box.addButton("Keep the &moments", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {clock_times: Keep.WALL_CLOCK.value,
                moments: Keep.INSTANTS.value}.get(box.clickedButton())
