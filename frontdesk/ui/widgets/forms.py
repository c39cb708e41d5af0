"""Showing the engine's answer at the field it is about.

A form registers each input under the engine's field name ("client", "therapist", "start",
...); an error from the engine (``BadInput.field`` or ``Violation.field``) is shown in a red
line right under that input, and the input is marked for screen readers and by colour.
Anything without a known field goes to the form's general line.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from frontdesk.domain.errors import BadInput, FrontdeskError, Refused

ERROR_STYLE = "color: palette(bright-text); background: #b3261e; padding: 2px 6px;" \
              " border-radius: 3px;"


class FieldErrors:
    """Error lines under the fields of one form, keyed by the engine's field names."""

    def __init__(self, general: QLabel | None = None):
        self.general = general or _error_label()
        self._labels: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> QLabel:
        """Add ``widget`` to ``form`` with an (initially hidden) error line under it."""
        form.addRow(label, widget)
        error = _error_label()
        error.setAccessibleName(f"{label.rstrip(':')} problem")
        form.addRow("", error)
        self.register(field, widget, error)
        return error

    def register(self, field: str, widget: QWidget, error: QLabel) -> None:
        self._labels[field] = error
        self._inputs[field] = widget

    def clear(self) -> None:
        for label in (*self._labels.values(), self.general):
            label.clear()
            label.hide()
        for widget in self._inputs.values():
            _mark(widget, False)
            widget.setAccessibleDescription("")

    def show(self, field: str | None, message: str) -> None:
        label = self._labels.get(field or "", self.general)
        text = f"{label.text()}\n{message}" if label.text() else message
        label.setText(text)
        label.show()
        widget = self._inputs.get(field or "")
        if widget is not None:
            _mark(widget, True)
            widget.setAccessibleDescription(text)

    def show_error(self, error: FrontdeskError) -> None:
        """Spread an engine error over the fields it names (every violation of a refusal)."""
        self.clear()
        if isinstance(error, Refused):
            for v in error.violations:
                self.show(v.field, v.message)
        elif isinstance(error, BadInput):
            self.show(error.field, str(error))
        else:
            self.show(None, str(error))
        self._fit()

    def _fit(self) -> None:
        """Let a dialog grow to show wrapped messages whole (Qt does not re-measure a word-
        wrapped label's height in a form that is already laid out, and clips it)."""
        shown = [label for label in (*self._labels.values(), self.general) if label.isVisible()]
        top = shown[0].window() if shown else None
        if isinstance(top, QDialog) and top.layout() is not None:
            layout = top.layout()
            layout.activate()
            needed = (layout.totalHeightForWidth(top.width()) if layout.hasHeightForWidth()
                      else top.sizeHint().height())
            if needed > top.height():  # only ever grow: a big set-up dialog keeps its size
                top.resize(top.width(), needed)

    def text(self, field: str | None = None) -> str:
        label = self._labels.get(field or "", self.general)
        return label.text() if label.isVisible() or label.text() else ""


def _mark(widget: QWidget, invalid: bool) -> None:
    """Set the property the style sheet draws a red border for, and make the style see it."""
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def long_day(day: date) -> str:
    """"Friday 2 October 2026" (no zero-padded day, on every platform)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def amount_and_reason(errors: FieldErrors, form: QFormLayout, currency_code: str,
                      why: str) -> tuple[QLineEdit, QLineEdit]:
    """An amount typed in the clinic's currency (``amount``, "&Amount (USD):") and the
    reason kept with it (``reason``, its hint ``why``): what a refund or a waiver asks."""
    amount = QLineEdit()
    amount.setAccessibleName("Amount")
    amount.setMaximumWidth(160)
    errors.add_row(form, "amount", f"&Amount ({currency_code}):", amount)
    reason = QLineEdit()
    reason.setAccessibleName("Reason")
    reason.setPlaceholderText(why)
    errors.add_row(form, "reason", "&Reason:", reason)
    return amount, reason
