"""File > Publish therapists' calendars…: where this desk keeps each therapist's .ics.

The dialog only collects the choice and checks the folder is there, showing the reason at the
field; the window remembers it and publishes through :mod:`frontdesk.export.publish`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import BadInput
from frontdesk.ui.printing.export_dialog import file_row, new_form
from frontdesk.ui.widgets.forms import FieldErrors


class PublishDialog(QDialog):
    """Where this desk publishes each therapist's calendar, if anywhere.

    After OK, :meth:`folder` is the chosen folder (None: publishing is off) and
    :attr:`private` says whether the calendars leave out clients' names and details.
    """

    def __init__(self, folder: str, private: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Publish therapists' calendars")
        self.errors = FieldErrors()
        intro = QLabel(
            "Each therapist's visits, from two weeks back to three months ahead, are kept in "
            "a calendar file (for example <i>ana.ics</i>) in a shared or synced folder. "
            "Phones and calendar apps subscribe to it and follow every change made at any "
            "desk.")
        intro.setWordWrap(True)
        note = QLabel("Only this computer publishes; other desks keep their own setting.")
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.on = QCheckBox("Publish the calendars from this computer")
        self.on.setChecked(bool(folder))
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setAccessibleName("Folder")
        self.folder_edit.setMinimumWidth(340)
        self.folder_edit.textEdited.connect(lambda _t: self.errors.clear())
        self.choose = QPushButton("Choose…")
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self._choose)
        self.private = QCheckBox("Private (services and times only: no clients' names, "
                                 "phones or notes)")
        self.private.setChecked(private)
        form = new_form()
        form.addRow("", self.on)
        error = self.errors.add_row(form, "folder", "Folder:",
                                    file_row(self.folder_edit, self.choose))
        self.errors.register("folder", self.folder_edit, error)
        form.addRow("", self.private)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(note)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.on.toggled.connect(self._enable)
        self._enable(self.on.isChecked())
        self.setMinimumWidth(600)

    def _enable(self, on: bool) -> None:
        for widget in (self.folder_edit, self.choose, self.private):
            widget.setEnabled(on)
        self.errors.clear()

    def _choose(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Publish the calendars in",
                                                self.folder_edit.text().strip())
        if name:
            self.folder_edit.setText(name)
            self.errors.clear()

    def folder(self) -> Path | None:
        """The folder to publish in, or None when publishing is off; :class:`BadInput` when
        the folder is not there."""
        if not self.on.isChecked():
            return None
        text = self.folder_edit.text().strip()
        if not text:
            raise BadInput("Choose the folder to publish the calendars in.", "folder")
        path = Path(text).expanduser()
        if not path.is_dir():
            raise BadInput(f"There is no folder {path}.", "folder")
        return path

    def accept(self) -> None:
        self.errors.clear()
        try:
            self.folder()
        except BadInput as error:
            self.errors.show_error(error)
            return
        super().accept()
