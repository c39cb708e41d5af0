"""Money: amounts in the clinic's currency, as integers of its minor unit.

Why integers: a float cannot hold 0.10 exactly, and a till that is out by a cent at the end
of the day is a till someone has to recount. Every amount the program keeps is an ``int`` of
the currency's minor unit (cents for USD, yen for JPY, fils for BHD); what a receptionist
types is read with :class:`~decimal.Decimal` and refused if it has more decimals than the
currency has; what is shown is formatted back from the integer. Arithmetic that divides
(a percent discount, a tip shared between therapists, a discount spread over a couple's two
visits) lives here, once, and always gives parts that add up to the whole exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from frontdesk.domain.errors import BadInput


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 currency: its code, how many digits its minor unit has, its sign."""

    code: str
    digits: int
    symbol: str

    @property
    def unit(self) -> int:
        """How many minor units make one major unit (100 for USD, 1 for JPY)."""
        return int(10 ** self.digits)


# The currencies a clinic may keep its book in (ISO 4217 minor-unit digits). A code not here
# is refused rather than guessed: a wrong digit count would shift every amount tenfold.
_TABLE: tuple[tuple[str, int, str], ...] = (
    ("USD", 2, "$"), ("CAD", 2, "CA$"), ("AUD", 2, "A$"), ("NZD", 2, "NZ$"),
    ("EUR", 2, "€"), ("GBP", 2, "£"), ("CHF", 2, "CHF "), ("SEK", 2, "SEK "),
    ("NOK", 2, "NOK "), ("DKK", 2, "DKK "), ("PLN", 2, "PLN "), ("CZK", 2, "CZK "),
    ("MXN", 2, "MX$"), ("BRL", 2, "R$"), ("ZAR", 2, "R "), ("INR", 2, "₹"),
    ("SGD", 2, "S$"), ("HKD", 2, "HK$"), ("CNY", 2, "CN¥"), ("TWD", 2, "NT$"),
    ("THB", 2, "฿"), ("PHP", 2, "₱"), ("AED", 2, "AED "), ("ILS", 2, "₪"),
    ("JPY", 0, "¥"), ("KRW", 0, "₩"), ("ISK", 0, "ISK "), ("VND", 0, "₫"),
    ("CLP", 0, "CLP "), ("HUF", 2, "HUF "),
    ("BHD", 3, "BHD "), ("KWD", 3, "KWD "), ("OMR", 3, "OMR "), ("JOD", 3, "JOD "),
    ("TND", 3, "TND "),
)
CURRENCIES: dict[str, Currency] = {c: Currency(c, d, s) for c, d, s in _TABLE}
DEFAULT_CURRENCY = "USD"

#: The largest single amount the book accepts, in major units: a typo guard, not a policy.
MAX_MAJOR = 1_000_000


def currency(code: str) -> Currency:
    """The currency of ISO code ``code`` (any case); BadInput naming the known ones if none."""
    found = CURRENCIES.get((code or "").strip().upper())
    if found is None:
        known = ", ".join(sorted(CURRENCIES))
        raise BadInput(f"unknown currency {code!r} (one of: {known})", "currency")
    return found


_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_PLAIN = re.compile(r"^\d*(\.\d*)?$")


def parse(text: str, cur: Currency, field: str = "amount", label: str = "") -> int:
    """The amount a receptionist typed ("12.5", "$12.50", "1,234.50", "12 USD"), in minor
    units. Refused: negative amounts (a refund is its own action, never a minus sign),
    more decimals than the currency has ("12.345" dollars), commas that are not thousands
    separators ("12,50": in some countries a decimal comma, so a guess could be 100 times
    off), and amounts past :data:`MAX_MAJOR`. A refusal names ``label`` (what a person
    calls the field: "tip for Ana"), else ``field``."""
    raw = (text or "").strip()
    named = label or field
    body = raw
    signs = {cur.symbol.strip(), cur.code} | ({"$"} if "$" in cur.symbol else set())
    for sign in sorted(signs - {""}, key=len, reverse=True):
        if body.upper().startswith(sign.upper()):
            body = body[len(sign):].strip()
        if body.upper().endswith(sign.upper()):
            body = body[: -len(sign)].strip()
    body = body.replace(" ", "").replace("\u00a0", "")
    if body.startswith("-"):
        raise BadInput(f"{named}: {raw!r} is negative; amounts are never below zero", field)
    if not body or body == "." or not (_PLAIN.match(body) or _GROUPED.match(body)):
        raise BadInput(f"{named}: {raw!r} is not an amount (say e.g. "
                       f"{format_amount(1234 * cur.unit + cur.unit // 2, cur)})", field)
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns above admit only numbers
        raise BadInput(f"{named}: {raw!r} is not an amount", field) from None
    minor = value * cur.unit
    if minor != minor.to_integral_value():
        places = f"{cur.digits} decimal" + ("" if cur.digits == 1 else "s")
        raise BadInput(f"{named}: {raw!r} has more than {places} ({cur.code})", field)
    if value > MAX_MAJOR:
        raise BadInput(f"{named}: {raw!r} is more than {format_amount(MAX_MAJOR * cur.unit, cur)}",
                       field)
    return int(minor)


def parse_percent(text: str, field: str = "discount") -> Decimal:
    """A percent the desk typed ("10%", "12.5 %"): between 0 and 100."""
    raw = (text or "").strip()
    body = raw.removesuffix("%").strip()
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise BadInput(f"{field}: {raw!r} is not a percent", field) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise BadInput(f"{field}: {raw!r} is not a percent between 0 and 100", field)
    return value


def to_decimal(minor: int, cur: Currency) -> Decimal:
    """``minor`` units as a Decimal of the major unit with the currency's digits."""
    return Decimal(minor).scaleb(-cur.digits)


def format_amount(minor: int, cur: Currency, *, symbol: bool = True) -> str:
    """"$1,234.50", "-$5.00", "¥1,200", "BHD 1.250"; without ``symbol`` "1,234.50"."""
    sign = "-" if minor < 0 else ""
    number = f"{to_decimal(abs(minor), cur):,.{cur.digits}f}"
    return f"{sign}{cur.symbol if symbol else ''}{number}"


def plain(minor: int, cur: Currency) -> str:
    """The amount as a spreadsheet reads it: "1234.50", "-5.00", "1200" (no sign, no
    grouping): what CSV files carry."""
    return f"{to_decimal(minor, cur):.{cur.digits}f}"


def percent_of(minor: int, percent: Decimal) -> int:
    """``percent`` % of ``minor``, rounded half-up to the minor unit (10% of $0.05 is 1¢)."""
    if minor < 0 or percent < 0 or percent > 100:
        raise BadInput("a percent discount is of a price, between 0 and 100", "discount")
    exact = Decimal(minor) * percent / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split(minor: int, parts: int) -> list[int]:
    """``minor`` shared in ``parts`` as evenly as can be, the odd units to the first parts:
    $10.00 in 3 is 3.34 + 3.33 + 3.33."""
    if parts < 1:
        raise BadInput("nothing to share an amount between", "amount")
    return allocate(minor, [1] * parts)


def allocate(minor: int, weights: Sequence[int]) -> list[int]:
    """``minor`` shared in proportion to ``weights`` (a couple's discount in proportion to
    their two prices), the parts adding up to ``minor`` exactly: each part is rounded down
    and the units left over go to the largest remainders (the earliest on a tie)."""
    if not weights or any(w < 0 for w in weights):
        raise BadInput("an amount is shared only between non-negative parts", "amount")
    total = sum(weights)
    if total == 0:
        weights, total = [1] * len(weights), len(weights)
    if minor < 0:
        return [-p for p in allocate(-minor, weights)]
    floors = [minor * w // total for w in weights]
    remainders = [minor * w % total for w in weights]
    left = minor - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def currency_change_problem(old: Currency, new: Currency, *, has_entries: bool,
                            has_prices: bool) -> str | None:
    """Why the book's currency may not change now, or None. Amounts are kept as minor
    units of the currency: once money was recorded, another currency would misstate it;
    and a currency with another number of digits would make every price ten or a hundred
    times what it was."""
    if old.code == new.code:
        return None
    if has_entries:
        return (f"the book has recorded payments in {old.code}: its currency stays "
                f"{old.code}")
    if has_prices and old.digits != new.digits:
        return (f"{new.code} has {new.digits} decimals and {old.code} {old.digits}: set the "
                "service prices to 0 first, then the currency, then the prices again")
    return None
