"""Pieces the set-up pages share: headings and hints, the zone list, the list-and-form page.

Pages only lay widgets out and hand what was typed to :mod:`frontdesk.services.admin`, which
checks it; its ``BadInput`` comes back to the field at fault through ``FieldErrors``.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import available_timezones

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import FrontdeskError
from frontdesk.services.setup_view import SetupData
from frontdesk.ui.widgets.forms import FieldErrors


def heading(text: str, scale: float = 1.3) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def hint(text: str, wrap: bool = False) -> QLabel:
    """A grey explanatory line under a heading or an input (one line in a form: a wrapped
    label in a QFormLayout gets its height for a narrower width than it is shown at)."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    # Expanding, so a form row gives it the field's full width instead of a narrow column
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def zone_combo(accessible: str = "Time zone") -> QComboBox:
    """An editable list of every IANA zone; typing any part of a name ("paris") finds it."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(sorted(z for z in available_timezones() if "/" in z and
                          not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))))
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.setAccessibleName(accessible)
    return combo


class RowListModel(QAbstractListModel):
    """Rows with ``id``, ``name`` and ``active`` (frozen dataclasses); inactive ones greyed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: Iterable) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.name if row.active else f"{row.name}  (inactive)"
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def position(self, row_id: int | None) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == row_id), -1)


class ListFormPage(QWidget):
    """A list of rows on the left, the chosen row's form on the right, Save under the form.

    Subclasses fill ``self.form`` and implement ``rows``, ``fill`` and ``submit``. A reload
    after a save elsewhere refills the form only if its row changed, so edits in progress in
    another tab survive.
    """

    saved = Signal()

    def __init__(self, noun: str, plural: str, parent=None):
        super().__init__(parent)
        self.noun, self.current_id, self._shown = noun, None, object()  # object(): none yet
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(plural)
        self.list.setUniformItemSizes(True)
        self.list.setStyleSheet("QListView::item { padding: 4px 6px; }")
        self.list.selectionModel().currentChanged.connect(self._picked)
        self.new_button = QPushButton(f"New {noun}…")
        self.new_button.clicked.connect(self.start_new)
        left = QVBoxLayout()
        left.addWidget(heading(plural.capitalize()))
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        self.title = heading("", 1.15)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors = FieldErrors()
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Forget the changes not yet saved")
        self.revert_button.clicked.connect(lambda: self._refill(force=True))
        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.body = QWidget()  # subclasses may add beside the form, e.g. a time-off list
        self.columns = QHBoxLayout(self.body)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.addLayout(self.form, 3)
        inner = QWidget()
        right = QVBoxLayout(inner)
        right.addWidget(self.title)
        right.addWidget(self.errors.general)
        right.addWidget(self.body)
        right.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        pane = QVBoxLayout()
        pane.addWidget(scroll, 1)
        pane.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 0)
        layout.addSpacing(12)
        layout.addLayout(pane, 1)
        self.list.setFixedWidth(250)
        self.data: SetupData | None = None

    # subclasses ---------------------------------------------------------------------------
    def rows(self, data: SetupData) -> Iterable:
        raise NotImplementedError

    def fill(self, row) -> None:
        raise NotImplementedError

    def submit(self, row_id: int | None) -> int:
        raise NotImplementedError

    def key(self, row):
        """What of a row the form shows: a reload refills the form only if this changed."""
        return row

    # behaviour ----------------------------------------------------------------------------
    def set_data(self, data: SetupData) -> None:
        self.data = data
        self.model.set_rows(self.rows(data))
        if self.current_id is None and self._shown is not None and self.model.rows:
            self.current_id = self.model.rows[0].id
        self._refill()

    def current_row(self):
        pos = self.model.position(self.current_id)
        return self.model.rows[pos] if pos >= 0 else None

    def select(self, row_id: int | None) -> None:
        self.current_id = row_id
        self._refill(force=True)

    def _refill(self, force: bool = False) -> None:
        row, pos = self.current_row(), self.model.position(self.current_id)
        self.list.blockSignals(True)
        self.list.selectionModel().blockSignals(True)
        self.list.setCurrentIndex(self.model.index(pos) if pos >= 0 else QModelIndex())
        self.list.selectionModel().blockSignals(False)
        self.list.blockSignals(False)
        if force or self.key(row) != self._shown:
            self.current_id = row.id if row is not None else None
            self._shown = self.key(row)
            self.errors.clear()
            self.status.clear()
            self.title.setText(row.name if row is not None else f"New {self.noun}")
            self.fill(row)

    def _picked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.select(self.model.rows[index.row()].id)

    def start_new(self) -> None:
        self.select(None)
        self.first_input().setFocus()

    def first_input(self) -> QWidget:
        return self.form.itemAt(0, QFormLayout.ItemRole.FieldRole).widget()

    def save(self) -> None:
        self.errors.clear()
        self.status.clear()
        try:
            row_id = self.submit(self.current_id)
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.current_id, self._shown = row_id, object()
        self.saved.emit()
        self.status.setText("Saved.")
