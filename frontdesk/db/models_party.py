"""Couples (and group) sessions: the party several visits at one time in one room share.

A party's visits are ordinary appointments carrying ``party_id`` (as a standing
appointment's carry ``series_id``): each keeps its own client, therapist and status, and
the booking engine moves, resizes and cancels them together. The database lets the visits
of one party share a room up to its capacity, and nobody else in beside them (migration
0012). Kept apart from :mod:`frontdesk.db.models` only for that module's length.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.db.base import Base
from frontdesk.db.types import Instant

#: The most clients one party (and one room) may hold, as the migration's checks say.
MAX_PARTY = 6


class Party(Base):
    """Visits booked together (a couples massage): ``size`` is how many the service asked
    for when booked, kept so that a party is read as whole or not without the service."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(Integer, default=2)
    created_at: Mapped[datetime] = mapped_column(Instant)
    created_by: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (CheckConstraint(f"size BETWEEN 2 AND {MAX_PARTY}", name="size"),)
