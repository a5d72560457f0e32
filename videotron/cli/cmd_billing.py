"""`videotron tariff|quote|skrd|receipt`: tariffs, quotes, SKRD assessments, payments, receipts and their PDFs.

One user action is one transaction (with its audit entry); bad input raises VideotronError (exit 2).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import (
    describe,
    get_assessment,
    issue_assessment,
    list_assessments,
    void_assessment,
)
from billing.documents.receipt import render_receipt
from billing.documents.skrd import render_assessment
from billing.models import ASSESSMENT_STATUSES, PAYMENT_METHODS, TariffRate
from billing.money import parse_rupiah, plain
from billing.output import write_file
from billing.payments import get_receipt, list_payments, record_payment
from billing.quote import quote_booking
from billing.tariff_file import read_tariff
from billing.tariffs import describe as describe_tariff
from billing.tariffs import import_tariff, list_versions, version_at
from playlists.models import Booking, RunningText
from videotron.core.context import Context
from videotron.core.db import make_session_factory, read_only
from videotron.core.errors import ValidationError
from videotron.core.formats import rupiah
from videotron.core.migrate import ensure_current


def parse_date(text: str, field: str) -> date:
    """A date typed as YYYY-MM-DD for `field` (the problem names the field; `main` words it as its option)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("cli.not_date", "{text!r} is not a date YYYY-MM-DD", field=field, text=text) from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    t = sub.add_parser("tariff", help="retribution tariff table").add_subparsers(
        dest="tariff_command", metavar="ACTION"
    )
    t.required = True
    p = t.add_parser("check", help="check a tariff TOML file (all problems, with line and field)")
    p.add_argument("file")
    p.set_defaults(func=cmd_tariff_check)
    p = t.add_parser("import", help="import a tariff TOML file as a new version")
    p.add_argument("file")
    p.set_defaults(func=cmd_tariff_import)
    p = t.add_parser("show", help="show the tariff version in force")
    p.add_argument("--at", metavar="DATE", help="the version in force on DATE (default: today)")
    p.add_argument("--all", action="store_true", help="list every imported version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tariff_show)

    p = sub.add_parser("quote", help="price a booking with the tariff in force")
    p.add_argument("booking")
    p.add_argument("--at", metavar="DATE", help="price with the tariff in force on DATE (default: today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quote)

    s = sub.add_parser("skrd", help="SKRD assessments and payments").add_subparsers(
        dest="skrd_command", metavar="ACTION"
    )
    s.required = True
    p = s.add_parser("issue", help="issue the SKRD for a booking")
    p.add_argument("booking")
    p.set_defaults(func=cmd_skrd_issue)
    p = s.add_parser("pay", help="record a payment and issue its receipt")
    p.add_argument("number")
    p.add_argument("--amount", required=True, metavar="RP")
    p.add_argument("--date", required=True, metavar="DATE")
    p.add_argument("--method", required=True, choices=PAYMENT_METHODS)
    p.add_argument("--reference", dest="bank_reference", metavar="REF", help="the bank's reference of the transfer, "
                   "QRIS or virtual-account payment (required for qris and va)")  # fmt: skip
    p.set_defaults(func=cmd_skrd_pay, field_flags={"paid_on": "--date"})
    p = s.add_parser("void", help="void an unpaid SKRD (its number stays, marked void)")
    p.add_argument("number")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_skrd_void)
    p = s.add_parser("list", help="list assessments")
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12")
    p.add_argument("--status", choices=ASSESSMENT_STATUSES)
    p.set_defaults(func=cmd_skrd_list)
    p = s.add_parser("show", help="show one assessment with its payments")
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_skrd_show)
    p = s.add_parser("pdf", help="write the SKRD as an A4 PDF")
    p.add_argument("number")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_skrd_pdf)

    r = sub.add_parser("receipt", help="payment receipts").add_subparsers(dest="receipt_command", metavar="ACTION")
    r.required = True
    p = r.add_parser("pdf", help="write a receipt as an A5 PDF")
    p.add_argument("number")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_receipt_pdf)
    p = r.add_parser("list", help="list payments and their receipts")
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12")
    p.set_defaults(func=cmd_receipt_list)


def _reader(ctx: Context) -> sessionmaker[Session]:
    """Sessions for reading only: on SQLite they never take the write lock, so a report never blocks a desk."""
    ensure_current(ctx.engine())
    return make_session_factory(read_only(ctx.engine()))


def _period(year: int | None, month: int | None) -> tuple[date | None, date | None]:
    if month and not year:
        raise ValidationError("cli.month_without_year", "needs --year", field="month")
    if not year:
        return None, None
    if not month:
        return date(year, 1, 1), date(year, 12, 31)
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), date.fromordinal(end.toordinal() - 1)


def cmd_tariff_check(args: argparse.Namespace, ctx: Context) -> int:
    spec = read_tariff(args.file)
    print(
        f"{args.file}: OK: {spec.name!r} effective {spec.effective_from}, {len(spec.rates)} rate(s), "
        f"{len(spec.bands)} band(s)"
    )
    return 0


def cmd_tariff_import(args: argparse.Namespace, ctx: Context) -> int:
    spec = read_tariff(args.file)
    with ctx.sessions().begin() as session:
        version = import_tariff(session, spec, actor=ctx.actor, clock=ctx.clock)
        print(f"imported tariff version {version.id}: {version.name!r} effective {version.effective_from}")
    return 0


def cmd_tariff_show(args: argparse.Namespace, ctx: Context) -> int:
    with _reader(ctx).begin() as session:
        if args.all:
            versions = list_versions(session)
        else:
            day = parse_date(args.at, "at") if args.at else ctx.config.today(ctx.clock)
            versions = [version_at(session, day)]
        if args.json:
            print(json.dumps([describe_tariff(v) for v in versions], indent=2, ensure_ascii=False))
            return 0
        for v in versions:
            print(
                f"version {v.id}: {v.name}\n  {v.regulation}\n  effective from {v.effective_from}; block "
                f"{v.block_seconds} s; rounding Rp{v.rounding}; due {v.due_days} days; late interest "
                f"{plain(v.late_interest_percent)}%/month; min plays/day {v.min_plays_per_day or '-'}; exempt: "
                f"{', '.join(v.exempt) or '-'}"
            )
            print(f"  part month: {v.part_month or '-'}")
            for r in v.rates:
                print(f"  rate  {r.category:<12} zone {r.zone:<4} per {r.unit:<8} {rupiah(r.price):>14}  {r.account}  "
                      f"{_rate_terms(r)}")  # fmt: skip
            for b in v.bands:
                print(f"  band  {b.name:<12} {b.start}-{b.end} x {plain(b.factor)}")
    return 0


def _rate_terms(r: TariffRate) -> str:
    """What a rate row's price multiplies by, in a few words."""
    if r.unit == "contract":
        return "flat for the booking's period"
    block = r.block_seconds
    terms = {"spot": f"per {block} s block of the spot", "airtime": f"per {block} s of airtime a day",
             "none": "not per block"}[r.block_basis]  # fmt: skip
    if r.package_plays:
        terms += f"; package of {r.package_plays} plays a day"
    if r.minimum_charge:
        terms += f"; minimum {rupiah(r.minimum_charge)}"
    return terms


def cmd_quote(args: argparse.Namespace, ctx: Context) -> int:
    day = parse_date(args.at, "at") if args.at else ctx.config.today(ctx.clock)
    with _reader(ctx).begin() as session:
        quote = quote_booking(session, args.booking, day, ctx.config.language)
    if args.json:
        print(json.dumps(quote.as_json(), indent=2, ensure_ascii=False))
        return 0
    print(
        f"booking {args.booking}: {quote.tariff_name} (version {quote.tariff_version_id}, "
        f"effective {quote.tariff_effective_from})"
    )
    for line in quote.lines:
        print(f"  {line.account or '-':<14} {line.description}  = {rupiah(line.amount)}")
    print(f"  total {rupiah(quote.total)}")
    return 0


def cmd_skrd_issue(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions()() as session:
        text = session.get(Booking, args.booking) is None and session.get(RunningText, args.booking) is not None
    if text:  # a running-text booking's SKRD (`videotron text skrd`)
        from videotron.cli.cmd_text import cmd_text_skrd

        return cmd_text_skrd(args, ctx)
    with ctx.sessions().begin() as session:
        a = issue_assessment(session, args.booking, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        print(f"issued SKRD {a.number}: {a.payer_name}, {rupiah(a.principal)}, due {a.due_date}")
    return 0


def cmd_skrd_pay(args: argparse.Namespace, ctx: Context) -> int:
    amount = parse_rupiah(args.amount, "amount")
    paid_on = parse_date(args.date, "paid_on")
    with ctx.sessions().begin() as session:
        charged = {x.number for x in get_assessment(session, args.number).penalties}
        p = record_payment(session, args.number, amount=amount, paid_on=paid_on, method=args.method,
                           config=ctx.config, actor=ctx.actor, clock=ctx.clock,
                           bank_reference=args.bank_reference)  # fmt: skip
        a = p.assessment
        for x in (x for x in a.penalties if x.number not in charged):
            print(
                f"STRD {x.number}: late interest {plain(x.percent)}% x {x.months_to - x.months_from + 1} month(s) "
                f"on {rupiah(x.base)} = {rupiah(x.amount)}"
            )
        print(
            f"receipt {p.receipt.number}: {rupiah(amount)} for SKRD {a.number}; status {a.status}, "
            f"still owed {rupiah(a.outstanding)}"
        )
    return 0


def cmd_skrd_void(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as session:
        a = void_assessment(session, args.number, args.reason, actor=ctx.actor, clock=ctx.clock)
        print(f"SKRD {a.number} is void: {a.void_reason}")
    return 0


def cmd_skrd_list(args: argparse.Namespace, ctx: Context) -> int:
    start, end = _period(args.year, args.month)
    with _reader(ctx).begin() as session:
        rows = list_assessments(session, start=start, end=end, status=args.status)
        for a in rows:
            print(
                f"{a.number:<22} {a.issue_date}  {a.status:<8} {a.payer_name[:30]:<30} {rupiah(a.total):>16} "
                f"owed {rupiah(a.outstanding):>14}  booking {a.booking_id}"
            )
        print(f"{len(rows)} assessment(s), total {rupiah(sum(a.total for a in rows if a.status != 'void'))}")
    return 0


def cmd_skrd_show(args: argparse.Namespace, ctx: Context) -> int:
    with _reader(ctx).begin() as session:
        a = get_assessment(session, args.number)
        data = describe(a)
        data["payments"] = [
            {"date": p.paid_on.isoformat(), "amount": p.amount, "method": p.method, "receipt": p.receipt.number,
             "principal": p.principal_part, "sanksi": p.sanksi_part, "bank_reference": p.bank_reference}
            for p in a.payments
        ]  # fmt: skip
        data["strd"] = [{"number": x.number, "date": x.issue_date.isoformat(), "amount": x.amount} for x in a.penalties]
        if args.json:
            print(json.dumps(data, indent=2, ensure_ascii=False))
            return 0
        print(f"SKRD {a.number} ({a.status}), booking {a.booking_id}, tariff version {a.tariff_version_id}")
        print(f"  payer     {a.payer_name} · {a.payer_address or '-'} · NPWRD {a.payer_npwrd or '-'}")
        print(f"  issued    {a.issue_date}, due {a.due_date}, period {a.period_start} .. {a.period_end}")
        for ln in a.lines:
            print(f"  line      {ln.account or '-'}  {ln.description}  = {rupiah(ln.amount)}")
        print(f"  pokok {rupiah(a.principal)}  sanksi {rupiah(a.sanksi)}  total {rupiah(a.total)}  "
              f"paid {rupiah(a.paid_total)}  owed {rupiah(a.outstanding)}")  # fmt: skip
        for x in a.penalties:
            print(f"  STRD      {x.number} {x.issue_date} {rupiah(x.amount)}")
        for p in a.payments:
            ref = f"  ref {p.bank_reference}" if p.bank_reference else ""
            print(f"  payment   {p.paid_on} {p.method:<8} {rupiah(p.amount)}  receipt {p.receipt.number}{ref}")
        void = f"; VOID: {a.void_reason}" if a.status == "void" else ""
        if a.virtual_account:
            print(f"  virtual account {a.virtual_account}")
        print(f"  verification code {a.verification}{void}")
    return 0


def _write_pdf(args: argparse.Namespace, ctx: Context, find: Callable[[Session, str], Any],
               render: Callable[[Any, Path, str], None]) -> int:  # fmt: skip
    """Write document `args.number` (found by `find`, drawn by `render`) to `args.out`, whole or not at all."""
    with _reader(ctx).begin() as session:
        document = find(session, args.number)
        write_file(args.out, lambda path: render(document, path, ctx.config.language), suffix=".pdf")
    print(f"wrote {args.out}")
    return 0


def cmd_skrd_pdf(args: argparse.Namespace, ctx: Context) -> int:
    return _write_pdf(args, ctx, get_assessment, render_assessment)


def cmd_receipt_pdf(args: argparse.Namespace, ctx: Context) -> int:
    return _write_pdf(args, ctx, get_receipt, render_receipt)


def cmd_receipt_list(args: argparse.Namespace, ctx: Context) -> int:
    start, end = _period(args.year, args.month)
    with _reader(ctx).begin() as session:
        rows = list_payments(session, start=start, end=end)
        for p in rows:
            print(
                f"{p.receipt.number:<20} {p.paid_on}  {p.method:<8} {rupiah(p.amount):>14}  SKRD {p.assessment.number}"
                f"  {p.assessment.payer_name[:30]}"
            )
        print(f"{len(rows)} payment(s), total {rupiah(sum(p.amount for p in rows))}")
    return 0
