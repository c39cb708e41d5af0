"""Importing a client spreadsheet (frontdesk.services.client_import) on the suite's engine:
each row through the client services, duplicates and refusals reported, the whole file one
transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain import client_sheet
from frontdesk.domain.access import Role, Staff
from frontdesk.domain.errors import Forbidden
from frontdesk.services import accounts, client_cards, client_import
from frontdesk.services.client_import import ADDED, DUPLICATE, REFUSED, ImportStopped
from tests.cli.conftest import table_contents
from tests.helpers import NOW

CLEAN = ("Name,Phone,E-mail,Notes,Alert,Contraindications\n"
         "Jana Novak,646 555 0199,jana@example.com,likes firm pressure,Latex allergy,"
         "\"Pregnancy, tennis elbow\"\n"
         "Zoë Ådahl,718-555-0142,,,,\n"
         "王小明,,lee@example.com,,,\n")


def sheet(text: str) -> client_sheet.Sheet:
    return client_sheet.read(text.encode())


def run(db, text: str, **kw) -> client_import.Report:
    return client_import.import_sheet(db, sheet(text), actor="tester", now=lambda: NOW, **kw)


def cards(db) -> dict[str, m.Client]:
    with db.read() as session:
        found = session.scalars(select(m.Client)).all()
        for c in found:
            _ = (c.phones, c.flags)
        return {c.name: c for c in found}


def test_a_clean_file_makes_a_card_per_row_audited(db, clinic):
    before = set(cards(db))
    report = run(db, CLEAN)
    assert [o.kind for o in report.outcomes] == [ADDED] * 3
    assert report.all_taken and report.count(ADDED) == 3
    made = {n: c for n, c in cards(db).items() if n not in before}
    assert set(made) == {"Jana Novak", "Zoë Ådahl", "王小明"}
    jana = made["Jana Novak"]
    assert [p.e164 for p in jana.phones] == ["+16465550199"]
    assert (jana.email, jana.notes, jana.alert) == ("jana@example.com", "likes firm pressure",
                                                    "Latex allergy")
    # a known contraindication in any case is that flag; another is kept as written
    assert sorted(f.flag for f in jana.flags) == ["pregnancy", "tennis elbow"]
    assert sorted(report.added_ids) == sorted(c.id for c in made.values())
    with db.read() as session:
        audited = session.scalars(select(m.AuditEntry.entity_id).where(
            m.AuditEntry.entity == "clients", m.AuditEntry.action == "create",
            m.AuditEntry.actor == "tester")).all()
    assert sorted(audited) == sorted(report.added_ids)


def test_duplicates_of_a_card_and_within_the_file_are_reported_not_made(db, clinic):
    jana = client_cards.add(db, "Jana Novak", phone="646 555 0199", now=lambda: NOW)
    text = ("Name;Mobile;Email\n"
            "J. Novakova;(646) 555-0199;\n"          # row 2: Jana's phone
            "Ben Ode;718 555 0100;ben@example.com\n"  # row 3: new
            "Benjamin Ode;;BEN@example.com\n"          # row 4: row 3's e-mail
            "Ben Ode;;\n")                             # row 5: row 3's name
    report = run(db, text)
    outcomes = {o.row: o for o in report.outcomes}
    assert [outcomes[r].kind for r in (2, 3, 4, 5)] == [DUPLICATE, ADDED, DUPLICATE, DUPLICATE]
    assert (outcomes[2].reason, outcomes[2].like_id, outcomes[2].like_row) == \
        ("same phone", jana.id, None)
    assert outcomes[2].describe() == \
        f"row 2  duplicate: J. Novakova, same phone as Jana Novak #{jana.id}"
    ben = outcomes[3].client_id
    assert (outcomes[4].reason, outcomes[4].like_row, outcomes[4].like_id) == \
        ("same e-mail", 3, ben)
    assert (outcomes[5].reason, outcomes[5].like_row) == ("similar name", 3)
    assert not report.all_taken
    names = [c.name for c in cards(db).values()]
    assert names.count("Ben Ode") == 1 and "J. Novakova" not in names
    # the same file again: every row is now a duplicate of a card
    again = run(db, text)
    assert [o.kind for o in again.outcomes] == [DUPLICATE] * 4
    assert again.outcomes[1].like_id == ben and again.outcomes[1].like_row is None


def test_refused_rows_say_why_and_the_others_are_added(db, clinic):
    text = ("Name,Phone,Email,Alert\n"
            "Bad Phone,555-12,,\n"
            "Bad Mail,,not-an-address,\n"
            "Fine Person,,,\n"
            ",646 555 0123,,\n"
            "Escape,,,\x1b[31mred\n"
            f"{'x' * 201},,,\n")
    report = run(db, text)
    kinds = {o.row: (o.kind, o.field) for o in report.outcomes}
    assert kinds == {2: (REFUSED, "phone"), 3: (REFUSED, "email"), 4: (ADDED, ""),
                     5: (REFUSED, "name"), 6: (REFUSED, "alert"), 7: (REFUSED, "name")}
    assert "not an e-mail address" in report.outcomes[1].reason
    assert "Fine Person" in cards(db)
    assert {"Bad Phone", "Bad Mail", "Escape"}.isdisjoint(cards(db))


def test_a_dry_run_says_the_same_and_writes_nothing(db, clinic):
    client_cards.add(db, "Jana Novak", phone="646 555 0199", now=lambda: NOW)
    text = CLEAN + "Jana N0vak,646 555 0199,,,,\nZoe Adahl,,,,,\n"
    before = table_contents(db.url)
    dry = run(db, text, dry_run=True)
    assert table_contents(db.url) == before
    assert dry.dry_run and "nothing was written" in dry.summary()
    real = run(db, text)
    strip = [(o.row, o.kind, o.reason, o.like_row) for o in dry.outcomes]
    assert strip == [(o.row, o.kind, o.reason, o.like_row) for o in real.outcomes]
    assert [o.kind for o in real.outcomes] == [DUPLICATE, ADDED, ADDED, DUPLICATE, DUPLICATE]
    assert (real.outcomes[4].reason, real.outcomes[4].like_row) == ("similar name", 3)
    assert all(o.client_id is None for o in dry.outcomes)  # no number a dry run made up


@pytest.mark.parametrize("stop", ["progress", "interrupt"])
def test_stopping_part_way_leaves_the_book_as_it_was(db, clinic, stop):
    before = table_contents(db.url)
    seen = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        if done == 2:
            if stop == "interrupt":
                raise KeyboardInterrupt
            return False
        return True

    with pytest.raises(ImportStopped if stop == "progress" else KeyboardInterrupt):
        run(db, CLEAN, progress=progress)
    assert seen == [0, 1, 2]
    assert table_contents(db.url) == before


def test_adding_clients_needs_the_client_cards_permission(db, clinic):
    accounts.add(db, "Maria", Role.MANAGER, "manager-pw-1", now=lambda: NOW)
    db.staff = Staff("Maria", Role.MANAGER)
    accounts.add(db, "Tom", Role.THERAPIST, "therapist-1", therapist_id=clinic["Ana"],
                 now=lambda: NOW)
    db.staff = Staff("Tom", Role.THERAPIST, clinic["Ana"])
    before = table_contents(db.url)
    for dry_run in (True, False):
        with pytest.raises(Forbidden):
            run(db, CLEAN, dry_run=dry_run)
    assert table_contents(db.url) == before
    db.staff = Staff("Dana", Role.DESK)
    assert run(db, CLEAN).all_taken


def test_rows_added_anyway_and_their_undo(db, clinic):
    jana = client_cards.add(db, "Jana Novak", phone="646 555 0199", now=lambda: NOW)
    text = "Name,Phone\nJana Novak,646 555 0199\nBen Ode,\n"
    report = run(db, text, add_anyway={2})
    assert [o.kind for o in report.outcomes] == [ADDED, ADDED]
    assert jana.id not in report.added_ids
    client_import.set_cards_active(db, report.added_ids, False, actor="tester",
                                   now=lambda: NOW)
    now_cards = cards(db)
    assert [c.active for c in now_cards.values() if c.id in report.added_ids] == [False] * 2
    assert now_cards["Ben Ode"].active is False
    client_import.set_cards_active(db, report.added_ids, True, actor="tester",
                                   now=lambda: NOW)
    assert all(c.active for c in cards(db).values())
    with db.read() as session:
        actions = session.scalars(select(m.AuditEntry.action).where(
            m.AuditEntry.entity_id.in_(report.added_ids),
            m.AuditEntry.entity == "clients")).all()
    assert sorted(actions) == sorted(["create"] * 2 + ["deactivate"] * 2 + ["reactivate"] * 2)
