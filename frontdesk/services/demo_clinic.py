"""The demo clinic's services, rooms and therapists: what a real city clinic offers, where
and by whom.

Kept apart from :mod:`frontdesk.services.demo`, which fills the book, so the clinic itself
reads as one list: the services with their lengths, prices, rest and turnover, the rooms and
their features, and therapists with their own hours, breaks, skills and one week off.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import insert

from frontdesk import paths
from frontdesk.db import models as m
from frontdesk.domain import contraindications

# name, minutes, price ($), rest after, turnover after, room feature, colour
SERVICES = [
    ("Deep Tissue Massage 60", 60, 110, 15, 10, None, "#c0504d"),
    ("Deep Tissue Massage 90", 90, 150, 15, 10, None, "#a23b38"),
    ("Trigger Point Therapy 30", 30, 65, 0, 5, None, "#f79646"),
    ("Trigger Point Therapy 60", 60, 105, 10, 10, None, "#e46c0a"),
    ("Swedish Massage 60", 60, 95, 0, 10, None, "#4f81bd"),
    ("Swedish Massage 90", 90, 135, 10, 10, None, "#366092"),
    ("Hot Stone Massage 90", 90, 160, 15, 20, "hot stone", "#8064a2"),
    ("Sports Massage 60", 60, 110, 10, 10, None, "#4bacc6"),
    ("Prenatal Massage 60", 60, 105, 10, 10, "prenatal table", "#9bbb59"),
    ("Couples Swedish 60", 60, 95, 0, 15, "couples", "#5b9bd5"),
]
#: Couples services: how many clients each books together (the price is each client's).
PARTY_SIZES = {"Couples Swedish 60": 2}
#: The couples room (the third room, "Birch") and how many clients it holds.
COUPLES_ROOM, COUPLES_CAPACITY = 2, 2
ROOM_NAMES = ["Willow", "Cedar", "Birch", "Maple", "Juniper", "Aspen", "Linden", "Rowan",
              "Alder", "Hazel", "Elm", "Laurel", "Sequoia", "Magnolia", "Cypress", "Spruce",
              "Poplar", "Sycamore", "Hawthorn", "Acacia", "Olive", "Palm"]
THERAPIST_COLOURS = ["#7cb342", "#039be5", "#e53935", "#8e24aa", "#fb8c00", "#00897b",
                     "#3949ab", "#c0ca33", "#6d4c41", "#d81b60"]


def names() -> tuple[list[str], list[str]]:
    """First names and surnames to draw from, shared with the demo's clients."""
    text = paths.resource("demo/names.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    cut = lines.index("---")
    return " ".join(lines[:cut]).split(), " ".join(lines[cut + 1:]).split()


def add_services(session) -> list[m.Service]:
    out = [m.Service(name=n, minutes=mins, price_cents=price * 100, rest_after=rest,
                     turnover_after=turn, required_feature=feat, colour=col, active=True,
                     cautions=contraindications.join(contraindications.default_cautions(n)),
                     party_size=PARTY_SIZES.get(n, 1))
           for n, mins, price, rest, turn, feat, col in SERVICES]
    session.add_all(out)
    session.flush()
    return out


def add_rooms(session, count: int) -> list[m.Room]:
    out = []
    for i in range(count):
        name = ROOM_NAMES[i] if i < len(ROOM_NAMES) else f"Room {i + 1}"
        room = m.Room(name=name, colour="#b0bec5", active=True,
                      capacity=COUPLES_CAPACITY if i == COUPLES_ROOM else 1)
        session.add(room)
        out.append(room)
    session.flush()
    features = [(out[0].id, "hot stone"), (out[1].id, "prenatal table"),
                (out[2].id, "couples")]
    features += [(r.id, "hot stone") for r in out[4::5]]
    features += [(r.id, "prenatal table") for r in out[6::7]]
    session.execute(insert(m.room_features),
                    [{"room_id": r, "feature": f} for r, f in dict.fromkeys(features)])
    return out


def add_therapists(session, rng, count, services, tz, start) -> None:
    first, last = names()
    patterns = [  # (weekdays, start hour, end hour, break start hour)
        ((0, 1, 2, 3, 4), 9, 17, 13), ((1, 2, 3, 4, 5), 11, 20, 15),
        ((0, 2, 4, 5), 9, 18, 13), ((0, 1, 3, 4, 6), 10, 16, None),
        ((2, 3, 4, 5, 6), 12, 20, 16), ((0, 1, 2, 3, 4, 5), 9, 15, 12),
    ]
    skills = [
        ["Deep Tissue", "Trigger Point", "Sports", "Couples"],
        ["Swedish", "Hot Stone", "Prenatal", "Couples"],
        ["Deep Tissue", "Swedish", "Hot Stone", "Trigger Point", "Couples"],
        ["Sports", "Trigger Point"], ["Swedish", "Prenatal", "Deep Tissue", "Couples"],
        ["Deep Tissue", "Sports", "Swedish", "Hot Stone", "Couples"],
    ]
    used: set[str] = set()
    for i in range(count):
        name = ["Maya Thompson", "Daniel Okafor", "Sofía Ramírez", "Liam O'Connor",
                "Aiko Tanaka", "Grace Mensah"][i] if i < 6 else None
        while name is None or name in used:
            name = f"{rng.choice(first)} {rng.choice(last)}"
        used.add(name)
        days, h0, h1, brk = patterns[i % len(patterns)]
        if count > 6:  # a large clinic keeps long hours, every day
            days, h0, h1 = tuple(range(7)), 8, 21
        hours = [m.TherapistHours(weekday=d, starts=time(h0), ends=time(h1), kind="work")
                 for d in days]
        if brk is not None or count > 6:
            b = brk if brk is not None else 14
            hours += [m.TherapistHours(weekday=d, starts=time(b), ends=time(b, 30), kind="break")
                      for d in days]
        therapist = m.Therapist(
            name=name, colour=THERAPIST_COLOURS[i % len(THERAPIST_COLOURS)], active=True,
            services=[s for s in services
                      if any(s.name.startswith(k) for k in skills[i % len(skills)])],
            hours=hours,
        )
        if i == 3:  # one therapist has a week off coming up
            off = datetime.combine(start + timedelta(days=10), time(0), tzinfo=tz)
            therapist.time_off = [m.TimeOff(starts_at=off, ends_at=off + timedelta(days=7),
                                            reason="Vacation")]
        session.add(therapist)
    session.flush()
