"""A small clinic whose every detail the tests know, built through the real models.

Clinic: America/New_York, open every day 08:00-20:00, 15-minute slots.
Rooms: "Willow" (hot stone), "Cedar", "Birch" (inactive).
Services: "Deep Tissue 60" (60 min, rest 15, turnover 10), "Swedish 60" (60, 0, 0),
          "Hot Stone 90" (90 min, needs "hot stone", rest 15, turnover 20),
          "Trigger Point 30" (30 min, no buffers).
Therapists: "Ana" (all services, every day 09:00-17:00, break 12:00-12:30),
            "Ben" (Deep Tissue 60 and Swedish 60, Mon-Fri 10:00-18:00, no break),
            "Cleo" (inactive).
Clients: "José Núñez" (+1 212-555-0101), "Zoë Brontë" (+1 917-555-0102), "李小龍".
The clock (NOW) stands at 2026-10-01 12:00 UTC, before both DST days tests use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert

from frontdesk.db import models as m
from frontdesk.db.engine import Database, make_engine
from frontdesk.db.migrate import alembic_config
from frontdesk.domain import clock
from frontdesk.services.booking import BookingRequest
from frontdesk.services.clients import new_client
from frontdesk.services.setup import init_clinic

NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("America/New_York")


def local(text: str) -> datetime:
    """"YYYY-MM-DD HH:MM" in the clinic's zone as a UTC instant."""
    return clock.parse_local(text, TZ)


def request(clinic: ClinicBuilder, when: str | datetime, service: str = "Swedish 60", *,
            therapist: str | None = "Ana", room: str | None = "Cedar",
            client: str | int | None = "José Núñez", **kw) -> BookingRequest:
    """A booking request by the test clinic's names: ``when`` is "YYYY-MM-DD HH:MM" local
    or an instant; the client is a name, the id of a client the test made, or None (a
    walk-in); None for therapist or room leaves the choice to the engine."""
    return BookingRequest(
        service_id=clinic[service], start=local(when) if isinstance(when, str) else when,
        therapist_id=clinic[therapist] if therapist else None,
        room_id=clinic[room] if room else None,
        client_id=clinic[client] if isinstance(client, str) else client, **kw)


@dataclass
class ClinicBuilder:
    db: Database
    ids: dict[str, int] = field(default_factory=dict)

    def standard(self) -> ClinicBuilder:
        init_clinic(self.db, name="Test Clinic", timezone="America/New_York")
        with self.db.write() as s:
            s.execute(delete(m.OpeningHours))
            for d in range(7):
                s.add(m.OpeningHours(clinic_id=1, weekday=d, opens=time(8), closes=time(20)))
            rooms = {
                "Willow": m.Room(name="Willow"), "Cedar": m.Room(name="Cedar"),
                "Birch": m.Room(name="Birch", active=False),
            }
            services = {
                "Deep Tissue 60": m.Service(name="Deep Tissue 60", minutes=60, rest_after=15,
                                            turnover_after=10, price_cents=11000),
                "Swedish 60": m.Service(name="Swedish 60", minutes=60),
                "Hot Stone 90": m.Service(name="Hot Stone 90", minutes=90, rest_after=15,
                                          turnover_after=20, required_feature="hot stone"),
                "Trigger Point 30": m.Service(name="Trigger Point 30", minutes=30),
            }
            s.add_all([*rooms.values(), *services.values()])
            s.flush()
            s.execute(insert(m.room_features), [{"room_id": rooms["Willow"].id,
                                                 "feature": "hot stone"}])
            ana = m.Therapist(name="Ana", services=list(services.values()), hours=[
                *(m.TherapistHours(weekday=d, starts=time(9), ends=time(17)) for d in range(7)),
                *(m.TherapistHours(weekday=d, starts=time(12), ends=time(12, 30), kind="break")
                  for d in range(7)),
            ])
            ben = m.Therapist(
                name="Ben", services=[services["Deep Tissue 60"], services["Swedish 60"]],
                hours=[m.TherapistHours(weekday=d, starts=time(10), ends=time(18))
                       for d in range(5)])
            cleo = m.Therapist(name="Cleo", active=False, services=list(services.values()),
                               hours=[m.TherapistHours(weekday=d, starts=time(9), ends=time(17))
                                      for d in range(7)])
            s.add_all([ana, ben, cleo])
            people = [new_client(s, "José Núñez", phone="212-555-0101", at=NOW),
                      new_client(s, "Zoë Brontë", phone="+1 917 555 0102", at=NOW),
                      new_client(s, "李小龍", at=NOW)]
            s.flush()
            self.ids = {n: o.id for n, o in [*rooms.items(), *services.items(),
                                            ("Ana", ana), ("Ben", ben), ("Cleo", cleo)]}
            self.ids |= {p.name: p.id for p in people}
        return self

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def set_schema(url: str, revision: str, *, down: bool = False) -> None:
    """Take the book at ``url`` to schema ``revision`` with Alembic (up from nothing, or
    ``down`` from where it is): the book an older frontdesk left, for upgrade tests."""
    from alembic import command

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            (command.downgrade if down else command.upgrade)(alembic_config(conn), revision)
    finally:
        engine.dispose()
