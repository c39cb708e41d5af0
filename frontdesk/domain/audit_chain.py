"""The audit trail's hash chain: how an entry is sealed, and how a trail is verified.

Each entry carries the hash of the entry before it (``prev_hash``; the first one
:data:`GENESIS`) and its own ``hash``: SHA-256 over a canonical serialisation of its whole
content — id, instant, actor, action, entity, entity id, the before and after JSON — and
that previous hash. So an entry edited in place no longer matches its own hash, and an
entry removed (or slipped in) leaves the next one pointing at a hash that is not the one
before it.

What a chain cannot show by itself: the *last* entries removed (what is left is still a
whole chain), or a trail rewritten and sealed again from the edit on by someone who knows
this rule (there is no secret in it; anyone may recompute it). Both are caught only against
a hash kept elsewhere: :func:`verify` takes one (an :class:`Anchor`, kept beside the book's
backups each time one is taken) and says when the trail no longer reaches it or differs.

Plain Python: the services write entries with :func:`seal`; ``frontdesk check`` reads the
trail in id order and asks :func:`verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from frontdesk.domain.invariants import Breach

#: The previous hash of the first entry of a trail.
GENESIS = "0" * 64
#: The action of the entry that says the trail was sealed again from some entry on: an
#: erasure rewrote entries there (the one legitimate rewrite; its ``after`` holds ``from``,
#: ``to``, ``rewritten`` and ``breaks_before``, the breaks the span had before).
RESEALED = "reseal"


@dataclass(frozen=True)
class Link:
    """One audit entry as stored: its content, the hash it follows and its own."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: Any
    after: Any
    prev_hash: str | None
    hash: str | None


@dataclass(frozen=True)
class Anchor:
    """The trail's last entry as it stood at some moment, kept outside the book: the trail
    must still hold entry ``id`` with this ``hash``. ``kept`` says when, for people."""

    id: int
    hash: str
    kept: str = ""


def plain(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (tuples become lists, keys strings),
    so that the hash taken before writing is the hash of what is read."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False))


def canonical(link: Link) -> bytes:
    """The bytes an entry's hash is taken over: one JSON object, keys sorted, no spaces,
    UTF-8, the instant in UTC to the microsecond. Never to change: every book's seals are
    taken over it."""
    at = link.at.astimezone(UTC) if link.at.tzinfo else link.at.replace(tzinfo=UTC)
    return json.dumps({
        "id": link.id, "at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "actor": link.actor,
        "action": link.action, "entity": link.entity, "entity_id": link.entity_id,
        "before": link.before, "after": link.after, "prev_hash": link.prev_hash,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def seal(link: Link) -> str:
    """The hash ``link`` must carry (its own ``hash`` is not part of it)."""
    return hashlib.sha256(canonical(link)).hexdigest()


@dataclass
class Tip:
    """Where a verified trail ends: its last entry's id and hash (none: an empty trail),
    and how many entries were read."""

    id: int | None = None
    hash: str = GENESIS
    entries: int = 0


def verify(links: Iterable[Link], anchor: Anchor | None = None,
           tip: Tip | None = None) -> Iterator[Breach]:
    """Every break in ``links`` (in id order): an entry whose content no longer matches its
    hash, one that does not follow the entry before it (one removed or put in between), an
    entry never sealed; and, given an ``anchor``, a trail that no longer holds the entry it
    names as it was (its last entries removed, or rewritten). ``tip`` (when given) is
    filled in as the trail is read."""
    tip = tip if tip is not None else Tip()
    reached = anchor is None
    kept_differs: Breach | None = None  # said at the end, unless an erasure re-sealed it
    for link in links:
        if link.action == RESEALED and link.entity == "audit_log" \
                and isinstance(link.after, dict):
            yield from _resealed(link)
            if kept_differs is not None and anchor is not None \
                    and link.after.get("from", anchor.id + 1) <= anchor.id:
                kept_differs = None
        if not link.hash or not link.prev_hash:
            yield Breach("audit_unsealed", f"audit entry #{link.id} is not sealed: it was "
                         "written around the program")
        elif seal(link) != link.hash:
            yield Breach("audit_edited", f"audit entry #{link.id} was changed after it was "
                         "written: its content no longer matches its seal")
        if link.prev_hash and link.prev_hash != tip.hash:
            yield _gap(tip.id, link.id)
        if anchor is not None and link.id == anchor.id:
            reached = True
            if link.hash != anchor.hash:
                kept_differs = Breach(
                    "audit_rewritten", f"audit entry #{link.id} is not the one the trail "
                    f"ended with {anchor.kept}: the trail was rewritten from there, or the "
                    "book replaced by an older copy")
        tip.id, tip.hash, tip.entries = link.id, link.hash or "", tip.entries + 1
    if kept_differs is not None:
        yield kept_differs
    if not reached and anchor is not None and (tip.id is None or tip.id < anchor.id):
        yield Breach("audit_tail", f"the audit trail ends at {_entry(tip.id)}, but it "
                     f"held entry #{anchor.id} {anchor.kept}: its last entries were removed")


def _resealed(link: Link) -> Iterator[Breach]:
    """An erasure's re-sealing keeps the count of breaks it sealed over: each is a problem
    still (the backups from before it show them)."""
    breaks = link.after.get("breaks_before", 0) if isinstance(link.after, dict) else 0
    if isinstance(breaks, int) and breaks > 0:
        at = link.at.astimezone(UTC) if link.at.tzinfo else link.at
        yield Breach("audit_resealed", f"audit entry #{link.id}: an erasure sealed the trail "
                     f"again from #{link.after.get('from')} on {at:%Y-%m-%d} over {breaks} "
                     f"break{'s' * (breaks != 1)} it had then (entries edited or removed "
                     "before it; the backups from before it show them)")


def _gap(before: int | None, after: int) -> Breach:
    if before is None:
        return Breach("audit_gap", f"the audit trail's first entries were removed: it "
                      f"begins at #{after}, which follows an entry that is not there")
    if after - before == 2:
        return Breach("audit_gap", f"audit entry #{before + 1} was removed: #{after} does "
                      f"not follow #{before}")
    if after - before > 2:
        return Breach("audit_gap", f"audit entries between #{before} and #{after} were "
                      f"removed: #{after} does not follow #{before}")
    return Breach("audit_gap", f"audit entry #{after} does not follow #{before}: one of "
                  "them was put in, or rewritten and sealed again")


def _entry(entry_id: int | None) -> str:
    return "no entry at all" if entry_id is None else f"#{entry_id}"
