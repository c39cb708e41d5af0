"""Gift certificate codes: short, read aloud over the phone and typed back without a
mistake, whatever spacing or case the desk types them in."""

from __future__ import annotations

from collections.abc import Sequence

#: Letters and digits no one mishears or misreads (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH = 8


def format_code(raw: str) -> str:
    """"k7qm4hxp", "K7QM 4HXP" and "K7QM-4HXP" are one code, shown "K7QM-4HXP"."""
    key = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    return f"{key[:4]}-{key[4:]}" if len(key) == CODE_LENGTH else key


def new_code(draw: Sequence[int]) -> str:
    """A code from :data:`CODE_LENGTH` indexes into the alphabet (the caller draws them
    from a secure source, so a code cannot be guessed from the last one sold)."""
    if len(draw) != CODE_LENGTH:
        raise ValueError("one index per character")
    return format_code("".join(CODE_ALPHABET[i % len(CODE_ALPHABET)] for i in draw))
