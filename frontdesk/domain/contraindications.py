"""Contraindication flags a client can carry, and which services they advise against.

One list for the client screen, the demo and the booking warnings: booking a service whose
cautions name one of the client's flags (deep tissue with anticoagulants, recent surgery or
pregnancy) needs the desk's acknowledgement, which is kept on the appointment.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontdesk.domain.text import fold

#: The flags the client screen offers as tick boxes; others may be typed in.
KNOWN_FLAGS = ("anticoagulants", "recent surgery", "pregnancy", "varicose veins", "osteoporosis",
               "high blood pressure", "diabetes", "skin condition", "nut oil allergy")

#: A new service's cautions, by a word in its name (the set-up screen can change them).
DEFAULT_CAUTIONS = {
    "deep tissue": ("anticoagulants", "recent surgery", "pregnancy", "varicose veins",
                    "osteoporosis"),
    "trigger point": ("anticoagulants", "recent surgery"),
    "sports": ("anticoagulants", "recent surgery"),
    "hot stone": ("pregnancy", "diabetes", "high blood pressure", "skin condition",
                  "varicose veins"),
}


def default_cautions(service_name: str) -> tuple[str, ...]:
    """The cautions a service called ``service_name`` starts with."""
    key = fold(service_name)
    for words, flags in DEFAULT_CAUTIONS.items():
        if words in key:
            return flags
    return ()


def parse(text: str) -> tuple[str, ...]:
    """Stored cautions ("anticoagulants,pregnancy") as a tuple, blanks dropped."""
    return tuple(f.strip() for f in (text or "").split(",") if f.strip())


def join(flags: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(" ".join(f.split()) for f in flags if f.strip()))


def conflicts(cautions: Iterable[str], client_flags: Iterable[str]) -> list[str]:
    """The client's flags the service is advised against, in the client's order."""
    wanted = {fold(c) for c in cautions}
    return [f for f in client_flags if fold(f) in wanted]


def warning(service: str, client: str, flags: Iterable[str]) -> str:
    """The one line the desk reads before acknowledging."""
    return f"{service} is advised against for {client}: {', '.join(flags)}"
