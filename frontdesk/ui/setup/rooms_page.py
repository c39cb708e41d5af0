"""Rooms: name, the features a service may need (hot stone, prenatal table), how many
clients it holds at once (a couples room 2), active."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QSpinBox, QWidget

from frontdesk.services import admin
from frontdesk.ui.setup.widgets import ListFormPage, hint


class RoomsPage(ListFormPage):
    def __init__(self, ops, parent=None):
        super().__init__("room", "rooms", parent)
        self.ops = ops  # changes go through the window's operations
        self.name = QLineEdit()
        self.name.setAccessibleName("Room name")
        self.name.setMaximumWidth(460)
        self.name.setPlaceholderText("e.g. Willow")
        self.errors.add_row(self.form, "name", "Name:", self.name)
        self.feature_box = QWidget()
        self.feature_grid = QGridLayout(self.feature_box)
        self.feature_grid.setContentsMargins(0, 0, 0, 0)
        self.features: dict[str, QCheckBox] = {}
        self.errors.add_row(self.form, "features", "Features:", self.feature_box)
        self.more = QLineEdit()
        self.more.setAccessibleName("Other features")
        self.more.setMaximumWidth(460)
        self.more.setPlaceholderText("other features, separated by commas")
        self.form.addRow("", self.more)
        self.form.addRow("", hint("A service that needs a feature is only booked into rooms "
                                  "that have it."))
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 6)
        self.capacity.setSuffix(" client at once")
        # "1 clients" reads wrong: the suffix follows the number.
        self.capacity.valueChanged.connect(lambda n: self.capacity.setSuffix(
            " client at once" if n == 1 else " clients at once"))
        self.capacity.setAccessibleName("Clients at once")
        self.capacity.setMaximumWidth(200)
        self.errors.add_row(self.form, "capacity", "Holds:", self.capacity)
        self.form.addRow("", hint("2 for a couples room: a couples service's two clients share "
                                  "it, nobody else."))
        self.active = QCheckBox("Active — can be booked")
        self.active.setAccessibleName("Room active")
        self.form.addRow("", self.active)

    def rows(self, data):
        return data.rooms

    def _feature_boxes(self, names) -> None:
        for box in self.features.values():
            self.feature_grid.removeWidget(box)
            box.setParent(None)
            box.deleteLater()
        self.features = {}
        for i, name in enumerate(names):
            box = QCheckBox(name)
            box.setAccessibleName(f"Feature {name}")
            self.feature_grid.addWidget(box, i // 3, i % 3)
            self.features[name] = box
        if not names:
            self.more.setPlaceholderText("e.g. hot stone, prenatal table")

    def fill(self, row) -> None:
        self._feature_boxes(self.data.features if self.data else ())
        self.name.setText(row.name if row else "")
        for name, box in self.features.items():
            box.setChecked(bool(row) and name in row.features)
        self.more.clear()
        self.capacity.setValue(row.capacity if row else 1)
        self.active.setChecked(row.active if row else True)

    def submit(self, row_id):
        chosen = [n for n, box in self.features.items() if box.isChecked()]
        chosen += [f for f in self.more.text().split(",") if f.strip()]
        if row_id is None:
            return self.ops.configure(admin.add_room, self.name.text(), chosen,
                                      self.active.isChecked(),
                                      capacity=self.capacity.value())
        self.ops.configure(admin.update_room, row_id, name=self.name.text(), features=chosen,
                          active=self.active.isChecked(), capacity=self.capacity.value())
        return row_id
