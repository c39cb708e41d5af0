"""Set-up use cases over a real SQLite file: each change is stored, audited under its table's
name, and bad input is refused with the form field at fault, changing nothing."""

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from frontdesk.db import models as m
from frontdesk.domain.errors import BadInput
from frontdesk.domain.hours import WeeklySpan
from frontdesk.services import admin, setup_view
from frontdesk.services.catalog import load_catalog
from frontdesk.services.setup import init_clinic
from tests.helpers import local


def audits(db, entity=None):
    with db.read() as s:
        query = select(m.AuditEntry).order_by(m.AuditEntry.id)
        if entity:
            query = query.where(m.AuditEntry.entity == entity)
        return list(s.scalars(query))


def refused(field, fn, *args, **kwargs) -> BadInput:
    with pytest.raises(BadInput) as info:
        fn(*args, **kwargs)
    assert info.value.field == field, str(info.value)
    return info.value


def test_first_start_is_needed_only_without_a_clinic(db):
    assert setup_view.needs_first_start(db)
    init_clinic(db, name="Calm")
    assert not setup_view.needs_first_start(db)


def test_load_setup_reads_the_whole_clinic(db, clinic):
    data = setup_view.load_setup(db)
    assert data.clinic.name == "Test Clinic" and data.tz.key == "America/New_York"
    assert [r.name for r in data.rooms] == ["Birch", "Cedar", "Willow"]
    assert data.features == ("hot stone",)
    ana = next(t for t in data.therapists if t.name == "Ana")
    assert len(ana.work) == 7 and ana.breaks[0] == WeeklySpan(0, time(12), time(12, 30))
    assert len(ana.service_ids) == 4 and ana.time_off == ()
    deep = next(s for s in data.services if s.name == "Deep Tissue 60")
    assert (deep.minutes, deep.price_cents, deep.rest_after, deep.turnover_after) \
        == (60, 11000, 15, 10)


# -- clinic -----------------------------------------------------------------------------------

def test_save_clinic_changes_settings_and_opening_hours(db, clinic):
    week = [(d, time(9), time(18)) for d in range(5)] + [(5, time(10), time(0))]
    admin.save_clinic(db, name="  Calm   Hands ", timezone="Europe/Paris", country="fr",
                      slot_minutes=30, opening=week, actor="owner")
    data = setup_view.load_setup(db).clinic
    assert (data.name, data.tz.key, data.country, data.slot_minutes) \
        == ("Calm Hands", "Europe/Paris", "FR", 30)
    assert data.opening[-1] == WeeklySpan(5, time(10), time(0))  # 00:00 closes at midnight
    assert len(data.opening) == 6
    entry = audits(db, "clinic")[-1]
    assert (entry.actor, entry.action) == ("owner", "settings")
    assert entry.before["name"] == "Test Clinic" and len(entry.before["opening"]) == 7
    assert entry.after["timezone"] == "Europe/Paris"
    with db.read() as s:
        assert load_catalog(s).clinic.tz.key == "Europe/Paris"


@pytest.mark.parametrize(("field", "changes"), [
    ("name", {"name": "  "}),
    ("timezone", {"timezone": "Mars/Olympus"}),
    ("country", {"country": "USA"}),
    ("slot_minutes", {"slot_minutes": 7}),
    ("hours", {"opening": [(0, time(18), time(9))]}),
    ("hours", {"opening": [(0, time(9), time(13)), (0, time(12), time(18))]}),
    ("hours", {"opening": [(7, time(9), time(13))]}),
])
def test_save_clinic_refuses_bad_settings(db, clinic, field, changes):
    args = {"name": "Calm", "timezone": "America/New_York", "country": "US",
            "slot_minutes": 15} | changes
    refused(field, admin.save_clinic, db, **args)
    assert setup_view.load_setup(db).clinic.name == "Test Clinic"


def test_set_opening_hours_replaces_the_week(db, clinic):
    admin.set_opening_hours(db, [(2, time(14), time(20)), (2, time(8), time(12))])
    assert setup_view.load_setup(db).clinic.opening == (WeeklySpan(2, time(8), time(12)),
                                                   WeeklySpan(2, time(14), time(20)))
    assert audits(db, "clinic")[-1].action == "opening_hours"


def test_clinic_changes_need_a_clinic(db):
    refused("db", admin.set_opening_hours, db, [])
    refused("db", setup_view.load_setup, db)


# -- rooms ------------------------------------------------------------------------------------

def test_rooms_are_added_renamed_equipped_and_retired(db, clinic):
    room_id = admin.add_room(db, " Lotus ", features=["Hot  Stone", "couples", ""])
    room = next(r for r in setup_view.load_setup(db).rooms if r.id == room_id)
    assert room.name == "Lotus" and room.features == {"hot stone", "couples"} and room.active
    admin.update_room(db, room_id, name="Lotus Suite")
    admin.update_room(db, room_id, features={"prenatal table"})
    admin.update_room(db, room_id, active=False)
    room = next(r for r in setup_view.load_setup(db).rooms if r.id == room_id)
    assert (room.name, room.features, room.active) \
        == ("Lotus Suite", {"prenatal table"}, False)
    entries = audits(db, "rooms")
    assert [e.action for e in entries] == ["create", "update", "update", "update"]
    assert entries[2].before["features"] == ["couples", "hot stone"]
    assert entries[-1].after["active"] is False
    with db.read() as s:
        assert load_catalog(s).rooms[room_id].features == {"prenatal table"}


def test_room_names_are_unique_whatever_the_case(db, clinic):
    error = refused("name", admin.add_room, db, "willow")
    assert "Willow" in str(error)
    refused("name", admin.update_room, db, clinic["Cedar"], name="WILLOW")
    refused("name", admin.add_room, db, "   ")
    refused("features", admin.add_room, db, "Lotus", features=["x" * 61])
    admin.update_room(db, clinic["Cedar"], name="cedar")  # its own name in another case
    refused("room", admin.update_room, db, 999, name="Nowhere")
    assert len(audits(db, "rooms")) == 1


# -- services ---------------------------------------------------------------------------------

def test_services_are_added_and_updated(db, clinic):
    sid = admin.add_service(db, "Sports Massage 60", 60, price_cents=11000, rest_after=10,
                            turnover_after=5, required_feature=" Hot Stone ")
    admin.update_service(db, sid, name="Sports 60", minutes=45, required_feature="",
                         active=False)
    row = next(s for s in setup_view.load_setup(db).services if s.id == sid)
    assert (row.name, row.minutes, row.price_cents, row.rest_after, row.turnover_after,
            row.required_feature, row.active) == ("Sports 60", 45, 11000, 10, 5, None, False)
    entries = audits(db, "services")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["required_feature"] == "hot stone"


@pytest.mark.parametrize(("field", "changes"), [
    ("name", {"name": "swedish 60"}),
    ("name", {"name": ""}),
    ("minutes", {"minutes": 4}),
    ("minutes", {"minutes": 721}),
    ("price_cents", {"price_cents": -1}),
    ("rest_after", {"rest_after": 241}),
    ("turnover_after", {"turnover_after": -5}),
    ("required_feature", {"required_feature": "y" * 61}),
])
def test_services_refuse_bad_input(db, clinic, field, changes):
    args = {"name": "New", "minutes": 60} | changes
    refused(field, admin.add_service, db, args.pop("name"), args.pop("minutes"), **args)
    refused(field, admin.update_service, db, clinic["Trigger Point 30"], **changes)
    assert audits(db, "services") == []


# -- therapists -------------------------------------------------------------------------------

WORK = [(0, time(9), time(17)), (2, time(12), time(20))]
BREAKS = [(0, time(13), time(13, 30))]


def test_therapists_are_added_with_services_and_hours(db, clinic):
    tid = admin.add_therapist(db, "Dana", service_ids=[clinic["Swedish 60"]], work=WORK,
                              breaks=BREAKS)
    with db.read() as s:
        info = load_catalog(s).therapists[tid]
    assert info.service_ids == {clinic["Swedish 60"]} and info.active
    assert info.shifts == tuple(WeeklySpan(*w) for w in WORK)
    assert info.breaks == (WeeklySpan(*BREAKS[0]),)
    assert audits(db, "therapists")[-1].action == "create"


def test_therapists_are_renamed_retired_and_rescheduled(db, clinic):
    ben = clinic["Ben"]
    admin.update_therapist(db, ben, name="Benjamin", active=False,
                           service_ids=[clinic["Hot Stone 90"]])
    admin.set_therapist_hours(db, ben, work=[(6, time(10), time(0))],
                              breaks=[(6, time(23), time(0))])
    row = next(t for t in setup_view.load_setup(db).therapists if t.id == ben)
    assert (row.name, row.active, row.service_ids) \
        == ("Benjamin", False, {clinic["Hot Stone 90"]})
    assert row.work == (WeeklySpan(6, time(10), time(0)),)
    assert row.breaks == (WeeklySpan(6, time(23), time(0)),)
    entries = audits(db, "therapists")
    assert len(entries) == 2 and len(entries[0].before["service_ids"]) == 2
    assert len(entries[1].before["hours"]) == 5


@pytest.mark.parametrize(("field", "changes"), [
    ("name", {"name": "ana"}),
    ("services", {"service_ids": [999]}),
    ("hours", {"work": [(1, time(17), time(9))], "breaks": []}),
    ("hours", {"work": [(1, time(9), time(13)), (1, time(12), time(17))], "breaks": []}),
    ("breaks", {"work": WORK, "breaks": [(0, time(16, 45), time(17, 15))]}),
    ("breaks", {"work": WORK, "breaks": [(1, time(13), time(13, 30))]}),
    ("breaks", {"work": WORK, "breaks": [(0, time(13), time(12))]}),
])
def test_therapists_refuse_bad_input(db, clinic, field, changes):
    refused(field, admin.update_therapist, db, clinic["Ben"], **changes)
    refused(field, admin.add_therapist, db, changes.get("name", "Dana"),
            **{k: v for k, v in changes.items() if k != "name"})
    assert audits(db, "therapists") == []
    with db.read() as s:
        assert len(load_catalog(s).therapists[clinic["Ben"]].shifts) == 5


def test_time_off_in_local_time_is_stored_as_instants_and_removed(db, clinic):
    ana = clinic["Ana"]
    off_id = admin.add_time_off(db, ana, datetime(2026, 11, 1, 0, 0),
                                datetime(2026, 11, 2, 0, 0), "  Dentist ")
    row = next(t for t in setup_view.load_setup(db).therapists if t.id == ana)
    assert row.time_off[0].start == local("2026-11-01 00:00")
    # the DST day has 25 hours
    assert (row.time_off[0].end - row.time_off[0].start).total_seconds() == 25 * 3600
    assert row.time_off[0].reason == "Dentist"
    aware = admin.add_time_off(db, ana, datetime(2026, 12, 1, 14, tzinfo=UTC),
                               datetime(2026, 12, 1, 16, tzinfo=UTC))
    with db.read() as s:
        assert len(load_catalog(s).therapists[ana].time_off) == 2
    admin.remove_time_off(db, off_id)
    remaining = next(t for t in setup_view.load_setup(db).therapists if t.id == ana).time_off
    assert [o.id for o in remaining] == [aware]
    entries = audits(db, "time_off")
    assert [e.action for e in entries] == ["create", "create", "delete"]
    assert entries[-1].before["reason"] == "Dentist" and entries[-1].after is None


def test_time_off_refuses_bad_input(db, clinic):
    ana = clinic["Ana"]
    day = datetime(2026, 11, 3, 9)
    refused("end", admin.add_time_off, db, ana, day, day)
    refused("start", admin.add_time_off, db, ana, datetime(2027, 3, 14, 2, 30), day)
    refused("reason", admin.add_time_off, db, ana, day, day.replace(hour=10), "r" * 201)
    refused("therapist", admin.add_time_off, db, 999, day, day.replace(hour=10))
    refused("time_off", admin.remove_time_off, db, 999)
    assert audits(db, "time_off") == []


def test_every_change_is_audited_under_a_catalog_entity(db, clinic):
    who = {"actor": "owner"}
    admin.add_room(db, "Lotus", **who)
    admin.add_service(db, "Cupping 30", 30, **who)
    admin.add_therapist(db, "Dana", **who)
    admin.set_opening_hours(db, [(0, time(9), time(17))], **who)
    admin.add_time_off(db, clinic["Ana"], datetime(2026, 12, 1, 9), datetime(2026, 12, 1, 12),
                       **who)
    with db.read() as s:
        entities = list(s.scalars(select(m.AuditEntry.entity)
                                  .where(m.AuditEntry.actor == "owner")))
    assert sorted(entities) == sorted(admin.CATALOG_ENTITIES)


def test_admin_loads_without_qt():
    import subprocess
    import sys
    code = ("import sys, frontdesk.services.admin\n"
            "print(any(name.startswith('PySide6') for name in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
