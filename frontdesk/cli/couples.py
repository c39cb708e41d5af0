"""The command line's part of couples sessions: the partner named on ``book``, and the
partner named beside each couples visit that ``book`` and ``list appointments`` show."""

from __future__ import annotations

from frontdesk.db.engine import Database
from frontdesk.domain.errors import BadInput
from frontdesk.services import clients, schedule
from frontdesk.services.booking import NewClient, Partner
from frontdesk.services.catalog import Catalog


def partner(args, db: Database, catalog: Catalog) -> tuple[Partner, ...]:
    """The second client and therapist ``book`` was given (``--client2``/``--new-client2``,
    ``--therapist2``); none when neither was."""
    if args.client2 is None and args.new_client2 is None and args.therapist2 is None:
        return ()
    if args.client2 is not None and args.new_client2 is not None:
        raise BadInput("give --client2 or --new-client2, not both", "client")
    for given in (args.client2, args.new_client2):
        if given is not None and not given.strip():
            raise BadInput("say which second client: a name or phone digits", "client")
    client_id = None
    if args.client2:
        with db.read() as session:
            client_id = clients.resolve(session, args.client2).id
    return (Partner(
        client_id=client_id,
        therapist_id=catalog.therapist(args.therapist2).id if args.therapist2 else None,
        new_client=NewClient(args.new_client2) if args.new_client2 else None,
        # the refusal names every client's warning at once, so one --acknowledge answers
        # what the desk has read of them all
        acknowledge=args.acknowledge),)


def notes(db: Database, views: list[schedule.AppointmentView]) -> dict[int, str]:
    """" with Zoë Brontë (Ben)" by visit number, for the couples visits among ``views``."""
    with db.read() as session:
        found = schedule.partners(session, views)
    return {i: "  " + schedule.with_partners(others) for i, others in found.items() if others}


def as_json(view: schedule.AppointmentView, partners: list[schedule.AppointmentView],
            tz) -> dict:
    """A couples visit as ``--json`` gives it: the visit, with its partners' visits."""
    return view.as_json(tz) | {"partners": [p.as_json(tz) for p in partners]}
