"""The clinic's data: SQLAlchemy 2 typed models.

Instants are stored in UTC (:class:`~frontdesk.db.types.Instant`); weekly patterns in wall-clock
time. Every constraint has an explicit name (the metadata naming convention) so that SQLite
batch migrations can change it later. Nothing here is SQLite-only.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from frontdesk.db.base import NAMING as NAMING
from frontdesk.db.base import Base, in_list

# The ledger's tables (checkouts, entries, gift certificates, day closes), the party table
# and the website's import tables live in modules of their own (this one's length); imported
# here so that every reader of the models' metadata has them, as m.LedgerEntry, m.Party, ….
from frontdesk.db.models_ledger import Checkout as Checkout
from frontdesk.db.models_ledger import DayClose as DayClose
from frontdesk.db.models_ledger import GiftCertificate as GiftCertificate
from frontdesk.db.models_ledger import LedgerEntry as LedgerEntry
from frontdesk.db.models_party import Party as Party
from frontdesk.db.models_web import WebBooking as WebBooking
from frontdesk.db.models_web import WebName as WebName
from frontdesk.db.types import Instant
from frontdesk.domain.length import MAX_BUFFER_MINUTES, MAX_MINUTES
from frontdesk.domain.status import Source, Status


class Clinic(Base):
    """The clinic's settings; one row (id 1) for now, a row per location later."""

    __tablename__ = "clinic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="America/New_York")
    country: Mapped[str] = mapped_column(String(2), default="US")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=15)
    #: A random identity for exported calendars: part of every iCalendar UID, so that the
    #: UIDs survive a rename and two clinics' appointment 1 never meet on one phone.
    calendar_id: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex,
                                             server_default="")
    #: The ISO 4217 code every amount of the book is in (domain/money.py).
    currency: Mapped[str] = mapped_column(String(3), default="USD", server_default="USD")
    #: What a no-show and a late cancellation owe unless the desk changes or waives it then.
    no_show_fee_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    late_cancel_fee_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    opening_hours: Mapped[list[OpeningHours]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan", order_by="OpeningHours.weekday"
    )

    __table_args__ = (
        CheckConstraint("slot_minutes > 0 AND slot_minutes <= 240", name="slot_minutes"),
        CheckConstraint("no_show_fee_cents >= 0 AND late_cancel_fee_cents >= 0", name="fees"),
    )


class OpeningHours(Base):
    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)

    clinic: Mapped[Clinic] = relationship(back_populates="opening_hours")

    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)


room_features = Table(
    "room_features",
    Base.metadata,
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    Column("feature", String(60), primary_key=True),
)

therapist_services = Table(
    "therapist_services",
    Base.metadata,
    Column("therapist_id", ForeignKey("therapists.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="#8fa3b8")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: How many clients it holds at once: only the visits of one party share a room.
    capacity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (CheckConstraint("capacity BETWEEN 1 AND 6", name="capacity"),)


class Service(Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    minutes: Mapped[int] = mapped_column(Integer)
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    rest_after: Mapped[int] = mapped_column(Integer, default=0)
    turnover_after: Mapped[int] = mapped_column(Integer, default=0)
    required_feature: Mapped[str | None] = mapped_column(String(60))
    colour: Mapped[str] = mapped_column(String(9), default="#6a9fd4")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Client flags this service is advised against, comma-separated ("anticoagulants,
    #: pregnancy"): booking it for such a client needs an acknowledgement.
    cautions: Mapped[str] = mapped_column(String(400), default="")
    #: Clients booked together (2: a couples service, two therapists in one room).
    party_size: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        # The domain's bounds (domain/length.py), as the initial migration wrote them.
        CheckConstraint(f"minutes > 0 AND minutes <= {MAX_MINUTES}", name="minutes"),
        CheckConstraint(f"rest_after BETWEEN 0 AND {MAX_BUFFER_MINUTES} "
                        f"AND turnover_after BETWEEN 0 AND {MAX_BUFFER_MINUTES}",
                        name="buffers"),
        CheckConstraint("price_cents >= 0", name="price"),
        CheckConstraint("party_size BETWEEN 1 AND 6", name="party_size"),
    )


class Therapist(Base):
    __tablename__ = "therapists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="#7cb342")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    services: Mapped[list[Service]] = relationship(secondary=therapist_services)
    hours: Mapped[list[TherapistHours]] = relationship(
        cascade="all, delete-orphan", order_by="(TherapistHours.weekday, TherapistHours.starts)"
    )
    time_off: Mapped[list[TimeOff]] = relationship(
        cascade="all, delete-orphan", order_by="TimeOff.starts_at"
    )


class TherapistHours(Base):
    """A weekly working span (kind "work") or a weekly break (kind "break")."""

    __tablename__ = "therapist_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapists.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(10), default="work")

    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("kind IN ('work', 'break')", name="kind"),
    )


class TimeOff(Base):
    __tablename__ = "time_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapists.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(Instant)
    ends_at: Mapped[datetime] = mapped_column(Instant)
    reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="order"),)


class Client(Base):
    """A client. ``search_key`` and ``search_key2`` hold the folded name ("jose nunez") and its
    last-name-first form ("nunez jose") so a name prefix is an index range look-up."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    alert: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), index=True)
    search_key2: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(Instant)
    #: The e-mail address folded (:func:`frontdesk.domain.names.email_key`), so the
    #: duplicate check finds the same address in any case with an index look-up.
    email_key: Mapped[str | None] = mapped_column(String(200), index=True)
    #: A deactivated card leaves searches and type-aheads; its history stays, and its
    #: number still finds it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: The card this one was merged into: its number finds that one.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"))

    phones: Mapped[list[ClientPhone]] = relationship(
        cascade="all, delete-orphan", order_by="ClientPhone.id"
    )
    flags: Mapped[list[ClientFlag]] = relationship(cascade="all, delete-orphan")


class ClientPhone(Base):
    """A phone number in E.164, with its national digits forwards and backwards so that both
    "the number starts with" and "the last four digits are" use an index."""

    __tablename__ = "client_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    e164: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(20), default="mobile")
    digits: Mapped[str] = mapped_column(String(20), index=True)
    digits_reversed: Mapped[str] = mapped_column(String(20), index=True)


class ClientFlag(Base):
    """A contraindication flag on a client (see :mod:`frontdesk.domain.contraindications`)."""

    __tablename__ = "client_flags"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    flag: Mapped[str] = mapped_column(String(40), primary_key=True)
    note: Mapped[str] = mapped_column(String(200), default="")


class Appointment(Base):
    """A visit. ``therapist_until`` / ``room_until`` are the end plus the therapist's rest and
    the room's turnover, fixed when booked, so clash queries need no join and a later change
    to a service's buffers does not move what is already booked."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="RESTRICT"))
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="RESTRICT"))
    starts_at: Mapped[datetime] = mapped_column(Instant)
    ends_at: Mapped[datetime] = mapped_column(Instant)
    therapist_until: Mapped[datetime] = mapped_column(Instant)
    room_until: Mapped[datetime] = mapped_column(Instant)
    status: Mapped[str] = mapped_column(String(12), default=Status.BOOKED.value)
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(10), default=Source.DESK.value)
    notes: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(String(500), default="")
    #: The soft rules booked over with ``override_reason``, as their messages.
    overridden: Mapped[str] = mapped_column(String(1000), default="")
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: The standing appointment this visit belongs to, if any.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"))
    #: The couples (or group) session this visit is one of (see models_party): a
    #: ``parties`` id, not a foreign key (SQLite cannot add one to a table of a million
    #: visits without copying it; parties are never deleted).
    party_id: Mapped[int | None] = mapped_column(Integer)
    #: The contraindications the desk acknowledged when booking ("pregnancy; anticoagulants").
    cautions_acknowledged: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(Instant)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(Instant)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="order"),
        CheckConstraint(
            "therapist_until >= ends_at AND room_until >= ends_at", name="buffers"
        ),
        CheckConstraint(in_list("status", Status), name="status"),
        CheckConstraint(in_list("source", Source), name="source"),
        Index(None, "starts_at"),
        Index(None, "therapist_id", "starts_at"),
        Index(None, "room_id", "starts_at"),
        Index(None, "client_id", "starts_at"),
        Index(None, "series_id", "starts_at"),
        Index(None, "party_id"),
    )


class Series(Base):
    """A standing appointment: the same wall-clock time every ``every_weeks`` weeks.

    Its visits are ordinary appointments carrying ``series_id``; the row keeps the rule so a
    visit can be told apart from a one-off and "this and all following" can be found."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    every_weeks: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Instant)
    created_by: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (CheckConstraint("every_weeks BETWEEN 1 AND 52", name="every_weeks"),)


class WaitlistEntry(Base):
    """A client waiting for a service: preferred therapist, weekdays and time of day.

    ``weekdays`` holds the wanted days as digits, Monday 0 ("024" is Mon, Wed, Fri; "" any);
    ``earliest`` / ``latest`` bound the start's wall-clock time; ``until`` ends the wish."""

    __tablename__ = "waitlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapists.id", ondelete="SET NULL"))
    weekdays: Mapped[str] = mapped_column(String(7), default="")
    earliest: Mapped[time | None] = mapped_column(Time)
    latest: Mapped[time | None] = mapped_column(Time)
    until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(Instant)
    created_by: Mapped[str] = mapped_column(String(100), default="")


class AuditEntry(Base):
    """One change to the data: who, when, what, and the row before and after.

    Written in the same transaction as the change it records, sealed into the trail's hash
    chain (:mod:`frontdesk.domain.audit_chain`): ``prev_hash`` is the entry before's
    ``hash``, and ``hash`` covers this entry's content and ``prev_hash``.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Instant, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index(None, "entity", "entity_id"),)


class StaffAccount(Base):
    """A person who signs in: their role, and for a therapist which therapist they are.

    The password is kept only as an argon2id hash; ``info={"secret": True}`` keeps it out of
    every audit snapshot. ``name_key`` (the name folded) makes names unique whatever their
    case or accents."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    name_key: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapists.id", ondelete="RESTRICT"))
    password_hash: Mapped[str] = mapped_column(String(200), info={"secret": True})
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(Instant)
    changed_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (
        CheckConstraint("role IN ('desk', 'therapist', 'manager')", name="role"),
        CheckConstraint("(role = 'therapist') = (therapist_id IS NOT NULL)", name="therapist"),
    )
