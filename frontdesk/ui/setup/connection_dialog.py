"""File > Connection…: which book this desk opens, this computer's file or the clinic server.

The same choice as ``frontdesk connect``: the server is tried (off the GUI thread: a server
that does not answer may take seconds) and says what is there before anything is saved; the
password goes to the system keyring, never to a settings file. The desk opens the new book
the next time frontdesk starts: a window never switches books under a receptionist's hands.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk import connection, paths
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.services.server_check import try_server
from frontdesk.ui.core.door import Door
from frontdesk.ui.widgets.forms import FieldErrors

NOTE_STYLE = "color: palette(placeholder-text);"


class ConnectionDialog(QDialog):
    """``saved`` is the server saved (None: this computer's file), after Save."""

    def __init__(self, door: Door, parent: QWidget | None = None):
        super().__init__(parent)
        self.door = door
        self.setWindowTitle("Connection")
        self.saved: connection.Server | None = None
        self._build()
        server = connection.saved()
        (self.server_choice if server else self.local_choice).setChecked(True)
        if server is not None:
            self.host.setText(server.host)
            self.port.setValue(server.port)
            self.database.setText(server.database)
            self.user.setText(server.user)
        self._chosen()

    def _build(self) -> None:
        self.now_opens = QLabel(f"This desk opens {connection.describe(self.door.url)}.",
                                wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.local_choice = QRadioButton("This &computer's own book (one desk)")
        self.server_choice = QRadioButton("The clinic's &server (PostgreSQL, every desk)")
        group = QButtonGroup(self)
        for button in (self.local_choice, self.server_choice):
            group.addButton(button)
            button.toggled.connect(self._chosen)
        self.host = QLineEdit(placeholderText="e.g. 192.168.1.10 or db.clinic.lan")
        self.port = QSpinBox(minimum=1, maximum=65535, value=connection.DEFAULT_PORT)
        self.database = QLineEdit(placeholderText="e.g. clinic")
        self.user = QLineEdit(placeholderText="e.g. frontdesk")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password,
                                  placeholderText="kept in the system keyring")
        self.errors = FieldErrors()
        self.form = QFormLayout()
        for field, label, widget in (("host", "Ser&ver:", self.host), ("port", "P&ort:", self.port),
                                     ("database", "&Database:", self.database),
                                     ("user", "&User:", self.user),
                                     ("password", "&Password:", self.password)):
            self.errors.add_row(self.form, field, label, widget)
        self.found = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                            accessibleName="What is on the server")
        self.note = QLabel("The desk opens the chosen book the next time frontdesk starts.",
                           wordWrap=True, styleSheet=NOTE_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.try_button = self.buttons.addButton("&Try the server",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.try_button.clicked.connect(self.try_it)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.now_opens, self.local_choice, self.server_choice):
            layout.addWidget(widget)
        layout.addLayout(self.form)
        for widget in (self.found, self.errors.general, self.note, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 0)

    def _chosen(self, *_args) -> None:
        on = self.server_choice.isChecked()
        for widget in (self.host, self.port, self.database, self.user, self.password):
            widget.setEnabled(on)
        self.try_button.setEnabled(on)
        self.errors.clear()
        self.found.clear()

    def server(self) -> connection.Server:
        """The server the fields describe; BadInput at the field that is wrong."""
        try:
            return connection.Server(self.host.text().strip(), self.database.text().strip(),
                                     self.user.text().strip(), self.port.value())
        except ValueError as error:
            text = str(error)
            field = next((f for f in ("host", "database", "user", "port") if f in text), "host")
            raise BadInput(text, field) from None

    def try_it(self, then=None) -> None:
        """Try the server off the GUI thread; say what is there (or why not), then ``then``."""
        self.errors.clear()
        try:
            server = self.server()
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        self.found.setText("Trying the server…")
        self.try_button.setEnabled(False)
        secret = self.password.text() or None

        def done(found: str) -> None:
            self.try_button.setEnabled(True)
            self.found.setText(f"Found {found}.")
            if then is not None:
                then(server, secret)

        def failed(error: Exception) -> None:
            self.try_button.setEnabled(True)
            self.found.clear()
            self.errors.show(None, str(error) if isinstance(error, FrontdeskError)
                             else "the server could not be reached")

        self.door.tasks.run(lambda: try_server(server, secret), done, failed)

    def save(self) -> None:
        """This computer's file at once; a server only once it has answered."""
        if self.local_choice.isChecked():
            connection.save(None)
            self._saved(None, True)
            return
        self.try_it(then=lambda server, secret: self._saved(
            server, connection.save(server, secret)))

    def _saved(self, server: connection.Server | None, kept: bool) -> None:
        self.saved = server
        where = connection.describe(server.url() if server else paths.local_db_url())
        self.result_text = (f"Saved: this desk opens {where} the next time frontdesk starts."
                            + ("" if kept else " There is no system keyring here to keep the "
                               "password: give it with PGPASSWORD or a pgpass file."))
        self.accept()
