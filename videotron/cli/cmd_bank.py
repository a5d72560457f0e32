"""`videotron bank import|lines|match|set-aside|report`: bank statements, their matching and the reconciliation.

An import is one transaction: every line stored and every match booked as a payment, or nothing (a file that cannot
be read whole is refused whole, exit 2). Importing the same statement again changes nothing.
"""

from __future__ import annotations

import argparse

from billing.bank.booking import reason_of
from billing.bank.importer import import_statement
from billing.bank.models import BankLine
from billing.bank.reading import read_statement
from billing.bank.reconcile import bank_lines, match_by_hand, set_aside
from billing.bank.report import write_reconciliation
from billing.bank.report_labels import bank_labels, money_text
from videotron.cli.cmd_billing import _period, _reader
from videotron.core.context import Context
from videotron.core.i18n import say


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b = sub.add_parser("bank", help="bank statements: import, match by hand, reconciliation report")
    bsub = b.add_subparsers(dest="bank_command", metavar="ACTION")
    bsub.required = True
    p = bsub.add_parser("import", help="import a statement (CSV or MT940) and book what it pays")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("csv", "mt940"), help="default: from the file's extension")
    p.add_argument("--account", help="the account the statement is for (default: the office's first)")
    p.set_defaults(func=cmd_bank_import)
    p = bsub.add_parser("lines", help="list statement lines and what became of them")
    p.add_argument("--open", action="store_true", help="only credits still to match by hand")
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12")
    p.set_defaults(func=cmd_bank_lines)
    p = bsub.add_parser("match", help="book an open credit as a payment on an SKRD")
    p.add_argument("line", type=int, metavar="LINE")
    p.add_argument("--skrd", required=True, metavar="NUMBER")
    p.set_defaults(func=cmd_bank_match, field_flags={"line": "LINE"})
    p = bsub.add_parser("set-aside", help="mark an open credit as not retribution, with a note")
    p.add_argument("line", type=int, metavar="LINE")
    p.add_argument("--note", required=True)
    p.set_defaults(func=cmd_bank_set_aside, field_flags={"line": "LINE"})
    p = bsub.add_parser("report", help="write the reconciliation report (PDF or XLSX)")
    p.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12")
    p.set_defaults(func=cmd_bank_report)


def cmd_bank_import(args: argparse.Namespace, ctx: Context) -> int:
    statement = read_statement(args.file, args.format, ctx.config.bank.csv)
    with ctx.sessions().begin() as s:
        done = import_statement(s, statement, account=args.account, config=ctx.config, actor=ctx.actor,
                                clock=ctx.clock)  # fmt: skip
        for line in done.lines:
            if line.status != "matched":
                print(_line_text(line, ctx.language))
        print(say(ctx.language, "bank.imported", "{file}: {new} new line(s), {known} already imported; {matched} "
                  "booked as payments, {open} to match by hand, {debits} debit(s)", file=args.file,
                  new=len(done.lines), known=done.known, matched=done.count("matched"),
                  open=len(done.lines) - done.count("matched") - done.count("debit"),
                  debits=done.count("debit")))  # fmt: skip
    return 0


def cmd_bank_lines(args: argparse.Namespace, ctx: Context) -> int:
    first, last = _period(args.year, args.month)
    with _reader(ctx).begin() as s:
        rows = bank_lines(s, open_only=args.open, first=first, last=last)
        for line in rows:
            print(_line_text(line, ctx.language))
        print(say(ctx.language, "bank.count", "{count} line(s)", count=len(rows)))
    return 0


def cmd_bank_match(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        line = match_by_hand(s, args.line, args.skrd, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        receipt = line.links[-1].payment.receipt.number
        print(say(ctx.language, "bank.matched", "line {line}: {amount:rupiah} paid on SKRD {number}, receipt "
                  "{receipt}", line=line.id, amount=line.rupiah, number=args.skrd, receipt=receipt))  # fmt: skip
    return 0


def cmd_bank_set_aside(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        line = set_aside(s, args.line, args.note, actor=ctx.actor, clock=ctx.clock)
        print(say(ctx.language, "bank.set_aside", "line {line} set aside: {note}", line=line.id, note=line.note))
    return 0


def cmd_bank_report(args: argparse.Namespace, ctx: Context) -> int:
    first, last = _period(args.year, args.month)
    with _reader(ctx).begin() as s:
        write_reconciliation(s, args.out, first=first, last=last, config=ctx.config, clock=ctx.clock)
    print(f"wrote {args.out}")
    return 0


def _line_text(line: BankLine, language: str) -> str:
    amount = money_text(line.amount_sen, language)
    skrd = ", ".join(p.assessment.number for p in line.payments) or (line.assessment.number if line.assessment else "")
    why = line.note or reason_of(line, language)
    return (
        f"#{line.id:<5} {line.booked_on}  {amount:>16}  {bank_labels(language)[line.status]:<12} {skrd:<22} "
        f"{line.bank_reference[:20]:<20} {line.narrative[:40]}" + (f"\n        {why}" if why else "")
    )
