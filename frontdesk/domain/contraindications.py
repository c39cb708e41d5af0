"""Contraindication flags a client can carry: one list for the client screen, the demo and,
later, the booking warnings (deep tissue with anticoagulants, recent surgery, pregnancy)."""

from __future__ import annotations

#: The flags the client screen offers as tick boxes; others may be typed in.
KNOWN_FLAGS = ("anticoagulants", "recent surgery", "pregnancy", "varicose veins", "osteoporosis",
               "high blood pressure", "diabetes", "skin condition", "nut oil allergy")
