"""`videotron credit list|show|pdf|offset|refund`: credit notes (SKRDLB) and what becomes of them."""

from __future__ import annotations

import argparse
import json

from billing.credits import describe_credit, get_credit, list_credits, offset_credit, refund_credit
from billing.documents.credit_note import render_credit
from billing.money import parse_rupiah
from videotron.cli.cmd_billing import _reader, _write_pdf, parse_date
from videotron.core.context import Context
from videotron.core.formats import rupiah
from videotron.core.i18n import say


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    c = sub.add_parser("credit", help="credit notes (SKRDLB): list, show, pdf, offset, refund")
    csub = c.add_subparsers(dest="credit_command", metavar="ACTION")
    csub.required = True
    p = csub.add_parser("list", help="list credit notes and what is left on each")
    p.add_argument("--advertiser", metavar="ID")
    p.add_argument("--booking", metavar="ID")
    p.set_defaults(func=cmd_credit_list)
    p = csub.add_parser("show", help="one credit note with its lines and uses")
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_credit_show)
    p = csub.add_parser("pdf", help="write a credit note as an A4 PDF")
    p.add_argument("number")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_credit_pdf)
    p = csub.add_parser("offset", help="offset a credit against an SKRD of the same payer")
    p.add_argument("number")
    p.add_argument("--skrd", required=True, metavar="NUMBER")
    p.add_argument("--amount", metavar="RP", help="default: as much as both allow")
    p.set_defaults(func=cmd_credit_offset)
    p = csub.add_parser("refund", help="record that a credit was paid back")
    p.add_argument("number")
    p.add_argument("--amount", required=True, metavar="RP")
    p.add_argument("--date", required=True, metavar="DATE")
    p.add_argument("--reference", required=True, help="the transfer's reference (bank or SP2D number)")
    p.set_defaults(func=cmd_credit_refund, field_flags={"paid_on": "--date"})


def cmd_credit_list(args: argparse.Namespace, ctx: Context) -> int:
    with _reader(ctx).begin() as s:
        rows = list_credits(s, advertiser_id=args.advertiser, booking_id=args.booking)
        for c in rows:
            print(f"{c.number:<22} {c.issue_date}  {c.cause:<12} {c.payer_name[:28]:<28} {rupiah(c.amount):>14} "
                  f"left {rupiah(c.remaining):>14}  booking {c.booking_id}")  # fmt: skip
        print(say(ctx.language, "credit.count", "{count} credit note(s), {left:rupiah} left to refund or offset",
                  count=len(rows), left=sum(c.remaining for c in rows)))  # fmt: skip
    return 0


def cmd_credit_show(args: argparse.Namespace, ctx: Context) -> int:
    with _reader(ctx).begin() as s:
        data = describe_credit(get_credit(s, args.number))
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{data['number']} ({data['cause']}): booking {data['booking']}, SKRD {data['skrd']}, {data['issue_date']}")
    print(f"  {data['reason']}")
    for ln in data["lines"]:  # type: ignore[attr-defined]
        print(f"  line   {ln['account'] or '-'}  {ln['description']}  = {rupiah(ln['amount'])}")
    for u in data["uses"]:  # type: ignore[attr-defined]
        print(f"  {u['kind']:<6} {u['date']} {rupiah(u['amount'])}  {u['skrd'] or u['reference']}")
    print(f"  amount {rupiah(data['amount'])}  used {rupiah(data['used'])}  left {rupiah(data['remaining'])}  "
          f"verification {data['verification']}")  # fmt: skip
    return 0


def cmd_credit_pdf(args: argparse.Namespace, ctx: Context) -> int:
    return _write_pdf(args, ctx, get_credit, render_credit)


def cmd_credit_offset(args: argparse.Namespace, ctx: Context) -> int:
    amount = parse_rupiah(args.amount, "amount") if args.amount else None
    with ctx.sessions().begin() as s:
        use = offset_credit(s, args.number, args.skrd, amount=amount, config=ctx.config, actor=ctx.actor,
                            clock=ctx.clock)  # fmt: skip
        print(say(ctx.language, "credit.offset", "credit {number}: {amount:rupiah} offset against SKRD {skrd} (still "
                  "owed {owed:rupiah}); {left:rupiah} left", number=args.number, amount=use.amount, skrd=args.skrd,
                  owed=use.assessment.outstanding if use.assessment else 0, left=use.credit.remaining))  # fmt: skip
    return 0


def cmd_credit_refund(args: argparse.Namespace, ctx: Context) -> int:
    amount = parse_rupiah(args.amount, "amount")
    paid_on = parse_date(args.date, "paid_on")
    with ctx.sessions().begin() as s:
        use = refund_credit(s, args.number, amount=amount, paid_on=paid_on, reference=args.reference,
                            config=ctx.config, actor=ctx.actor, clock=ctx.clock)  # fmt: skip
        print(say(ctx.language, "credit.refunded", "credit {number}: {amount:rupiah} refunded on {day:date} ({ref}); "
                  "{left:rupiah} left", number=args.number, amount=use.amount, day=paid_on, ref=use.reference,
                  left=use.credit.remaining))  # fmt: skip
    return 0
