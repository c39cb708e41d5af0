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

from frontdesk.domain import money
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.domain.zone_change import Keep, WhichToKeep
from frontdesk.services import admin, setup_view
from frontdesk.services.money_setup import save_money_settings
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
        self.currency = QComboBox()
        self.currency.setAccessibleName("Currency")
        for code in sorted(money.CURRENCIES):
            self.currency.addItem(code, code)
        self.currency.setMaximumWidth(120)
        self.errors.add_row(form, "currency", "Currency:", self.currency)
        self.no_show_fee, self.late_fee = QLineEdit(), QLineEdit()
        for edit, name, field, label in (
                (self.no_show_fee, "No-show fee", "no_show_fee", "No-show fee:"),
                (self.late_fee, "Late-cancellation fee", "late_cancel_fee",
                 "Late-cancellation fee:")):
            edit.setAccessibleName(name)
            edit.setMaximumWidth(140)
            self.errors.add_row(form, field, label, edit)
        form.addRow("", hint("Offered when a visit is marked so (the desk may change or "
                             "waive it); 0 for none. Collected at the next checkout."))
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
        cur = money.currency(data.money.currency)
        self.currency.setCurrentIndex(max(0, self.currency.findData(cur.code)))
        self.no_show_fee.setText(money.plain(data.money.no_show_fee, cur))
        self.late_fee.setText(money.plain(data.money.late_cancel_fee, cur))

    def save(self, keep: str | None = None) -> None:
        self.errors.clear()
        self.status.clear()
        try:
            self.ops.configure(admin.save_clinic, name=self.name.text(),
                              timezone=self.timezone.currentText().strip(),
                              country=self.country.text(), slot_minutes=self.slot.currentData(),
                              opening=self.week.week(), keep=keep)
            self._save_money()
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

    def _save_money(self) -> None:
        """The currency and default fees, when changed (a manager's, like the rest)."""
        cur = money.currency(self.currency.currentData())
        fees = (money.parse(self.no_show_fee.text() or "0", cur, "no_show_fee"),
                money.parse(self.late_fee.text() or "0", cur, "late_cancel_fee"))
        shown = self.data.money if self.data else None
        if shown is not None and (cur.code, *fees) == (shown.currency, shown.no_show_fee,
                                                        shown.late_cancel_fee):
            return
        self.ops.configure(save_money_settings, currency=cur.code, no_show_fee=fees[0],
                           late_cancel_fee=fees[1])

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
