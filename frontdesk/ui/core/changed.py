"""What a change made in this window touched, so each view refreshes only that."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from frontdesk.services.schedule import AppointmentView


@dataclass(frozen=True)
class Changed:
    """Appointments as they are now (``None``: no longer readable), the clients and
    therapists whose cards or days changed, and whether the waitlist did."""

    views: Mapping[int, AppointmentView | None] = field(default_factory=dict)
    client_ids: frozenset[int] = frozenset()
    therapist_ids: frozenset[int] = frozenset()
    waitlist: bool = False

    @classmethod
    def of(cls, *views: AppointmentView, before: tuple[AppointmentView, ...] = ()) -> Changed:
        """The change of these visits; ``before`` adds the therapists they had."""
        return cls(views={v.id: v for v in views},
                   client_ids=frozenset(v.client_id for v in (*views, *before) if v.client_id),
                   therapist_ids=frozenset(v.therapist_id for v in (*views, *before)))

    @property
    def appointment_ids(self) -> frozenset[int]:
        return frozenset(self.views)

    def __or__(self, other: Changed) -> Changed:
        return Changed({**self.views, **other.views}, self.client_ids | other.client_ids,
                       self.therapist_ids | other.therapist_ids,
                       self.waitlist or other.waitlist)

    def __bool__(self) -> bool:
        return bool(self.views or self.client_ids or self.waitlist)
