"""Folding names and phone numbers into search keys."""

from __future__ import annotations

import re
import unicodedata

from frontdesk.domain.errors import BadInput

#: What a visit with no client card is called wherever it is listed (a walk-in not named, a
#: couple's partner not named yet): one word, the same on every screen, sheet and file.
GUEST = "Guest"


def client_label(name: str | None) -> str:
    """A visit's client as lists show it: their name, or :data:`GUEST`."""
    return name or GUEST


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


def _unreadable(char: str, lines: bool) -> bool:
    if "\ud800" <= char <= "\udfff":  # a byte that was not UTF-8, as Python keeps it
        return True
    if char == "\t" or (lines and char in "\n\r"):
        return False
    return unicodedata.category(char) == "Cc"


def readable(text: str, field: str, *, lines: bool = False) -> str:
    """``text`` as typed, if it is text a person can read; BadInput naming ``field`` for
    what is not: a byte that was not UTF-8 (arriving as a lone surrogate), NUL, an escape
    sequence or another control character (tabs, and line breaks where ``lines``, are
    text). Such characters would reach the book and then every terminal and export."""
    bad = next((c for c in text if _unreadable(c, lines)), None)
    if bad is None:
        return text
    if "\ud800" <= bad <= "\udfff":
        raise BadInput(f"{field} is not valid text (a byte that is not UTF-8)", field)
    raise BadInput(f"{field} holds a control character (U+{ord(bad):04X}); type it again",
                   field)


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control characters (an escape sequence kept
    in an old book, say) are shown as ``\\x1b``-style codes instead of acting on the screen;
    line breaks stay where ``lines`` (a whole export printed)."""
    if all(not _unreadable(c, lines) for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if _unreadable(c, lines)
                   else c for c in text)
