"""Zoë Brontë's history in the test clinic: all a book can hold about one client, made through
the services, for her file to be exported and her data erased.

Her card is edited (e-mail, notes, alert, a contraindication with a note); an older card of
hers is merged into it; four visits are booked on 2026-10-01 at 10:00 with Ana: Mon 5 Oct in
Cedar (notes; completed), Tue 6 (cancelled with a reason), Tue 20 in Cedar (notes; still to
come) and Wed 21 (booked, then withdrawn: undone at the desk, kept only in the audit trail).
José is booked with Ana over her Tue 20 visit, overriding the double-booking, so his visit's
record of what it booked over names her. She waits for mornings on the waitlist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from frontdesk.domain.status import Status
from frontdesk.services import client_cards, waitlist
from frontdesk.services.booking import BookingRequest, Bookings
from frontdesk.services.client_record import update_client
from tests.helpers import local

#: The day her data is erased (and her file read): between her past and future visits.
LATER = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)

EMAIL = "zoe@bronte.example"
#: Every trace of her that must be gone once erased, as plain ASCII (an audit entry's JSON
#: holds "Zoë" as "Zo\\u00eb", these stay the same in either form).
SECRETS = ("Bront", "bronte.example", "9175550102", "2010555719", "Prefers silence",
           "almond", "due in May", "Left shoulder", "mother was ill", "pregnancy pillow",
           "withdrawn note", "school run", "old card", "zoe.old")


@dataclass
class Story:
    zoe: int
    old_card: int
    jose: int
    visits: dict[str, int]  # "05", "06", "20", "21" (withdrawn), "jose"
    wish: int


def zoe_story(db, clinic) -> Story:
    bookings = Bookings(db, actor="desk-a", now=lambda: datetime(2026, 10, 1, 12, tzinfo=UTC))
    zoe = clinic["Zoë Brontë"]
    update_client(db, zoe, name="Zoë Brontë", phone="+1 917-555-0102", email=EMAIL,
                  notes="Prefers silence during the massage", alert="Allergic to almond oil",
                  flags=[("pregnancy", "due in May")], actor="desk-a")
    old = client_cards.add(db, "Zoe Bronte", email="zoe.old@bronte.example",
                           notes="old card from the paper book", allow_duplicate=True,
                           actor="desk-a")
    client_cards.merge(db, zoe, old.id, actor="desk-a")

    def book(day: str, room: str = "Cedar", **kw) -> int:
        return bookings.book(BookingRequest(
            service_id=clinic["Swedish 60"], start=local(f"2026-10-{day} 10:00"),
            therapist_id=clinic["Ana"], room_id=clinic[room], client_id=zoe, **kw)).id

    visits = {"05": book("05", notes="Left shoulder pain"), "06": book("06"),
              "20": book("20", notes="bring the pregnancy pillow"),
              "21": book("21", notes="a withdrawn note")}
    bookings.withdraw(visits["21"])
    visits["jose"] = bookings.book(BookingRequest(
        service_id=clinic["Swedish 60"], start=local("2026-10-20 10:00"),
        therapist_id=clinic["Ana"], room_id=clinic["Willow"], client_id=clinic["José Núñez"],
        override="Ana takes two at once for a training day")).id
    later = Bookings(db, actor="desk-b", now=lambda: LATER)
    later.set_status(visits["05"], Status.ARRIVED)
    later.set_status(visits["05"], Status.COMPLETED)
    later.cancel(visits["06"], "her mother was ill")
    wish = waitlist.add(db, waitlist.Wish(client_id=zoe, service_id=clinic["Swedish 60"],
                                          therapist_id=clinic["Ana"], weekdays=frozenset({0}),
                                          earliest=time(9), latest=time(11),
                                          note="mornings, after the school run"),
                        actor="desk-a")
    return Story(zoe, old.id, clinic["José Núñez"], visits, wish)


def web_bookings(db, tmp_path) -> dict[str, str]:
    """The website's bookings for her, imported from a LatePoint export (exported 1 Oct):
    one booked (matched by her phone), one refused (by her e-mail, on her own Tue 20 visit),
    and José's, which is not hers. Returns the outcome by LatePoint ID."""
    from datetime import date

    from frontdesk.services import latepoint
    from frontdesk.services.latepoint_file import read_export
    from tests.latepoint_files import web_row, write_export

    path = write_export(tmp_path / "web.csv", [
        web_row("901", "October 22, 10:00am", customer="Zoë Brontë", phone="(917) 555-0102"),
        web_row("902", "October 20, 10:00am", customer="Zoe B.", phone="",
                email="Zoe@Bronte.Example"),
        web_row("903", "October 23, 10:00am", customer="José Núñez", phone="212 555 0101"),
    ])
    report = latepoint.run(db, read_export(path, date(2026, 10, 1)), actor="desk-a",
                           now=lambda: datetime(2026, 10, 1, 12, tzinfo=UTC))
    return {r.web_id: r.outcome for r in report.results}
