"""The demo clinic's couples massages: a few pairs in the couples room in the days to come.

Booked through the booking engine's own steps (:func:`frontdesk.services.party.book`, in
the demo's transaction, a savepoint per try), not written by the bulk writer: a pair must
find two qualified therapists free together and the couples room empty, which the engine
already knows how to ask. The bulk writer leaves couples services out; single visits use
the couples room too, so a pair is booked where it is free.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput, Refused
from frontdesk.domain.status import Source
from frontdesk.services import party
from frontdesk.services.booking import BookingRequest, Partner
from frontdesk.services.booking_session import BookingSession

#: Local times a pair is tried at, each day, until one is booked: afternoons first.
TIMES = tuple(time(h, mm) for h in (15, 14, 16, 13, 17, 11, 12, 10, 18, 9)
              for mm in (0, 15, 30, 45))


def book_couples(session, rng: random.Random, now: datetime, n_clients: int,
                 days: int = 14) -> int:
    """Book one couples massage a day for ``days`` days from today (a time still to come),
    for clients drawn at random; how many visits were booked."""
    bs = BookingSession(session, actor="demo", now=lambda: now)
    service = next((s for s in bs.catalog.services.values() if s.party_size > 1), None)
    if service is None or n_clients < 2:
        return 0
    tz = bs.catalog.clinic.tz
    today = clock.to_local(now, tz).date()
    booked = 0
    for n in range(days):
        day = today + timedelta(days=n)
        for at in TIMES:
            start = datetime.combine(day, at, tzinfo=tz).astimezone(clock.UTC)
            if start <= now + timedelta(hours=1):
                continue
            first, second = rng.sample(range(1, n_clients + 1), 2)
            req = BookingRequest(service_id=service.id, start=start, client_id=first,
                                 source=Source.PHONE, partners=(Partner(client_id=second),))
            try:
                with session.begin_nested():
                    party.book(bs, req)
            except (Refused, BadInput):
                continue
            booked += service.party_size
            break
    return booked
