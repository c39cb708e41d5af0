"""The near-identical-name rule of the duplicate check (frontdesk.domain.names)."""

from __future__ import annotations

import pytest

from frontdesk.domain.names import email_key, name_words, near_identical, one_slip_apart


@pytest.mark.parametrize("a, b", [
    ("Jana Novak", "Jana Novak"),
    ("Jana Novak", "jana  NOVÁK"),
    ("Jana Novak", "Novak, Jana"),
    ("Seán O'Brien", "Sean OBrien"),
    ("Jean-Luc Picard", "Jean Luc Picard"),
    ("Jana Novak", "Jana Nowak"),            # one letter typed wrong
    ("Katherine Smith", "Katharine Smith"),
    ("Jana Novak", "Jana Novvak"),           # one letter added
    ("Jana Novak", "Jana Nvoak"),            # two neighbours swapped
])
def test_near_identical_names(a, b):
    assert near_identical(a, b) and near_identical(b, a)


@pytest.mark.parametrize("a, b", [
    ("Jana Novak", "Jan Novak"),      # short words: different people too often
    ("Ana Li", "Ann Li"),
    ("Jana Novak", "Jana Novak Smith"),
    ("J. Novak", "Jana Novak"),       # initials are not expanded
    ("Jana Novak", "Jana Novotna"),
    ("Jana Novak", "Dana Nowak"),     # two words differ
    ("Walk In 1", "Walk In 2"),
    ("", "Jana Novak"),
])
def test_names_that_are_not_near_identical(a, b):
    assert not near_identical(a, b)


def test_name_words_fold_accents_case_punctuation_and_order():
    assert name_words("Núñez, José") == ("jose", "nunez")


def test_one_slip_needs_a_difference():
    assert not one_slip_apart("novak", "novak")
    assert not one_slip_apart("novak", "nvaok")


def test_email_key_ignores_case_and_spaces():
    assert email_key("  Jana.Novak@Example.COM ") == "jana.novak@example.com"
    assert email_key("") is None and email_key(None) is None
