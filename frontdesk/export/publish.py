"""Each therapist's calendar as an .ics file in a folder, kept up to date for subscribers.

A phone or a calendar app subscribes to ``ana.ics`` in a shared or synced folder (or one a
web server serves) and sees her visits from two weeks back to three months ahead. Files are
rewritten only when their content changed, and atomically, so a reader never gets half a
file; the window publishes after every change it notices, ``frontdesk publish`` on demand.
Like every file frontdesk writes, a calendar is its owner's only (0600): a sync client or a
web server reading the folder must run as the same account.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from frontdesk import private as owner_only
from frontdesk.db.engine import Database
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.domain.text import fold
from frontdesk.export.files import replacing, same_content
from frontdesk.services.catalog import load_catalog
from frontdesk.services.daysheet import Sheet, SheetDay, gather

#: The span a published calendar covers, around today.
DAYS_BACK = 14
DAYS_AHEAD = 90


@dataclass(frozen=True)
class Published:
    therapist: str
    path: Path
    events: int
    #: False when the file already held exactly this calendar (nothing rewritten).
    written: bool


def file_name(name: str, therapist_id: int) -> str:
    """"José Núñez" -> "jose-nunez.ics": plain letters, safe on every file system and in a
    URL; a name with no such letters (李小龍) becomes "therapist-7.ics"."""
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in fold(name))
                    .split())
    return f"{slug or f'therapist-{therapist_id}'}.ics"


def file_names(therapists: dict[int, str]) -> dict[int, str]:
    """Each therapist's file; two names that fold alike ("Ana", "Aña") get their ids added,
    decided from the whole list so a name never depends on what else was published."""
    plain = {t: file_name(name, t) for t, name in therapists.items()}
    taken = Counter(plain.values())
    return {t: f if taken[f] == 1 else f"{Path(f).stem}-{t}.ics" for t, f in plain.items()}


def sheets(db: Database, today: date, *, private: bool = False, now: datetime | None = None,
           therapist_ids: Iterable[int] | None = None) -> list[tuple[int, Sheet]]:
    """One sheet per therapist in use (or with visits in the span), or per therapist named.

    Everyone's is read in one query; a few named therapists' in one query each (after a
    change only the calendars it touched are made again: each event costs a quarter of a
    millisecond, and a large clinic's calendars hold twelve thousand)."""
    first, days = today - timedelta(days=DAYS_BACK), DAYS_BACK + DAYS_AHEAD + 1
    with db.read() as session:
        catalog = load_catalog(session)
        if therapist_ids is not None:
            return [(t, gather(session, catalog, first, days, therapist_id=t, private=private,
                               layout=False, now=now))
                    for t in sorted(set(therapist_ids)) if t in catalog.therapists]
        whole = gather(session, catalog, first, days, private=private, layout=False, now=now)
    busy = {v.appt.therapist_id for v in whole.visits}
    out = []
    for t in catalog.therapists.values():
        if not (t.active or t.id in busy):
            continue
        mine = tuple(SheetDay(d.day, tuple(v for v in d.visits if v.appt.therapist_id == t.id))
                     for d in whole.days)
        out.append((t.id, dataclasses.replace(whole, scope="therapist", name=t.name,
                                              days=mine)))
    return out


def publish(db: Database, folder: Path, now: datetime, *, private: bool = False,
            therapist_ids: Iterable[int] | None = None) -> list[Published]:
    """Write every therapist's calendar (or only those of ``therapist_ids``) into
    ``folder``; returns what each file holds."""
    from frontdesk.export import ics  # the calendar library loads when a calendar is written

    folder = Path(folder)
    if not folder.is_dir():
        raise BadInput(f"no folder {folder} to publish calendars in", "folder")
    with db.read() as session:
        catalog = load_catalog(session)
    names = file_names({t.id: t.name for t in catalog.therapists.values()})
    today = clock.to_local(now, catalog.clinic.tz).date()
    done = []
    for therapist_id, sheet in sheets(db, today, private=private, now=now,
                                      therapist_ids=therapist_ids):
        name = names[therapist_id]
        data = ics.to_bytes(sheet)
        path = folder / name
        written = not same_content(path, data)
        if written:
            with replacing(path) as temp:
                temp.write_bytes(data)
        else:
            owner_only.tighten(path)  # an older version's calendar, made readable by all
        done.append(Published(sheet.name, path, len(sheet.visits), written))
    return done
