"""The audit trail read as a chain, and its last hash kept outside the book.

A hash chain shows an entry edited or removed in the middle of the trail, but not its last
entries removed: what is left is still a whole chain. So each time a backup of the book is
taken (and after a restore) the trail's last entry, its id and hash, is written to
``audit-seal.json`` in the book's backup folder, beside the backups; ``frontdesk check``
then asks that the trail still holds that entry as it was. Entries written after the last
backup are not covered by it: removed from the end, they are not seen.

The file holds no client data: two numbers and when they were kept.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, exc, select, text

from frontdesk.db import models as m
from frontdesk.db.engine import make_engine
from frontdesk.db.migrate import sqlite_path
from frontdesk.domain.audit_chain import Anchor, Link

log = logging.getLogger(__name__)

NAME = "audit-seal.json"
BATCH = 20_000


def links(conn: Connection) -> Iterator[Link]:
    """The whole trail in id order, read in batches."""
    a = m.AuditEntry
    rows = conn.execute(
        select(a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after,
               a.prev_hash, a.hash).order_by(a.id).execution_options(yield_per=BATCH))
    with rows:
        for r in rows:
            yield Link(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.before,
                       r.after, r.prev_hash, r.hash)


def kept(folder: Path) -> Anchor | None:
    """The last entry kept in ``folder`` (None: none kept, or the file cannot be read)."""
    try:
        data = json.loads((folder / NAME).read_text(encoding="utf-8"))
        return Anchor(int(data["id"]), str(data["hash"]), f"at the backup of {data['kept']}")
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(url: str, folder: Path, now: datetime) -> None:
    """Write the book's last audit entry into ``folder``; a book whose trail cannot be read
    as a chain (from an older frontdesk, not upgraded yet) leaves none. Never fails: a
    backup is worth more than its seal."""
    target = folder / NAME
    try:
        last = _last(url)
    except (exc.SQLAlchemyError, OSError) as error:
        log.warning("the audit trail's last entry could not be read (%s); none kept",
                    type(error).__name__)
        last = None
    try:
        if last is None:
            target.unlink(missing_ok=True)
            return
        partial = target.with_name(NAME + ".partial")
        partial.write_text(json.dumps({"id": last[0], "hash": last[1],
                                       "kept": f"{now.astimezone():%Y-%m-%d %H:%M}"}),
                           encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        log.warning("the audit seal could not be written: %s", error.strerror)
        with contextlib.suppress(OSError):
            target.unlink()


def _last(url: str) -> tuple[int, str] | None:
    engine = make_engine(url, read_only=sqlite_path(url) is not None)
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
                               ).first()
    finally:
        engine.dispose()
    return None if row is None or not row[1] else (row[0], row[1])
