"""The money commands' grammar: checkout, receipt, void, refund, gift, fee, money.

Kept apart from :mod:`frontdesk.cli.parser` for its length; like it, it names functions (in
:mod:`frontdesk.cli.money_commands`) and imports none.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Command = Callable[..., argparse.ArgumentParser]

PAY_HELP = ("a payment METHOD:AMOUNT (cash, card, check, certificate:CODE:AMOUNT); "
            "repeatable for a split payment")


def checkout_number(text: str) -> int:
    value = int(text.strip().lstrip("#"))
    if not 0 < value < 2**31:
        raise ValueError(text)
    return value


checkout_number.__name__ = "receipt number"


def add(command: Command, actions: Callable[[argparse.ArgumentParser, str], Command],
        appointment_id: Callable[[str], int]) -> None:
    """The commands, made by the parser's ``command`` and ``actions`` (``appointment_id``:
    its reading of a visit's number)."""
    p = command("checkout", "checkout", "record what a visit (or several paid together) was "
                "paid: price, discount, tip, payments; prints the receipt")
    p.add_argument("ids", nargs="+", type=appointment_id, metavar="ID")
    p.add_argument("--amount", metavar="A", help="the payment (default: what is due)")
    p.add_argument("--method", metavar="M",
                   help="cash, card (the clinic's own terminal), check or certificate")
    p.add_argument("--pay", metavar="METHOD:AMOUNT", action="append", default=[],
                   help=PAY_HELP)
    p.add_argument("--certificate", metavar="CODE",
                   help="the gift certificate paid with (--method certificate)")
    p.add_argument("--tip", metavar="T", action="append", default=[],
                   help="a tip, shared by the visits' therapists; THERAPIST=T for one")
    p.add_argument("--discount", metavar="D", help="an amount, or a percent (10%%)")
    p.add_argument("--reason", default="", help="why the discount (needed with one)")
    p.add_argument("--no-owed", action="store_true",
                   help="leave fees owed from before for another time")
    p.add_argument("--receipt", metavar="FILE.pdf", help="also save the receipt as a PDF")

    p = command("receipt", "receipt", "show a receipt again (or save it as a PDF)")
    p.add_argument("number", type=checkout_number)
    p.add_argument("-o", "--output", metavar="FILE.pdf", help="save it as a PDF")

    p = command("void", "void", "take back a whole checkout, sale or fee (a new entry; "
                "nothing is edited)")
    p.add_argument("number", type=checkout_number)
    p.add_argument("--reason", required=True)

    p = command("refund", "refund", "give back part of what a checkout took")
    p.add_argument("number", type=checkout_number)
    p.add_argument("--method", required=True, metavar="M")
    p.add_argument("--amount", required=True, metavar="A")
    p.add_argument("--reason", required=True)

    gift = actions(command("gift", "gift_list", "gift certificates: sell one, look one up, "
                           "list them"), "gift")
    p = gift("sell", "sell a gift certificate (prints its code)")
    p.add_argument("amount", metavar="AMOUNT")
    p.add_argument("--method", metavar="M", help="how it was paid for")
    p.add_argument("--pay", metavar="METHOD:AMOUNT", action="append", default=[],
                   help="a payment; repeatable")
    p.add_argument("--buyer", metavar="CLIENT", help="the client who bought it")
    p.add_argument("--for", dest="recipient", default="", metavar="NAME",
                   help="whom it is for")
    p.add_argument("--expires", metavar="YYYY-MM-DD")
    p.add_argument("--receipt", metavar="FILE.pdf", help="also save the receipt as a PDF")
    p = gift("balance", "a certificate's balance and expiry")
    p.add_argument("code")
    gift("list", "every certificate sold, with its balance")

    fee = actions(command("fee", "fee_owed", "fees: what a client owes, charge one, waive "
                          "one"), "fee")
    p = fee("owed", "what a client owes (fees from no-shows and late cancellations)")
    p.add_argument("client", metavar="CLIENT", help="name, phone digits or #number")
    p = fee("waive", "let a client off (part of) what they owe")
    p.add_argument("client", metavar="CLIENT", help="name, phone digits or #number")
    p.add_argument("--amount", required=True, metavar="A")
    p.add_argument("--reason", required=True)

    p = command("money", "money_", "the clinic's currency and default no-show and "
                "late-cancellation fees (shown; changed with the options)")
    p.add_argument("--currency", metavar="ISO", help="e.g. USD, EUR, JPY")
    p.add_argument("--no-show-fee", metavar="A")
    p.add_argument("--late-cancel-fee", metavar="A")


def fee_option(p: argparse.ArgumentParser) -> None:
    """``--fee`` on the commands that mark a no-show or a late cancellation."""
    p.add_argument("--fee", metavar="A",
                   help="a no-show's or late cancellation's fee (default: the clinic's; "
                        "0 waives it)")
