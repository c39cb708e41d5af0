"""The fee a no-show or late cancellation carries, asked as the desk marks it: the clinic's
default filled in, to keep, change or make 0 (waived there and then)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from frontdesk.domain import money
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.domain.status import Status
from frontdesk.services import fees
from frontdesk.services.money_setup import MoneySettings
from frontdesk.services.schedule import AppointmentView
from frontdesk.ui.widgets.forms import FieldErrors

#: What ``ask_fee`` answers when the desk cancelled the question: mark nothing.
CANCELLED = -1


class FeeDialog(QDialog):
    def __init__(self, text: str, default: str, cur: money.Currency,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.cur, self.amount = cur, 0
        self.setWindowTitle("Fee")
        self.edit = QLineEdit(default)
        self.edit.setAccessibleName("Fee")
        self.edit.selectAll()
        self.errors = FieldErrors()
        form = QFormLayout(self)
        note = QLabel(text)
        note.setWordWrap(True)
        form.addRow(note)
        self.errors.add_row(form, "fee", "&Fee:", self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(380)

    def accept(self) -> None:
        try:
            self.amount = money.parse(self.edit.text() or "0", self.cur, "fee")
        except BadInput as error:
            self.errors.show_error(error)
            return
        super().accept()


def ask_fee(door, window: QWidget, view: AppointmentView, status: Status) -> int:
    """The fee to charge with ``status`` (0: none, without asking when the clinic has no
    default, the visit no client, or the account may not charge fees); CANCELLED when the
    desk cancelled the question."""
    staff = door.staff
    if view.client_id is None or (staff is not None and not staff.may(Action.CHECKOUT)):
        return 0
    default = door.read(fees.default_in, status)
    if not default:
        return 0
    settings: MoneySettings = door.read(_settings)
    cur = money.currency(settings.currency)
    what = "no-show" if status is Status.NO_SHOW else "late cancellation"
    dialog = FeeDialog(f"{view.client} owes the clinic's {what} fee "
                       f"({money.format_amount(default, cur)}): keep it, change it, or make "
                       "it 0. It is collected at their next checkout.",
                       money.plain(default, cur), cur, window)
    return dialog.amount if dialog.exec() else CANCELLED


def _settings(session) -> MoneySettings:
    from frontdesk.services import ledger_store

    t = ledger_store.till(session)
    return MoneySettings(t.currency.code, t.no_show_fee, t.late_cancel_fee)
