"""The clinic's money settings (set-up): its currency and the default fees for a no-show
and a late cancellation. A manager's, like the rest of the set-up; audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.domain import clock, money
from frontdesk.domain.access import Action
from frontdesk.domain.errors import BadInput
from frontdesk.services import audit, permits
from frontdesk.services import ledger_store as store


@dataclass(frozen=True)
class MoneySettings:
    currency: str
    no_show_fee: int
    late_cancel_fee: int


def money_settings(db: Database) -> MoneySettings:
    with db.read() as session:
        t = store.till(session)
        return MoneySettings(t.currency.code, t.no_show_fee, t.late_cancel_fee)


def save_money_settings(db: Database, *, currency: str | None = None,
                        no_show_fee: int | None = None, late_cancel_fee: int | None = None,
                        actor: str = "desk") -> MoneySettings:
    """Change what is given (None leaves a setting as it is)."""
    new = money.currency(currency) if currency is not None else None
    for fee, name in ((no_show_fee, "no_show_fee"), (late_cancel_fee, "late_cancel_fee")):
        if fee is not None and not 0 <= fee <= money.MAX_MAJOR * 1000:
            raise BadInput("a fee is between nothing and a large amount", name)
    with db.write() as session:
        permits.require(session, Action.SET_UP)
        clinic = session.scalars(select(m.Clinic).order_by(m.Clinic.id)).first()
        if clinic is None:
            raise BadInput("the database has no clinic yet", "db")
        before = audit.snapshot(clinic)
        if new is not None:
            problem = money.currency_change_problem(
                money.currency(clinic.currency), new,
                has_entries=session.scalar(select(m.LedgerEntry.id).limit(1)) is not None,
                has_prices=session.scalar(select(m.Service.id).where(
                    m.Service.price_cents > 0).limit(1)) is not None)
            if problem:
                raise BadInput(problem, "currency")
            clinic.currency = new.code
        if no_show_fee is not None:
            clinic.no_show_fee_cents = no_show_fee
        if late_cancel_fee is not None:
            clinic.late_cancel_fee_cents = late_cancel_fee
        audit.record(session, actor=actor, at=clock.utcnow(), action="money settings",
                     row=clinic, before=before)
        return MoneySettings(clinic.currency, clinic.no_show_fee_cents,
                             clinic.late_cancel_fee_cents)
