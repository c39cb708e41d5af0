"""The new-booking editor's second client and therapist, for a couples service.

Shown only while the service chosen books a party (two clients, each with a therapist, in
one room): the partner's card (typed as at the command line, a name, phone digits or
#number; empty for a guest not named yet, or a new card by name) and their therapist (any
free and qualified one other than the first's by default, or one named). The engine books
both visits together or neither (:func:`frontdesk.services.party.book`); this only says
whom.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from frontdesk.domain.errors import BadInput, FrontdeskError, Refused
from frontdesk.services import clients
from frontdesk.services.booking import NewClient, Partner
from frontdesk.services.catalog import Catalog
from frontdesk.ui.editing.cautions import CautionBox

#: The partner's therapist when none is named: the engine picks a free, qualified one other
#: than the first visit's.
ANY = "Any other free therapist"


class PartnerSection(QWidget):
    """The partner's client and therapist; :meth:`partners` gives the request's part."""

    def __init__(self, door, catalog: Catalog, parent=None):
        super().__init__(parent)
        self.door, self.catalog = door, catalog
        self.client = QLineEdit()
        self.client.setAccessibleName("Second client")
        self.client.setPlaceholderText("second client (empty: a guest)")
        self.client.setToolTip("The second client: a name, phone digits or #number, or a new "
                               "card's name with New card ticked. Left empty, a guest not "
                               "named yet.")
        self.new = QCheckBox("New car&d")
        self.new.setAccessibleName("Second client is new")
        self.therapist = QComboBox()
        self.therapist.setAccessibleName("Second therapist")
        # The second client's own contraindication warning, shown once the engine has
        # looked their card up (a refusal names it) and acknowledged for them alone: a row
        # of the editor's form under this one (a form grows for a row's wrapped text).
        self.caution = CautionBox()
        self.caution.check.setAccessibleName(
            "Acknowledge the second client's contraindication warning")
        self.client.textChanged.connect(lambda _t: self.caution.show_warnings(()))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.client, 3)
        row.addWidget(self.new)
        row.addWidget(self.therapist, 2)

    def show_for(self, service_id: int | None) -> None:
        """Shown (its therapists the service's) for a couples service; hidden otherwise."""
        service = self.catalog.services.get(service_id or -1)
        couples = service is not None and service.party_size > 1
        self.setVisible(couples)
        if not couples:
            return
        wanted = self.therapist.currentData()
        self.therapist.clear()
        self.therapist.addItem(ANY, None)
        for t in self.catalog.therapists.values():
            if t.active and service is not None and service.id in t.service_ids:
                self.therapist.addItem(t.name, t.id)
        found = self.therapist.findData(wanted) if wanted is not None else 0
        self.therapist.setCurrentIndex(max(found, 0))

    def partners(self, service_id: int | None) -> tuple[Partner, ...]:
        """The request's partners: none unless the service is a couples service. BadInput
        (field "partner") when the card typed names no one client."""
        service = self.catalog.services.get(service_id or -1)
        if service is None or service.party_size < 2:
            return ()
        text = " ".join(self.client.text().split())
        therapist_id = self.therapist.currentData()
        if self.new.isChecked():
            if not text:
                raise BadInput("type the second client's name for the new card", "partner")
            return (Partner(therapist_id=therapist_id, new_client=NewClient(text)),)
        client_id = None
        if text:
            try:
                client_id = self.door.read(clients.resolve_id, text)
            except BadInput as error:
                raise BadInput(f"second client: {error}", "partner") from None
        return (Partner(client_id=client_id, therapist_id=therapist_id,
                        acknowledge=self.caution.acknowledged),)

    def show_refusal(self, error: FrontdeskError) -> bool:
        """The second client's contraindication warning from a refusal, shown with its
        tick box; False when the refusal names none."""
        warnings = [v.detail or v.message for v in getattr(error, "violations", ())
                    if isinstance(error, Refused) and v.code == "contraindicated"
                    and v.field == "partner"]
        self.caution.show_warnings(warnings)
        return bool(warnings)
