"""What each command does: parse its words, call a service, print the answer.

No booking rule lives here; names become ids, text becomes instants, and the services decide.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from frontdesk.cli import couples
from frontdesk.cli.signin import actor_of, sign_in
from frontdesk.db import models as m
from frontdesk.db.engine import Database
from frontdesk.db.migrate import open_database
from frontdesk.domain import clock
from frontdesk.domain.errors import BadInput
from frontdesk.domain.recurrence import Repeat
from frontdesk.domain.status import Source, Status
from frontdesk.domain.text import printable
from frontdesk.environment import now_source
from frontdesk.services import availability, clients, schedule, series
from frontdesk.services.booking import BookingRequest, Bookings, Change, NewClient
from frontdesk.services.catalog import Catalog, load_catalog
from frontdesk.services.daysheet import gather
from frontdesk.services.demo import build_demo
from frontdesk.services.setup import ensure_clinic, init_clinic

#: The money commands, in cli/money_commands.py (besides gift_* and fee_*).
MONEY_COMMANDS = ("checkout", "receipt", "void", "refund", "money_")

#: The longest span a listing or search covers: ten years of days.
MAX_DAYS = 3660


def _opened(args, db: Database) -> Database:
    """Noted on the command's arguments, for ``main`` to close when the command ends: a
    PostgreSQL connection is closed, not left to the garbage collector."""
    args.databases = [*getattr(args, "databases", []), db]
    return db


def _open(args) -> Database:
    """The existing book (only init, demo and the window may start a new one), signed in
    on when it has staff accounts (see frontdesk.cli.signin)."""
    db = _opened(args, open_database(args.db, create=False))
    ensure_clinic(db)
    sign_in(args, db)
    return db


def _emit(args, data, lines: list[str]) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for line in lines:  # a name with an escape sequence must not act on the screen
            print(printable(line))


def _catalog(db: Database) -> Catalog:
    with db.read() as session:
        return load_catalog(session)


def _appt_line(a: schedule.AppointmentView, tz) -> str:
    start = clock.to_local(a.start, tz)
    flag = f" [override: {a.override_reason}]" if a.override_reason else ""
    return (f"#{a.id:<7} {start:%Y-%m-%d %H:%M}-{clock.to_local(a.end, tz):%H:%M}  "
            f"{a.status.label:<11} {a.service:<26} {a.therapist:<18} {a.room:<10} "
            f"{a.client}{flag}")


# -- commands ------------------------------------------------------------------------------

def gui(args) -> int:
    from frontdesk.app import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(args.db)


def init(args) -> int:
    db = _opened(args, open_database(args.db))
    sign_in(args, db)
    clinic = init_clinic(db, name=args.name, timezone=args.timezone, keep=args.keep,
                         actor=db.staff.name if db.staff else "setup")
    _emit(args, {"name": clinic.name, "timezone": clinic.timezone, "database": db.url},
          [f"{clinic.name} ({clinic.timezone}) is ready in {db.url}"])
    return 0


def demo(args) -> int:
    db = _opened(args, open_database(args.db))
    ensure_clinic(db)
    sign_in(args, db)
    start = clock.parse_date(args.start, "start") if args.start else None
    quiet = getattr(args, "json", False)
    summary = build_demo(db, args.scale, start, now=now_source()(),
                         progress=(lambda _m: None) if quiet else
                         (lambda msg: print(f"  {msg}...", file=sys.stderr)))
    data = {k: getattr(summary, k) for k in ("therapists", "rooms", "services", "clients",
                                             "appointments")}
    data |= {"first_day": summary.first_day.isoformat(), "last_day": summary.last_day.isoformat()}
    _emit(args, data, [
        f"demo clinic: {summary.therapists} therapists, {summary.rooms} rooms, "
        f"{summary.services} services, {summary.clients:,} clients, "
        f"{summary.appointments:,} appointments from {summary.first_day} to {summary.last_day}"])
    return 0


def list_(args) -> int:
    db = _open(args)
    catalog = _catalog(db)
    tz = catalog.clinic.tz
    if args.what == "therapists":
        names = {s.id: s.name for s in catalog.services.values()}
        rows = [{"id": t.id, "name": t.name, "active": t.active,
                 "services": sorted(names[i] for i in t.service_ids)}
                for t in catalog.therapists.values()]
        lines = [f"#{r['id']:<4} {r['name']:<22} {', '.join(r['services'])}" for r in rows]
    elif args.what == "rooms":
        rows = [{"id": r.id, "name": r.name, "active": r.active, "features": sorted(r.features),
                 "capacity": r.capacity} for r in catalog.rooms.values()]
        lines = [f"#{r['id']:<4} {r['name']:<14} {', '.join(r['features'])}"
                 + (f"  (holds {r['capacity']})" if r["capacity"] > 1 else "") for r in rows]
    elif args.what == "services":
        with db.read() as session:
            prices = dict(session.execute(select(m.Service.id, m.Service.price_cents)).all())
        rows = [{"id": s.id, "name": s.name, "minutes": s.minutes,
                 "price": prices[s.id] / 100, "rest_after": s.rest_after,
                 "turnover_after": s.turnover_after, "required_feature": s.required_feature,
                 "active": s.active, "party_size": s.party_size}
                for s in catalog.services.values()]
        lines = [f"#{r['id']:<4} {r['name']:<26} {r['minutes']:>3} min  ${r['price']:>7.2f}"
                 + (f"  (couples: {r['party_size']} clients)" if r["party_size"] > 1 else "")
                 for r in rows]
    elif args.what == "clients":
        with db.read() as session:
            if args.search:
                found = clients.search(session, args.search, limit=200)
            else:
                # Merged cards are gone (their number finds the card kept); deactivated
                # ones are listed, marked.
                found = clients.screened(session, [clients.view(c) for c in session.scalars(
                    select(m.Client).where(m.Client.merged_into_id.is_(None))
                    .order_by(m.Client.search_key, m.Client.id)
                    .options(selectinload(m.Client.phones),
                             selectinload(m.Client.flags)))])
        rows = [c.as_json() | {"active": c.active} for c in found]
        lines = [f"#{c.id:<7} {c.name:<28} {c.phone}" + ("" if c.active else "  (deactivated)")
                 for c in found]
    else:
        first = (clock.parse_date(args.date) if args.date is not None
                 else clock.to_local(now_source()(), tz).date())
        if not 1 <= args.days <= MAX_DAYS:
            raise BadInput(f"--days must be from 1 to {MAX_DAYS}", "days")
        filters = {}
        if args.therapist:
            filters["therapist_id"] = catalog.therapist(args.therapist).id
        if args.room:
            filters["room_id"] = catalog.room(args.room).id
        with db.read() as session:
            found = schedule.days(session, first, args.days, tz, **filters)
        rows = [a.as_json(tz) for a in found]
        paired = couples.notes(db, found)
        lines = ([_appt_line(a, tz) + paired.get(a.id, "") for a in found]
                 or [f"no appointments from {first}"])
    _emit(args, rows, lines)
    return 0


def _resolve_client(db: Database, text: str) -> tuple[int, str]:
    with db.read() as session:
        client = clients.resolve(session, text)
        return client.id, client.name


def book(args) -> int:
    db = _open(args)
    catalog = _catalog(db)
    tz = catalog.clinic.tz
    if args.new_client is not None and not args.new_client.strip():
        raise BadInput("a client needs a name", "client")
    if args.client is not None and not args.client.strip():
        raise BadInput("say which client: a name or phone digits", "client")
    if args.phone and not args.new_client:
        raise BadInput("--phone goes with --new-client", "phone")
    if args.allow_duplicate and not args.new_client:
        raise BadInput("--allow-duplicate goes with --new-client", "client")
    service = catalog.service(args.service)
    req = BookingRequest(
        service_id=service.id,
        start=clock.parse_local(args.start, tz),
        therapist_id=catalog.therapist(args.therapist).id if args.therapist else None,
        room_id=catalog.room(args.room).id if args.room else None,
        minutes=args.minutes,
        source=Source(args.source),
        notes=args.notes,
        override=args.override, acknowledge=args.acknowledge,
        client_id=_resolve_client(db, args.client)[0] if args.client else None,
        new_client=(NewClient(args.new_client, args.phone or "", args.email or "",
                              allow_duplicate=args.allow_duplicate)
                    if args.new_client else None),
        partners=couples.partner(args, db, catalog),
    )
    bookings = Bookings(db, actor_of(db), now_source())
    if args.repeat:
        return _book_series(args, bookings, req, tz)
    if args.count is not None or args.until is not None or args.every != 1:
        raise BadInput("--every, --count and --until go with --repeat weekly", "repeat")
    party = bookings.book_party(req)
    appt, others = party[0], party[1:]
    _emit(args, couples.as_json(appt, others, tz) if others else appt.as_json(tz),
          [f"booked {_appt_line(a, tz)}" + ("  " + schedule.with_partners(
              [o for o in party if o is not a]) if others else "") for a in party])
    return 0


def _book_series(args, bookings: Bookings, req: BookingRequest, tz) -> int:
    """Book a standing appointment; exit 0 when every visit booked, 3 when any was refused."""
    repeat = Repeat(every_weeks=args.every, count=args.count,
                    until=clock.parse_date(args.until, "until") if args.until else None)
    outcomes = series.book(bookings, req, series.starts(bookings, req.start, repeat),
                           repeat.every_weeks)
    lines = [(f"booked {_appt_line(o.appointment, tz)}" if o.booked else
              f"refused {clock.format_local(o.start, tz)}: {o.reason}")
             + (f" — note: {o.note}" if o.note else "") for o in outcomes]
    done = sum(o.booked for o in outcomes)
    lines.append(f"{done} of {len(outcomes)} visits booked ({repeat.describe()})")
    _emit(args, [o.as_json(tz) for o in outcomes], lines)
    return 0 if done == len(outcomes) else 3


def find(args) -> int:
    db = _open(args)
    catalog = _catalog(db)
    tz = catalog.clinic.tz
    if not (1 <= args.count <= 1000 and 1 <= args.days <= MAX_DAYS):
        raise BadInput(f"--count must be from 1 to 1000 and --days from 1 to {MAX_DAYS}",
                       "count")
    client_id, client_name = _resolve_client(db, args.client) if args.client else (None, "")
    latest = None
    if args.today_only:
        latest = clock.day_bounds(clock.to_local(now_source()(), tz).date(), tz)[1]
    query = availability.Query(
        service_id=catalog.service(args.service).id,
        earliest=clock.parse_local(args.start, tz, "from") if args.start else None,
        therapist_id=catalog.therapist(args.therapist).id if args.therapist else None,
        room_id=catalog.room(args.room).id if args.room else None,
        client_id=client_id, client_name=client_name, days=args.days, count=args.count,
        latest=latest, window=availability.PARTS_OF_DAY.get(args.part or ""),
    )
    options = availability.find(db, query, now_source())
    lines = [f"{clock.format_local(o.start, tz)}-{clock.to_local(o.end, tz):%H:%M}  "
             f"{o.therapists:<20} {o.room}" for o in options]
    _emit(args, [o.as_json(tz) for o in options],
          lines or ["nothing free later today" if args.today_only
                    else f"nothing free in the next {args.days} days"])
    return 0


def move(args) -> int:
    db = _open(args)
    catalog = _catalog(db)
    tz = catalog.clinic.tz
    change = Change(
        start=clock.parse_local(args.start, tz) if args.start else None,
        minutes=args.minutes,
        therapist_id=catalog.therapist(args.therapist).id if args.therapist else None,
        room_id=catalog.room(args.room).id if args.room else None,
        override=args.override,
    )
    if change == Change(override=args.override):
        raise BadInput("say what to change: --start, --minutes, --therapist or --room", "start")
    appt = Bookings(db, actor_of(db), now_source()).change(args.id, change)
    _emit(args, appt.as_json(tz), [f"changed {_appt_line(appt, tz)}"])
    return 0


def cancel(args) -> int:
    db = _open(args)
    tz = _catalog(db).clinic.tz
    if args.late:
        from frontdesk.cli.money_commands import mark_with_fee

        return mark_with_fee(args, db, Status.LATE_CANCEL, "cancelled")
    if args.fee:
        raise BadInput("a fee goes with a late cancellation (--late)", "fee")
    appt = Bookings(db, actor_of(db), now_source()).cancel(args.id, args.reason, late=args.late)
    _emit(args, appt.as_json(tz), [f"cancelled {_appt_line(appt, tz)}"])
    return 0


def status(args) -> int:
    new = Status.parse(args.status)
    db = _open(args)
    tz = _catalog(db).clinic.tz
    if new in (Status.NO_SHOW, Status.LATE_CANCEL):
        from frontdesk.cli.money_commands import mark_with_fee

        return mark_with_fee(args, db, new, new.label + ":")
    if args.fee:
        raise BadInput("a fee goes with a no-show or a late cancellation", "fee")
    appt = Bookings(db, actor_of(db), now_source()).set_status(args.id, new, reason=args.reason,
                                                          override=args.override)
    _emit(args, appt.as_json(tz), [f"{new.label}: {_appt_line(appt, tz)}"])
    return 0




def export(args) -> int:
    """Write a sheet; a long one shows its progress on a terminal and stops on Ctrl+C,
    leaving no file behind."""
    from frontdesk.export import writer  # icalendar loads only for an export

    fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
    if fmt not in writer.FORMATS:
        raise BadInput(f"say --format ({', '.join(writer.FORMATS)}): the output "
                       f"{args.output!r} does not tell", "format")
    writer.check_target(fmt, args.output)
    db = _open(args)
    catalog = _catalog(db)
    tz = catalog.clinic.tz
    first = (clock.parse_date(args.date) if args.date is not None
             else clock.to_local(now_source()(), tz).date())
    with db.read() as session:
        sheet = gather(session, catalog, first, args.days,
                       therapist_id=catalog.therapist(args.therapist).id if args.therapist
                       else None,
                       room_id=catalog.room(args.room).id if args.room else None,
                       private=args.private, layout=fmt == "pdf", now=now_source()())
    progress = _progress if args.days > 1 and sys.stderr.isatty() else None
    count = writer.write(sheet, fmt, args.output, paper=args.paper, layout=args.layout,
                         progress=progress)
    if progress:
        print(file=sys.stderr)
    if args.output != "-":
        what = f"{count} page{'s' * (count != 1)}" if fmt == "pdf" else \
            f"{count} appointment{'s' * (count != 1)}"
        print(f"wrote {args.output}: {what}, {args.days} day{'s' * (args.days != 1)} "
              f"from {first} ({sheet.title})")
    return 0


def _progress(done: int, total: int) -> bool:
    print(f"\rexporting: day {done} of {total}", end="", file=sys.stderr, flush=True)
    return True


def publish(args) -> int:
    from frontdesk.export.publish import publish as write_calendars

    if not args.folder.strip():  # Path("") is the current folder: never meant
        raise BadInput("--folder is empty: name the folder to publish into", "folder")
    db = _open(args)
    tz = _catalog(db).clinic.tz
    done = write_calendars(db, Path(args.folder), now_source()(), private=args.private)
    rows = [{"therapist": p.therapist, "file": str(p.path), "events": p.events,
             "written": p.written} for p in done]
    _emit(args, rows, [f"{'wrote' if p.written else 'unchanged'} {p.path.name}: "
                       f"{p.events} events ({p.therapist})" for p in done]
          or [f"no therapists to publish ({tz.key})"])
    return 0


def __getattr__(name: str):
    """``client_add`` and the other card commands live in cli/client_commands.py (which
    builds on this module), ``connect`` in cli/connect_command.py, ``backup``, ``restore``,
    ``backups`` and ``check`` in cli/backup_commands.py, ``audit`` in cli/audit_command.py,
    ``user_*`` in cli/user_commands.py, ``import_clients`` in cli/client_import_command.py,
    ``import_latepoint`` in cli/latepoint_command.py, ``close_day`` in cli/close_command.py,
    ``report`` in cli/report_command.py;
    main() finds every command here."""
    if name.startswith("user_"):
        from frontdesk.cli import user_commands

        return getattr(user_commands, name)
    if name.startswith("client_"):
        from frontdesk.cli import client_commands

        return getattr(client_commands, name)
    if name in ("backup", "restore", "backups_list", "check"):
        from frontdesk.cli import backup_commands

        return getattr(backup_commands, name)
    if name == "connect":
        from frontdesk.cli import connect_command

        return connect_command.connect
    if name == "import_clients":
        from frontdesk.cli import client_import_command

        return client_import_command.import_clients
    if name == "audit":
        from frontdesk.cli import audit_command

        return audit_command.audit
    if name == "close_day":
        from frontdesk.cli import close_command

        return close_command.close_day
    if name == "report":
        from frontdesk.cli import report_command

        return report_command.report
    if name == "import_latepoint":
        from frontdesk.cli import latepoint_command

        return latepoint_command.import_latepoint
    if name in MONEY_COMMANDS or name.startswith(("gift_", "fee_")):
        from frontdesk.cli import money_commands

        return getattr(money_commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
