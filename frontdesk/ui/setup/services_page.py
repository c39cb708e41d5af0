"""Services: length, price, the therapist's rest and the room's turnover after, room feature,
and whether it is a couples service (two clients, two therapists, one room)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from frontdesk.domain import money
from frontdesk.domain.contraindications import KNOWN_FLAGS, default_cautions
from frontdesk.domain.length import MAX_BUFFER_MINUTES, MAX_MINUTES, MIN_SERVICE_MINUTES
from frontdesk.services import admin
from frontdesk.ui.setup.widgets import ListFormPage, hint

NO_FEATURE = "(none)"


def _minutes(name: str, low: int, high: int, step: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setSuffix(" min")
    spin.setAccessibleName(name)
    spin.setMaximumWidth(140)
    return spin


class ServicesPage(ListFormPage):
    def __init__(self, ops, parent=None):
        super().__init__("service", "services", parent)
        self.ops = ops  # changes go through the window's operations
        self.name = QLineEdit()
        self.name.setAccessibleName("Service name")
        self.name.setMaximumWidth(460)
        self.name.setPlaceholderText("e.g. Deep Tissue Massage 60")
        self.errors.add_row(self.form, "name", "Name:", self.name)
        self.minutes = _minutes("Length", MIN_SERVICE_MINUTES, MAX_MINUTES, 5)
        self.errors.add_row(self.form, "minutes", "Length:", self.minutes)
        # Text read by the domain in the clinic's currency, never a float spin box.
        self.price = QLineEdit()
        self.price.setAccessibleName("Price")
        self.price.setPlaceholderText("e.g. 95.00")
        self.price.setMaximumWidth(140)
        self.errors.add_row(self.form, "price_cents", "Price:", self.price)
        self.rest = _minutes("Therapist rest after", 0, MAX_BUFFER_MINUTES, 5)
        self.errors.add_row(self.form, "rest_after", "Therapist rest after:", self.rest)
        self.turnover = _minutes("Room turnover after", 0, MAX_BUFFER_MINUTES, 5)
        self.errors.add_row(self.form, "turnover_after", "Room turnover after:", self.turnover)
        self.form.addRow("", hint("Kept free after each session. A change leaves what is "
                                  "already booked as it is."))
        self.feature = QComboBox()
        self.feature.setEditable(True)
        self.feature.setAccessibleName("Room feature needed")
        self.feature.setMaximumWidth(260)
        self.errors.add_row(self.form, "required_feature", "Room feature needed:", self.feature)
        self.cautions = {}
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, flag in enumerate(KNOWN_FLAGS):
            check = QCheckBox(flag)
            check.setAccessibleName(f"Advised against for {flag}")
            grid.addWidget(check, i // 3, i % 3)
            self.cautions[flag] = check
        self.errors.add_row(self.form, "cautions", "Advised against for:", box)
        self.form.addRow("", hint("Booking it for a client with one of these flags shows a "
                                  "warning that must be acknowledged."))
        self.name.textEdited.connect(self._suggest_cautions)
        self.couples = QCheckBox("Couples service — two clients, each with a therapist, "
                                 "in one room")
        self.couples.setAccessibleName("Couples service")
        self.errors.add_row(self.form, "party_size", "", self.couples)
        self.active = QCheckBox("Active — can be booked")
        self.active.setAccessibleName("Service active")
        self.form.addRow("", self.active)
        self.given_by = hint("", wrap=True)
        self.given_by.setAccessibleName("Therapists who give it")
        self.form.addRow("Given by:", self.given_by)

    def _currency(self) -> money.Currency:
        return money.currency(self.data.money.currency if self.data else "USD")

    def rows(self, data):
        return data.services

    def fill(self, row) -> None:
        self.feature.clear()
        self.feature.addItems([NO_FEATURE, *(self.data.features if self.data else ())])
        self.name.setText(row.name if row else "")
        self.minutes.setValue(row.minutes if row else 60)
        self.price.setText(money.plain(row.price_cents, self._currency()) if row else "")
        label = self.form.labelForField(self.price)
        if isinstance(label, QLabel):  # the amount is typed in the clinic's currency
            label.setText(f"Price ({self._currency().code}):")
        self.rest.setValue(row.rest_after if row else 0)
        self.turnover.setValue(row.turnover_after if row else 0)
        self.feature.setCurrentText(row.required_feature or NO_FEATURE if row else NO_FEATURE)
        self.active.setChecked(row.active if row else True)
        self.couples.setChecked(bool(row) and row.party_size > 1)
        self._row = row
        for flag, check in self.cautions.items():
            check.setChecked(bool(row) and flag in row.cautions)
        names = [t.name for t in (self.data.therapists if self.data and row else ())
                 if row.id in t.service_ids and t.active]
        self.given_by.setText(", ".join(names) if names else
                              "nobody yet: choose it on the Therapists tab")

    def _suggest_cautions(self, name: str) -> None:
        """A new service starts with the cautions its name suggests ("deep tissue")."""
        if getattr(self, "_row", None) is None:
            wanted = default_cautions(name)
            for flag, check in self.cautions.items():
                check.setChecked(flag in wanted)

    def submit(self, row_id):
        feature = self.feature.currentText()
        price = money.parse(self.price.text() or "0", self._currency(), "price_cents")
        fields = {"minutes": self.minutes.value(), "price_cents": price,
                  "rest_after": self.rest.value(), "turnover_after": self.turnover.value(),
                  "required_feature": None if feature == NO_FEATURE else feature,
                  "active": self.active.isChecked(),
                  "party_size": (max(2, self._row.party_size if self._row else 2)
                                 if self.couples.isChecked() else 1),
                  "cautions": [f for f, check in self.cautions.items() if check.isChecked()]
                  + [c for c in (self._row.cautions if self._row else ())  # typed elsewhere
                     if c not in self.cautions]}
        if row_id is None:
            return self.ops.configure(admin.add_service, self.name.text(), fields.pop("minutes"),
                                     **fields)
        self.ops.configure(admin.update_service, row_id, name=self.name.text(), **fields)
        return row_id
