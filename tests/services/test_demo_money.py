"""The demo clinic's money: paid visits with tips, certificates (one partly used, one
expired), fees owed, and the sums adding up as the ledger's rules say."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from frontdesk.db import models as m
from frontdesk.db.migrate import open_database
from frontdesk.domain.ledger import PayState
from frontdesk.domain.status import Status
from frontdesk.services.certificates import Certificates
from frontdesk.services.checkout import Checkouts
from frontdesk.services.demo import build_demo

DEMO_NOW = datetime(2026, 10, 1, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    build_demo(database, "small", start=date(2026, 10, 1), now=DEMO_NOW)
    yield database
    database.close()


def test_past_completed_visits_are_paid_with_tips_and_the_last_ones_not(demo):
    e, a = m.LedgerEntry, m.Appointment
    with demo.read() as s:
        completed = s.scalars(select(a.id).where(a.status == Status.COMPLETED.value)).all()
        tips = s.scalar(select(func.count()).where(e.kind == "tip"))
        balances = dict(s.execute(select(e.client_id, func.sum(e.amount_cents))
                                  .group_by(e.client_id)).all())
        methods = set(s.scalars(select(e.method).where(e.method.is_not(None)).distinct()))
    states = Checkouts(demo, now=lambda: DEMO_NOW).states(completed)
    paid = [i for i, state in states.items() if state is PayState.PAID]
    unpaid = [i for i, state in states.items() if state is PayState.UNPAID]
    assert len(paid) > 500 and 1 <= len(unpaid) <= 30
    assert tips > len(paid) // 3
    assert methods == {"cash", "card", "check", "certificate"}
    owing = {c: v for c, v in balances.items() if v}
    assert sorted(owing.values()) == [2500, 2500]  # two no-show fees; all else is square


def test_gift_certificates_one_partly_used_one_expired(demo):
    certs = {c.code: c for c in Certificates(demo, now=lambda: DEMO_NOW).all()}
    assert certs["K7QM-4HXP"].balance == 4000 and not certs["K7QM-4HXP"].expired
    assert certs["RD3W-9TAF"].expired and certs["RD3W-9TAF"].balance == 10000
    assert certs["HC6N-P4YE"].balance == certs["HC6N-P4YE"].amount == 20000
