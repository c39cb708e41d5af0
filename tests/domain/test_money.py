"""Money arithmetic (frontdesk.domain.money): integers of the minor unit, never floats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain import money
from frontdesk.domain.errors import BadInput

USD, JPY, BHD, EUR = (money.currency(c) for c in ("USD", "JPY", "BHD", "eur"))


@pytest.mark.parametrize(("typed", "cents"), [
    ("12.5", 1250), ("$12.50", 1250), ("1,234.50", 123450), ("$ 1,234", 123400),
    ("12", 1200), (".5", 50), ("0", 0), ("12 USD", 1200), ("usd 3.07", 307),
    ("1,000,000", 100_000_000),
])
def test_what_a_receptionist_types_is_read_exactly(typed, cents):
    assert money.parse(typed, USD) == cents


@pytest.mark.parametrize("typed", [
    "", "abc", "12.345", "-5", "$-5", "12,50", "1,23", "1.2.3", "€12", "1,000,001", ".",
    "1e3", "nan",
])
def test_what_is_not_an_amount_is_refused_saying_why(typed):
    with pytest.raises(BadInput) as refused:
        money.parse(typed, USD, "tip")
    assert refused.value.field == "tip" and str(refused.value).startswith("tip: ")


def test_currencies_with_no_and_three_minor_digits():
    assert money.parse("1,200", JPY) == 1200
    with pytest.raises(BadInput, match="more than 0 decimals"):
        money.parse("12.5", JPY)
    assert money.parse("1.25", BHD) == 1250
    assert money.parse("BHD 1.005", BHD) == 1005
    with pytest.raises(BadInput, match="more than 3 decimals"):
        money.parse("1.0005", BHD)
    assert money.format_amount(1200, JPY) == "¥1,200"
    assert money.format_amount(1005, BHD) == "BHD 1.005"
    assert money.format_amount(-500, USD) == "-$5.00"
    assert money.format_amount(123450, EUR, symbol=False) == "1,234.50"
    assert money.plain(-5, USD) == "-0.05" and money.plain(1200, JPY) == "1200"


def test_an_unknown_currency_is_refused_not_guessed():
    with pytest.raises(BadInput, match="unknown currency 'XYZ'"):
        money.currency("XYZ")


@given(st.integers(0, 10**11), st.sampled_from(sorted(money.CURRENCIES)))
def test_formatting_then_parsing_gives_the_amount_back(minor, code):
    cur = money.currency(code)
    minor = min(minor, money.MAX_MAJOR * cur.unit)
    assert money.parse(money.format_amount(minor, cur), cur) == minor
    assert money.parse(money.plain(minor, cur), cur) == minor


@pytest.mark.parametrize(("cents", "percent", "off"), [
    (5, "10", 1),        # 0.5 cent rounds half up
    (15, "10", 2),       # 1.5 -> 2
    (14, "10", 1),       # 1.4 -> 1
    (9999, "12.5", 1250),  # 1249.875 -> 1250
    (10000, "100", 10000),
    (10000, "0", 0),
])
def test_percent_discounts_round_half_up_to_the_minor_unit(cents, percent, off):
    assert money.percent_of(cents, Decimal(percent)) == off


def test_percents_are_read_between_0_and_100():
    assert money.parse_percent("12.5%") == Decimal("12.5")
    for bad in ("101", "-1", "ten", "nan"):
        with pytest.raises(BadInput):
            money.parse_percent(bad)


def test_a_split_adds_up_and_gives_the_odd_cents_first():
    assert money.split(1000, 3) == [334, 333, 333]
    assert money.allocate(1000, [12000, 8000]) == [600, 400]
    assert money.allocate(1001, [1, 1]) == [501, 500]
    assert money.allocate(100, [0, 0]) == [50, 50]
    assert money.allocate(-1000, [1, 2]) == [-333, -667]


@given(st.integers(-10**9, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=8))
def test_shares_always_add_up_exactly_and_follow_the_weights(minor, weights):
    parts = money.allocate(minor, weights)
    assert sum(parts) == minor and len(parts) == len(weights)
    total = sum(weights) or len(weights)
    for part, weight in zip(parts, weights or [1], strict=True):
        exact = Decimal(minor) * (weight if sum(weights) else 1) / total
        assert abs(Decimal(part) - exact) < 1
