"""Bringing in an old client spreadsheet: each row a card, made as the desk makes one.

Each row goes through the client services: its details are checked like a card typed at
the desk (:func:`~frontdesk.services.client_record.check_details`), and the card is made by
:func:`~frontdesk.services.clients.new_client`, which refuses a duplicate of an existing
card (same phone in E.164, same e-mail, near-identical name). A row like a card made
earlier from the same file is found the same way, since that card is already in the
transaction. Duplicates are reported, with the card they resemble, and not made twice;
refused rows are reported with their reason. Each card is audited as any new card.

The whole file is **one write transaction**: the cards of every row taken are committed
together, or none is (a failure, Ctrl+C or the window's Cancel part-way leaves the book as
it was). A refused row or a duplicate does not stop the others; it writes nothing. A dry run
(the window's preview) does the very same work and rolls it back, so what it says is what
the import will do. The transaction holds the book's write lock while it runs: on a few
thousand rows, seconds, during which another desk's change waits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.domain import client_sheet, clock
from frontdesk.domain.access import Action
from frontdesk.domain.client_sheet import Row, Sheet
from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.services import client_cards, clients, permits
from frontdesk.services.client_cards import DuplicateClient
from frontdesk.services.client_record import _clean_flags, check_details, load_card

#: ``progress(done, total)``: False stops the import (nothing is written).
Progress = Callable[[int, int], bool]

ADDED, DUPLICATE, REFUSED = "added", "duplicate", "refused"


class ImportStopped(FrontdeskError):
    """The import was stopped part-way (the window's Cancel); nothing was written."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("the import was stopped; nothing was written")


@dataclass(frozen=True)
class Outcome:
    """What became of one row: ``added`` (``client_id``: the card made; None in a dry
    run), ``duplicate`` (of card ``like_id``, or of the card made from row ``like_row``;
    ``reason`` says why: "same phone", "same e-mail", "similar name"), or ``refused``
    (``reason`` is the service's sentence, ``field`` the field at fault)."""

    row: int
    name: str
    kind: str
    reason: str = ""
    field: str = ""
    client_id: int | None = None
    like_id: int | None = None
    like_name: str = ""
    like_row: int | None = None

    def describe(self, dry_run: bool = False) -> str:
        """"row 7  duplicate: same phone as Jana Novak #302", as the command line says it."""
        who = self.name or "(no name)"
        if self.kind == ADDED:
            card = f" #{self.client_id}" if self.client_id is not None else ""
            return f"row {self.row}  {'would add' if dry_run else 'added'}{card} {who}"
        if self.kind == DUPLICATE:
            return f"row {self.row}  duplicate: {who}, {self.likeness()}"
        return f"row {self.row}  refused: {who}: {self.reason}"

    def likeness(self) -> str:
        """"same phone as Jana Novak #302" or "same e-mail as row 4 (Ana Lee)"."""
        if self.like_row is not None:
            card = f" #{self.like_id}" if self.like_id is not None else ""
            return f"{self.reason} as row {self.like_row} ({self.like_name}{card})"
        return f"{self.reason} as {self.like_name} #{self.like_id}"

    def as_json(self) -> dict:
        out: dict = {"row": self.row, "name": self.name, "outcome": self.kind}
        if self.kind == ADDED:
            out["id"] = self.client_id
        elif self.kind == DUPLICATE:
            out |= {"reason": self.reason, "like_id": self.like_id,
                    "like_name": self.like_name, "like_row": self.like_row}
        else:
            out |= {"reason": self.reason, "field": self.field}
        return out


@dataclass(frozen=True)
class Report:
    """The file as read (its columns, what was assumed) and each row's outcome."""

    sheet: Sheet
    outcomes: tuple[Outcome, ...]
    dry_run: bool

    def count(self, kind: str) -> int:
        return sum(o.kind == kind for o in self.outcomes)

    @property
    def added_ids(self) -> list[int]:
        return [o.client_id for o in self.outcomes if o.client_id is not None]

    @property
    def all_taken(self) -> bool:
        return all(o.kind == ADDED for o in self.outcomes)

    def summary(self) -> str:
        """"12 rows: 9 added, 2 duplicates (not added), 1 refused"."""
        added = self.count(ADDED)
        dup, refused = self.count(DUPLICATE), self.count(REFUSED)
        blank = f"; {self.sheet.blank} blank passed over" if self.sheet.blank else ""
        rows = len(self.outcomes)
        return (f"{rows} row{'s' * (rows != 1)}{blank}: "
                f"{added} {'to add' if self.dry_run else 'added'}, {dup} "
                f"duplicate{'s' * (dup != 1)} (not added), {refused} refused"
                + (" — a dry run: nothing was written" if self.dry_run else ""))

    def as_json(self) -> dict:
        return {"dry_run": self.dry_run,
                "columns": [{"field": c.field, "header": c.header}
                            for c in self.sheet.columns],
                "delimiter": self.sheet.delimiter, "encoding": self.sheet.encoding,
                "blank_rows": self.sheet.blank, "notes": list(self.sheet.notes),
                "added": self.count(ADDED), "duplicates": self.count(DUPLICATE),
                "refused": self.count(REFUSED),
                "rows": [o.as_json() for o in self.outcomes]}


def read_file(path: str | Path) -> Sheet:
    """The sheet in the file at ``path``; BadInput (exit 2) when there is no such file or
    it is not a client sheet (see :func:`frontdesk.domain.client_sheet.read`)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"no file {str(path)!r}", "file") from None
    except IsADirectoryError:
        raise BadInput(f"{str(path)!r} is a folder; name the CSV file", "file") from None
    return client_sheet.read(data)


class _DryRun(Exception):
    """Carries a dry run's report out of its transaction, which it rolls back."""

    def __init__(self, report: Report):
        super().__init__("dry run")
        self.report = report


def import_sheet(db: Database, sheet: Sheet, *, dry_run: bool = False,
                 add_anyway: Collection[int] = (), actor: str = "desk",
                 now: Callable[[], datetime] = clock.utcnow,
                 progress: Progress | None = None) -> Report:
    """Each row of ``sheet`` made a card, in one write transaction (see the module's
    docstring); rows numbered in ``add_anyway`` are added although like a card (the
    window's choice, to merge them later). Forbidden without Action.CLIENT_CARDS;
    :class:`ImportStopped` when ``progress`` says stop."""
    at = now()
    total = len(sheet.rows)
    try:
        with db.write() as session:
            permits.require(session, Action.CLIENT_CARDS)
            country = client_cards._country(session)
            made: dict[int, int] = {}  # card made -> its row
            outcomes = []
            for done, row in enumerate(sheet.rows):
                if progress is not None and not progress(done, total):
                    raise ImportStopped()
                outcomes.append(_take(session, row, country, made, actor, at,
                                      row.number in add_anyway, dry_run))
            if progress is not None:
                progress(total, total)
            report = Report(sheet, tuple(outcomes), dry_run)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as dry:
        return dry.report
    return report


def _take(session: Session, row: Row, country: str, made: dict[int, int], actor: str,
          at: datetime, anyway: bool, dry_run: bool) -> Outcome:
    """One row: refused, a duplicate, or a new card (flushed, so the next rows see it)."""
    try:
        name, _number, email, alert, notes = check_details(
            name=row.name, phone=row.phone, email=row.email, alert=row.alert,
            notes=row.notes, country=country)
        flags = tuple(_clean_flags(row.flags))
        client = clients.new_client(session, name, phone=row.phone, email=email,
                                    country=country, actor=actor, at=at, notes=notes,
                                    alert=alert, flags=flags, allow_duplicate=anyway)
    except DuplicateClient as duplicate:
        like = duplicate.matches[0]
        return Outcome(row.number, row.name, DUPLICATE, like.reason,
                       like_id=None if like.id in made and dry_run else like.id,
                       like_name=like.name, like_row=made.get(like.id))
    except BadInput as error:
        return Outcome(row.number, row.name, REFUSED, str(error), error.field or "")
    session.flush()
    made[client.id] = row.number
    return Outcome(row.number, client.name, ADDED,
                   client_id=None if dry_run else client.id)


def set_cards_active(db: Database, client_ids: Collection[int], active: bool, *,
                     actor: str = "desk",
                     now: Callable[[], datetime] = clock.utcnow) -> None:
    """Deactivate (or reactivate) the cards an import made, in one write transaction,
    each audited as :func:`~frontdesk.services.client_cards.set_active` audits one: the
    window's undo (and redo) of an import. Cards merged since are left as they are."""
    at = now()
    with db.write() as session:
        permits.require(session, Action.CLIENT_CARDS)
        for client_id in client_ids:
            client = load_card(session, client_id)
            if client.merged_into_id is None:
                client_cards.switch_active(session, client, active, actor, at)
