"""The money commands: checkout, receipt, void, refund, gift, fee, money.

    frontdesk checkout 2061 --method card --tip 15
    frontdesk checkout 2061 2062 --pay certificate:K7QM-4HXP:50 --pay card:168 \\
        --tip Ana=10 --tip Ben=10 --discount 10% --reason anniversary --receipt r.pdf
    frontdesk refund 12 --method card --amount 20 --reason "oil allergy"
    frontdesk gift sell 100 --method cash --for Mum --expires 2027-06-30

Amounts are read as the desk types them, in the clinic's currency (domain/money.py). Exit 0
when recorded, 2 for what cannot be read (an amount, a method, an unknown visit or code), 3
when a rule says no (payments that do not add up, a certificate without enough on it or
expired, a refund larger than was paid), 4 when the signed-in account may not. Nothing is
written unless everything is.
"""

from __future__ import annotations

from pathlib import Path

from frontdesk.cli.client_commands import _card
from frontdesk.cli.commands import _catalog, _emit, _open
from frontdesk.cli.signin import actor_of
from frontdesk.db.engine import Database
from frontdesk.domain import clock, ledger, money
from frontdesk.domain.errors import BadInput
from frontdesk.domain.ledger import Discount, Method, Payment
from frontdesk.domain.money import Currency
from frontdesk.environment import now_source
from frontdesk.services import clients
from frontdesk.services.certificates import Certificates, CertificateView
from frontdesk.services.checkout import CheckoutRequest, Checkouts
from frontdesk.services.fees import Fees
from frontdesk.services.money_setup import money_settings, save_money_settings
from frontdesk.services.receipts import Receipt


def _currency(db: Database) -> Currency:
    return money.currency(money_settings(db).currency)


def _payments(pays: list[str], method_text: str | None, amount_text: str | None,
              certificate: str | None, cur: Currency, due: int | None) -> list[Payment]:
    """--pay METHOD:AMOUNT (certificate:CODE:AMOUNT) and --amount/--method/--certificate
    (without --amount: what is left of ``due``)."""
    out: list[Payment] = []
    for text in pays:
        kind, _, rest = text.partition(":")
        method = Method.parse(kind)
        code = ""
        if method is Method.CERTIFICATE:
            code, _, rest = rest.rpartition(":")
            code = code or (certificate or "")
        if not rest:
            raise BadInput(f"--pay wants METHOD:AMOUNT, not {text!r}", "pay")
        out.append(Payment(method, money.parse(rest, cur, "--pay"), code))
    if method_text or amount_text:
        if not method_text:
            raise BadInput("say how it was paid: --method cash, card, check or certificate",
                           "method")
        method = Method.parse(method_text)
        if amount_text:
            amount = money.parse(amount_text, cur, "--amount")
        elif due is not None:
            amount = due - sum(p.amount for p in out)
        else:
            raise BadInput("say how much: --amount", "amount")
        code = (certificate or "") if method is Method.CERTIFICATE else ""
        if certificate and method is not Method.CERTIFICATE:
            raise BadInput("--certificate goes with --method certificate", "certificate")
        if amount > 0:
            out.append(Payment(method, amount, code))
    return out


def _tips(args, cur: Currency, db: Database, therapists: list[int]) -> dict[int, int]:
    """--tip T (shared by the visits' therapists) and --tip THERAPIST=T."""
    tips: dict[int, int] = {}
    catalog = None
    for text in args.tip:
        name, sep, amount_text = text.rpartition("=")
        amount = money.parse(amount_text, cur, "--tip")
        if sep:
            catalog = catalog or _catalog(db)
            ids = [catalog.therapist(name).id]
        else:
            ids = sorted(set(therapists))
        for therapist, part in zip(ids, money.split(amount, len(ids)), strict=True):
            tips[therapist] = tips.get(therapist, 0) + part
    return tips


def _discount(args, cur: Currency) -> Discount:
    if not args.discount:
        if args.reason:
            raise BadInput("--reason goes with --discount", "reason")
        return Discount()
    if args.discount.strip().endswith("%"):
        return Discount(percent=money.parse_percent(args.discount), reason=args.reason)
    return Discount(amount=money.parse(args.discount, cur, "--discount"), reason=args.reason)


def _lines(r: Receipt) -> list[str]:
    out = [f"{r.title} #{r.number}  {r.at}" + (f"  {', '.join(r.clients)}" if r.clients
                                              else "")]
    if r.reverses is not None:
        out.append(f"  of #{r.reverses}" + (f": {r.reason}" if r.reason else ""))
    width = max([len(x.label) for x in (*r.lines, *r.payments)] + [5])
    out += [f"  {x.label:<{width}}  {x.shown:>12}" for x in r.lines]
    out.append(f"  {'Total':<{width}}  {r.total:>12}")
    out += [f"  {x.label:<{width}}  {x.shown:>12}" for x in r.payments]
    if r.voided_by is not None:
        out.append(f"  voided by #{r.voided_by}")
    return out


def _json(r: Receipt) -> dict:
    return {"number": r.number, "kind": r.kind, "at": r.at, "day": r.day.isoformat(),
            "currency": r.currency, "clients": list(r.clients),
            "lines": [{"label": x.label, "amount": x.shown} for x in r.lines],
            "payments": [{"label": x.label, "amount": x.shown} for x in r.payments],
            "total": r.total, "reverses": r.reverses, "voided_by": r.voided_by,
            "reason": r.reason}


def _show(args, r: Receipt, pdf: str | None = None) -> int:
    if pdf:
        _check_pdf(pdf)
        from frontdesk.export import pdf_receipt  # Qt is loaded only for a PDF

        pdf_receipt.write(r, Path(pdf))
    _emit(args, _json(r), _lines(r) + ([f"saved {pdf}"] if pdf else []))
    return 0


def _check_pdf(target: str) -> None:
    path = Path(target)
    if path.suffix.lower() != ".pdf":
        raise BadInput(f"a receipt is saved as a PDF: name it FILE.pdf, not {path.name}",
                       "receipt")
    if path.is_dir() or not path.parent.is_dir():
        raise BadInput(f"cannot write {path} (no such folder, or a folder)", "receipt")


def checkout(args) -> int:
    if args.receipt:
        _check_pdf(args.receipt)
    db = _open(args)
    cur = _currency(db)
    desk = Checkouts(db, actor_of(db), now_source())
    quote = desk.quote(args.ids)
    discount = _discount(args, cur)
    tips = _tips(args, cur, db, [v.therapist_id for v in quote.visits])
    owed = {} if args.no_owed else quote.owed
    due = ledger.due(ledger.Checkout(
        [ledger.Visit(v.appointment_id, v.client_id, v.therapist_id, v.price)
         for v in quote.visits], discount, tips, (), owed))
    payments = _payments(args.pay, args.method, args.amount, args.certificate, cur, due)
    if not payments and due:
        raise BadInput(f"{money.format_amount(due, cur)} is due: say how it was paid "
                       "(--method, or --pay METHOD:AMOUNT)", "method")
    receipt = desk.checkout(CheckoutRequest(args.ids, payments, tips, discount,
                                            collect_owed=not args.no_owed))
    return _show(args, receipt, args.receipt)


def receipt(args) -> int:
    db = _open(args)
    return _show(args, Checkouts(db, actor_of(db), now_source()).receipt(args.number),
                 args.output)


def void(args) -> int:
    db = _open(args)
    return _show(args, Checkouts(db, actor_of(db), now_source()).void(args.number,
                                                                      args.reason))


def refund(args) -> int:
    db = _open(args)
    amount = money.parse(args.amount, _currency(db), "--amount")
    return _show(args, Checkouts(db, actor_of(db), now_source()).refund(
        args.number, Method.parse(args.method), amount, args.reason))


def _cert_line(c: CertificateView, cur: Currency) -> str:
    state = " (expired)" if c.expired else ""
    until = f", expires {c.expires.isoformat()}" if c.expires else ""
    who = f", for {c.recipient}" if c.recipient else ""
    return (f"{c.code}: {money.format_amount(c.balance, cur)} of "
            f"{money.format_amount(c.amount, cur)} left{state}{until}; sold "
            f"{c.sold_on.isoformat()}{who}")


def _cert_json(c: CertificateView, cur: Currency) -> dict:
    return {"code": c.code, "amount": money.plain(c.amount, cur),
            "balance": money.plain(c.balance, cur), "sold_on": c.sold_on.isoformat(),
            "expires": c.expires.isoformat() if c.expires else None, "expired": c.expired,
            "buyer": c.buyer, "recipient": c.recipient}


def gift_sell(args) -> int:
    if args.receipt:
        _check_pdf(args.receipt)
    expires = clock.parse_date(args.expires, "expires") if args.expires else None
    db = _open(args)
    cur = _currency(db)
    amount = money.parse(args.amount, cur, "amount")
    payments = _payments(args.pay, args.method, None, None, cur, amount)
    buyer = _card(db, args.buyer) if args.buyer else None
    cert, sale = Certificates(db, actor_of(db), now_source()).sell(
        amount, payments, buyer_id=buyer, recipient=args.recipient, expires=expires)
    if args.receipt:
        from frontdesk.export import pdf_receipt

        pdf_receipt.write(sale, Path(args.receipt))
    _emit(args, _cert_json(cert, cur) | {"receipt": sale.number},
          [f"sold gift certificate {cert.code} for {money.format_amount(amount, cur)} "
           f"(receipt #{sale.number})"] + ([f"saved {args.receipt}"] if args.receipt else []))
    return 0


def gift_balance(args) -> int:
    db = _open(args)
    cur = _currency(db)
    cert = Certificates(db, actor_of(db), now_source()).look_up(args.code)
    _emit(args, _cert_json(cert, cur), [_cert_line(cert, cur)])
    return 0


def gift_list(args) -> int:
    db = _open(args)
    cur = _currency(db)
    certs = Certificates(db, actor_of(db), now_source()).all()
    _emit(args, [_cert_json(c, cur) for c in certs],
          [_cert_line(c, cur) for c in certs] or ["no gift certificates sold"])
    return 0


def fee_owed(args) -> int:
    if not getattr(args, "client", None):
        raise BadInput("say whose: frontdesk fee owed CLIENT", "client")
    db = _open(args)
    cur = _currency(db)
    with db.read() as session:
        card = clients.resolve(session, args.client)
        client, name = card.id, card.name
    balance, fees = Fees(db, actor_of(db), now_source()).owed(client)
    _emit(args, {"client": client, "owed": money.plain(max(balance, 0), cur),
                 "fees": [_json(f) for f in fees]},
          [f"{name} (#{client}) owes {money.format_amount(max(balance, 0), cur)}"]
          + [f"  #{f.number} {f.at}: {f.lines[0].label if f.lines else ''} {f.total}"
             for f in fees])
    return 0


def fee_waive(args) -> int:
    db = _open(args)
    cur = _currency(db)
    client = _card(db, args.client)
    return _show(args, Fees(db, actor_of(db), now_source()).waive(
        client, money.parse(args.amount, cur, "--amount"), args.reason))


def money_(args) -> int:
    db = _open(args)
    cur = _currency(db)
    if args.currency or args.no_show_fee or args.late_cancel_fee:
        new_cur = money.currency(args.currency) if args.currency else cur
        settings = save_money_settings(
            db, currency=args.currency,
            no_show_fee=money.parse(args.no_show_fee, new_cur, "--no-show-fee")
            if args.no_show_fee else None,
            late_cancel_fee=money.parse(args.late_cancel_fee, new_cur, "--late-cancel-fee")
            if args.late_cancel_fee else None, actor=actor_of(db))
    else:
        settings = money_settings(db)
    cur = money.currency(settings.currency)
    _emit(args, {"currency": settings.currency,
                 "no_show_fee": money.plain(settings.no_show_fee, cur),
                 "late_cancel_fee": money.plain(settings.late_cancel_fee, cur)},
          [f"currency {settings.currency}; no-show fee "
           f"{money.format_amount(settings.no_show_fee, cur)}; late-cancellation fee "
           f"{money.format_amount(settings.late_cancel_fee, cur)}"])
    return 0


def mark_with_fee(args, db: Database, status, verb: str) -> int:
    """``status ID no-show|late-cancel`` and ``cancel ID --late``, with their fee (--fee;
    default the clinic's). A therapist's account marks its own visits without the fee,
    which is the desk's to charge."""
    from frontdesk.cli.commands import _appt_line

    cur = _currency(db)
    fee = money.parse(args.fee, cur, "--fee") if args.fee else None
    tz = _catalog(db).clinic.tz
    appt, charged = Fees(db, actor_of(db), now_source()).mark(
        args.id, status, reason=args.reason, fee=fee)
    data = appt.as_json(tz) | {"fee": _json(charged) if charged else None}
    _emit(args, data, [f"{verb} {_appt_line(appt, tz)}"]
          + ([f"  fee owed: {charged.total} (#{charged.number})"] if charged else []))
    return 0
