"""``frontdesk client add|edit|merge|deactivate|reactivate|export|erase``: client cards on the
command line.

A card is named as everywhere else (a name, phone digits, or its number as ``list clients``
prints it: ``302`` or ``#302``). Adding a card like an existing one (same phone or e-mail,
near-identical name) is refused with exit 2 naming that card, unless ``--allow-duplicate``.
The services decide; this module turns words into their arguments and prints the answer.

``export`` writes a client's own file (JSON or PDF); ``erase`` erases a client's data on
their request, after saying what it will do and asking (``--yes`` for scripts).
"""

from __future__ import annotations

import sys
from datetime import UTC

from frontdesk.cli.commands import _emit, _open
from frontdesk.cli.signin import actor_of
from frontdesk.domain.errors import BadInput
from frontdesk.environment import now_source
from frontdesk.services import client_cards, client_file, client_record, clients, erasure
from frontdesk.services.clients import ClientView


def _line(verb: str, c: ClientView) -> str:
    state = "" if c.active else "  (deactivated)"
    return f"{verb} #{c.id} {c.name}" + (f"  {c.phone}" if c.phone else "") + state


def _json(c: ClientView) -> dict:
    return c.as_json() | {"active": c.active}


def _flags(text: str | None) -> list[str] | None:
    """"pregnancy, diabetes" as a list; None when not given (keep), [] for "" (clear)."""
    if text is None:
        return None
    return [f.strip() for f in text.split(",") if f.strip()]


def _card(db, text: str) -> int:
    if not (text or "").strip():
        raise BadInput("say which client: a name, phone digits or #number", "client")
    with db.read() as session:
        return clients.resolve(session, text).id


def client_add(args) -> int:
    db = _open(args)
    card = client_cards.add(db, args.name, phone=args.phone or "", email=args.email or "",
                            notes=args.notes or "", alert=args.alert or "",
                            flags=tuple(_flags(args.flags) or ()),
                            allow_duplicate=args.allow_duplicate, actor=actor_of(db),
                            now=now_source())
    _emit(args, _json(card), [_line("added", card)])
    return 0


def client_edit(args) -> int:
    """Change the fields given; the others stay as they are."""
    db = _open(args)
    client_id = _card(db, args.client)
    with db.read() as session:
        # Only the card's fields are used: the summary's zone is moot.
        rec = client_record.record(session, client_id, UTC, limit=0)
    flags = _flags(args.flags)
    client_record.update_client(
        db, client_id,
        name=rec.name if args.name is None else args.name,
        phone=rec.phone if args.phone is None else args.phone,
        email=rec.email if args.email is None else args.email,
        notes=rec.notes if args.notes is None else args.notes,
        alert=rec.alert if args.alert is None else args.alert,
        flags=list(rec.flags) if flags is None else flags,
        actor=actor_of(db), at=now_source()(), expected=rec)
    with db.read() as session:
        card = clients.card(session, client_id)
    assert card is not None  # just written
    _emit(args, _json(card), [_line("saved", card)])
    return 0


def client_merge(args) -> int:
    db = _open(args)
    kept, gone = _card(db, args.kept), _card(db, args.merged)
    done = client_cards.merge(db, kept, gone, actor=actor_of(db), now=now_source())
    moved = (f"{done.appointments} appointments, {done.waitlist} waitlist entries, "
             f"{done.phones} phones, {done.flags} flags moved")
    _emit(args, _json(done.kept) | {"merged": gone, "moved": {
        "appointments": done.appointments, "waitlist": done.waitlist,
        "phones": done.phones, "flags": done.flags}},
        [f"merged #{gone} into #{done.kept.id} {done.kept.name}: {moved}"])
    return 0


def client_deactivate(args) -> int:
    return _set_active(args, False)


def client_reactivate(args) -> int:
    return _set_active(args, True)


def _set_active(args, active: bool) -> int:
    db = _open(args)
    card = client_cards.set_active(db, _card(db, args.client), active, actor=actor_of(db),
                                   now=now_source())
    _emit(args, _json(card), [_line("reactivated" if active else "deactivated", card)])
    return 0


def client_export(args) -> int:
    from frontdesk.export import client_file as writer  # Qt loads only for a PDF

    fmt = writer.format_for(args.output, args.format)
    writer.check_target(fmt, args.output)
    db = _open(args)
    client_id = _card(db, args.client)
    with db.read() as session:
        found = client_file.gather(session, client_id, now_source()())
    count = writer.write(found, fmt, args.output)
    if args.output == "-":
        return 0
    size = f"{count} page{'s' * (count != 1)}" if fmt == "pdf" else f"{count:,} bytes"
    _emit(args, {"file": args.output, "format": fmt, "client": found.id,
                 "visits": len(found.visits), "waitlist": len(found.waitlist),
                 "audit_entries": len(found.audit)},
          [f"wrote {args.output}: {size}; client #{found.id}, {len(found.visits)} visits, "
           f"{len(found.waitlist)} waitlist entries, {len(found.audit)} audit entries"])
    return 0


def client_erase(args) -> int:
    """Say what erasing will do and ask, unless ``--yes``; then erase."""
    db = _open(args)
    client_id = _card(db, args.client)
    now = now_source()
    with db.read() as session:
        plan = erasure.preview(session, client_id, now())
    if not args.yes and not plan.under_way:  # an erase that will be refused is not asked
        print(f"frontdesk: erasing {plan.describe()}.", file=sys.stderr)
        print("This cannot be undone. Erase? Type yes: ", end="", file=sys.stderr, flush=True)
        if sys.stdin.readline().strip().lower() not in ("yes", "y"):
            print("frontdesk: nothing was erased", file=sys.stderr)
            return 1
    done = erasure.erase(db, client_id, actor=actor_of(db), now=now)
    cancelled = f" ({', '.join(f'#{i}' for i in done.cancelled)})" if done.cancelled else ""
    _emit(args, done.as_json(), [
        f"erased #{done.id}: now \"{done.name}\"; {done.kept} past visits kept as counts, "
        f"{len(done.cancelled)} to come cancelled{cancelled}, {done.waitlist} waitlist "
        f"entries removed, {done.redacted} earlier audit entries redacted"])
    return 0
