"""What the window offers the account signed in: the rule's (frontdesk.domain.access), shown.

What a role may not do at all is greyed with the reason in its tooltip and status tip (the
clinic's set-up, the connection, the audit trail, the reports, backups, publishing every
therapist's calendar), or, where the window's controllers grey and un-grey an action by the selected
visit (booking, moving, cancelling: a therapist's account), hidden with its shortcut.
This only spares a click that would be refused: the services refuse it anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from frontdesk.domain.access import Action, Staff, why_not

if TYPE_CHECKING:
    from frontdesk.ui.main_window import MainWindow


def greyed(window: MainWindow) -> list[tuple[QAction, Action, tuple[int, ...] | None]]:
    """Actions greyed (with the reason) when the role may not take them (on the visits of
    the therapists given: publishing is every therapist's calendar, so nobody's own)."""
    return [(window.act_setup, Action.SET_UP, None),
            (window.act_connection, Action.SET_UP, None),
            (window.act_audit, Action.AUDIT, None),
            (window.act_reports, Action.REPORTS, None),
            (window.act_backups, Action.BACKUP, None),
            (window.act_close_day, Action.CHECKOUT, None),
            (window.act_certificates, Action.CHECKOUT, None),
            (window.act_import_clients, Action.CLIENT_CARDS, None),
            (window.act_import_latepoint, Action.BOOK, None),
            (window.act_web_waiting, Action.BOOK, None),
            (window.printing.act_publish, Action.EXPORT, ())]


def hidden(window: MainWindow) -> list[tuple[QAction, Action]]:
    """Actions hidden (their keys too) when the role may not take them."""
    editing, desk = window.editing, window.desk
    return [(editing.act_new, Action.BOOK), (editing.act_edit, Action.BOOK),
            (editing.act_cancel, Action.BOOK), (editing.act_cancel_following, Action.BOOK),
            (desk.act_find_time, Action.BOOK), (desk.act_caller, Action.BOOK),
            (desk.act_calls, Action.BOOK), (desk.act_waitlist, Action.WAITLIST)]


def apply(window: MainWindow, staff: Staff | None) -> None:
    """Offer ``staff`` what its role may do (everything when nobody signs in on this book)."""
    for action, needs, whose in greyed(window):
        why = why_not(staff, needs, whose)
        action.setEnabled(not why)
        base = action.property("plain_tip") or action.toolTip()
        action.setProperty("plain_tip", base)
        action.setToolTip(f"{base} — {why}" if why else base)
        action.setStatusTip(why)
    for action, needs in hidden(window):
        action.setVisible(staff is None or staff.may(needs))
