"""The ledger's tables: part of :mod:`frontdesk.db.models` (import them from there), kept
apart for the length of that module. Amounts are integers of the currency's minor unit; what
each kind of entry means, and its sign, is :mod:`frontdesk.domain.ledger`'s."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.db.base import Base, in_list
from frontdesk.db.types import Instant
from frontdesk.domain.ledger import Group, Kind, Method


class Checkout(Base):
    """One group of ledger entries written together: a checkout (its number is the
    receipt's), a void or refund of one (``reverses_id``), a gift certificate sold, a fee
    charged or waived. Never changed once written."""

    __tablename__ = "checkouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(Instant)
    #: The clinic's local date when written: the business day a close covers.
    day: Mapped[date] = mapped_column(Date, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkouts.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (CheckConstraint(in_list("kind", Group), name="kind"),)


class LedgerEntry(Base):
    """One amount owed or paid (domain/ledger.py says what each kind means and its sign).

    Append-only: a void or refund is a new entry (``reverses_id`` names the entry a void
    reverses), never an edit, and closing a day changes none. The indexes serve a year's
    reports on a large book: by day and kind (totals by method, the day's close), by
    therapist and day (revenue and tips), by client (balances, fees owed), by visit (paid
    or not) and by certificate (its balance)."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id", ondelete="RESTRICT"),
                                             index=True)
    at: Mapped[datetime] = mapped_column(Instant)
    day: Mapped[date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(String(12))
    amount_cents: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="RESTRICT"))
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapists.id", ondelete="RESTRICT"))
    certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("gift_certificates.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id", ondelete="RESTRICT"))

    __table_args__ = (
        CheckConstraint(in_list("kind", Kind), name="kind"),
        CheckConstraint(f"method IS NULL OR {in_list('method', Method)}", name="method"),
        CheckConstraint("(method IS NOT NULL) = (kind IN ('payment', 'refund'))",
                        name="money_moves"),
        CheckConstraint("(certificate_id IS NOT NULL) OR method IS NULL OR "
                        "method <> 'certificate'", name="certificate"),
        Index(None, "day", "kind"),
        Index(None, "therapist_id", "day"),
        Index(None, "client_id", "day"),
        Index(None, "appointment_id"),
        Index(None, "certificate_id"),
        Index(None, "reverses_id"),
    )


class GiftCertificate(Base):
    """A gift certificate: its code (read aloud at the desk), what it was sold for, by whom
    and to whom, and when it expires if ever. Its balance is the ledger's (domain/ledger.py),
    never a column that two desks could both decrement."""

    __tablename__ = "gift_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    sold_at: Mapped[datetime] = mapped_column(Instant)
    sold_by: Mapped[str] = mapped_column(String(100), default="")
    expires: Mapped[date | None] = mapped_column(Date)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    #: Whom it is for, as the buyer said ("Mum"), if not a client on file.
    recipient: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount"),)


class DayClose(Base):
    """A business day closed at the desk: when, by whom, and the last ledger entry the
    close covered. Closing changes no entry; one written after the close (a late payment,
    a correction) is simply past ``last_entry_id``, and the next sheet shows it."""

    __tablename__ = "day_closes"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    closed_at: Mapped[datetime] = mapped_column(Instant)
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    last_entry_id: Mapped[int | None] = mapped_column(Integer)
