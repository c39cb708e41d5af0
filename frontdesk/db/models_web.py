"""The website's bookings as last imported, and the web names the clinic calls otherwise:
part of :mod:`frontdesk.db.models` (import them from there), kept apart for the length of
that module. What an import does with them is :mod:`frontdesk.services.latepoint`'s."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.db.base import Base
from frontdesk.db.types import Instant


class WebBooking(Base):
    """A booking from the website's LatePoint export, keyed on LatePoint's own ID, so an
    import of the same or a newer file adds nothing twice and applies what changed.

    ``state`` is "taken" (in the book as ``appointment_id``), "refused" (the booking engine
    said no, ``reason`` why: kept for the receptionist, tried again at the next import) or
    "resolved" (the receptionist dealt with it by hand). The web's own reading of the row
    (when, how long, who, with whom, its status) is kept as last imported, so a newer file's
    change is told from a change made at the desk, which an import leaves alone."""

    __tablename__ = "web_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    web_id: Mapped[str] = mapped_column(String(40), unique=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(1000), default="")
    row_number: Mapped[int] = mapped_column(Integer, default=0)
    starts_at: Mapped[datetime] = mapped_column(Instant)
    minutes: Mapped[int] = mapped_column(Integer)
    service: Mapped[str] = mapped_column(String(200), default="")
    therapist: Mapped[str] = mapped_column(String(200), default="")
    customer: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    web_status: Mapped[str] = mapped_column(String(60), default="")
    price_cents: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (
        CheckConstraint("state IN ('taken', 'refused', 'resolved')", name="state"),
    )


class WebName(Base):
    """A website's service or agent name the clinic calls otherwise, and what it is here:
    asked once (``--map-service``, ``--map-therapist``, or the window's question) and kept."""

    __tablename__ = "web_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    #: The web name folded (:func:`frontdesk.domain.text.fold`), unique per kind.
    web_key: Mapped[str] = mapped_column(String(200))
    web_name: Mapped[str] = mapped_column(String(200))
    target_id: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("kind IN ('service', 'therapist')", name="kind"),
        Index(None, "kind", "web_key", unique=True),
    )
