"""What a booked visit's status keeps as it is, shown in the editor: greyed, and why.

Which parts may change is the domain's answer (:func:`frontdesk.domain.status.editable`);
the editor only shows it. Each fixed field is disabled with the reason as its tooltip, and a
line above the form says what may still change, so the desk is never left guessing why a
field does not take a click.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QWidget

from frontdesk.domain.status import PART_LABELS, Status, editable
from frontdesk.ui.editing.cautions import WrappingLabel


def fixed_note() -> WrappingLabel:
    """The line above the form, hidden until :func:`show_fixed_parts` has something to say."""
    note = WrappingLabel()
    note.setAccessibleName("Why some fields are fixed")
    note.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
    note.hide()
    return note


def show_fixed_parts(status: Status, widgets: Mapping[str, Iterable[QWidget]],
                     note: WrappingLabel) -> None:
    """Disable the ``widgets`` of each part ``status`` keeps (keyed by part), with the reason
    as tooltip, and say in ``note`` which parts may still change."""
    reasons = editable(status)
    for part, why in reasons.items():
        for widget in widgets[part]:
            widget.setEnabled(why is None)
            if why is not None:
                widget.setToolTip(why[0].upper() + why[1:])
    open_parts = [PART_LABELS.get(p, p) for p, why in reasons.items() if why is None]
    if len(open_parts) < len(reasons):
        can = (f"only its {' and '.join(open_parts)} can change" if open_parts
               else "it can no longer be changed")
        note.setText(f"This visit is {status.label}: {can}. Hover over a greyed field for "
                     "why.")
        note.show()
