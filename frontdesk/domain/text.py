"""Folding names and phone numbers into search keys."""

from __future__ import annotations

import re
import unicodedata

from frontdesk.domain.errors import BadInput


def fold(text: str) -> str:
    """Lower case, accents dropped, spaces squeezed: "José  Núñez" -> "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def name_keys(name: str) -> tuple[str, str]:
    """The folded name and its last-word-first form, so "nu" finds "José Núñez" too."""
    key = fold(name)
    words = key.split()
    return key, " ".join(words[-1:] + words[:-1]) if len(words) > 1 else key


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def normalise_phone(text: str, country: str) -> tuple[str, str]:
    """(E.164, national digits) of a phone number typed at the desk; BadInput if it is not one.

    Numbers without a leading + are read as national numbers of the clinic's ``country``.
    """
    import phonenumbers  # loaded at the first phone number, not with every name fold

    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        raise BadInput(f"{text!r} is not a phone number", "phone") from None
    if not phonenumbers.is_possible_number(number):
        raise BadInput(f"{text!r} is not a possible phone number in {country}", "phone")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, str(number.national_number)


def display_phone(e164: str) -> str:
    """A number as people read it: national format at home, international otherwise."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
