"""When two client cards are the same person: the rule the duplicate check applies.

The desk types names as the caller says them: "Jana Novak", "Novak, Jana", "jana  novák",
"Jana Nowak" (a slip of one letter). Two cards for one person split the history, the
no-shows and, worst, the contraindications. So a new card whose name is *near-identical*
to an existing one is offered the existing card first.

The rule is kept conservative on purpose: a false match only costs the desk one click
("Add anyway"), but on the command line it refuses the command, and two real people named
alike are common. Two names are near-identical when

- their words are the same, ignoring case, accents, punctuation and word order
  ("Novak, Jana" = "jana novák" = "Jana Novak"); or
- they have the same number of words, all but one the same, and that one differs by one
  letter typed wrong, added, dropped or swapped with its neighbour, in a word of at least
  5 letters on both sides ("Jana Nowak" ~ "Jana Novak", "Katharine" ~ "Katherine"; but
  "Jan Novak" is not "Jana Novak", nor "Ana Li" "Ann Li": short words differ by one letter
  between different people far too often).

Initials are not expanded ("J. Novak" is not "Jana Novak"): too loose to refuse on.
"""

from __future__ import annotations

import re
import unicodedata

from frontdesk.domain.text import fold

#: The shortest word in which one wrong letter still counts as a slip of the same name.
MIN_SLIP_LETTERS = 5

_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^\w]+")


def name_words(name: str) -> tuple[str, ...]:
    """The name's folded words, sorted: "Novak, Jana" and "jana novák" give ("jana", "novak").

    Apostrophes join ("O'Brien" is "obrien"); other punctuation separates ("Jean-Luc" is
    "jean", "luc")."""
    text = _APOSTROPHES.sub("", fold(name))
    return tuple(sorted(w for w in _NOT_WORD.sub(" ", text).replace("_", " ").split() if w))


def near_identical(a: str, b: str) -> bool:
    """Whether two names are near-identical by the module's rule (symmetric)."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if len(wa) != len(wb):
        return False
    only_a = _minus(wa, wb)
    only_b = _minus(wb, wa)
    if len(only_a) != 1 or len(only_b) != 1:
        return False
    x, y = only_a[0], only_b[0]
    return min(len(x), len(y)) >= MIN_SLIP_LETTERS and one_slip_apart(x, y)


def one_slip_apart(x: str, y: str) -> bool:
    """One letter replaced, added, dropped, or two neighbours swapped (and not equal)."""
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]])
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1:]


def slip_prefixes(name: str) -> tuple[str, ...]:
    """Folded-name prefixes that every near-identical name of two or more words starts
    with, in its first-name-first or last-name-first search key (see
    :func:`frontdesk.domain.text.name_keys`), so the check is a few index range look-ups:
    the first word whole and the last word's first letter ("jana n"), and the last word
    whole and the first word's first letter ("novak j"). A slip in a first letter is not
    looked for (documented: the check is conservative, not exhaustive)."""
    words = [w for w in (w.strip(".,;:") for w in fold(name).split()) if w]
    if len(words) < 2:
        return tuple(words)
    first, last = words[0], words[-1]
    return (f"{first} {last[0]}", f"{last} {first[0]}")


def email_key(email: str | None) -> str | None:
    """An e-mail address as compared for duplicates: trimmed, lower case (None for none)."""
    text = unicodedata.normalize("NFC", (email or "").strip()).lower()
    return text[:200] or None


def _minus(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
    rest = list(b)
    out = []
    for w in a:
        if w in rest:
            rest.remove(w)
        else:
            out.append(w)
    return out
