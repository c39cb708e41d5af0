"""Setting the clinic up: settings, therapists, rooms and services (see ``SetupDialog``)."""

from frontdesk.ui.setup.setup_dialog import SetupDialog

__all__ = ["SetupDialog"]
