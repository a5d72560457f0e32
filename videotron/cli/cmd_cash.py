"""`videotron period close|list`, `skrd overdue`, `strd issue|pdf|list`, `teguran issue|pdf`: the treasurer's month.

A close names the receipts it carries forward (`--carry`); `skrd overdue --letters` issues every reminder letter due
today (each with the STRD for the interest to date) and, with `--out DIR`, writes them as PDFs. One action is one
transaction with its audit entries; a document written to a file is written whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from billing.documents.strd import render_strd
from billing.documents.teguran import render_teguran
from billing.output import write_file
from billing.overdue import get_strd, issue_strd, list_strds, overdue_skrds
from billing.periods import close_month, closed_months
from billing.reminders import get_reminder, issue_due_letters, issue_reminder
from billing.reports.period import Month
from videotron.cli.cmd_billing import _reader, _write_pdf
from videotron.core.context import Context
from videotron.core.formats import local_time, rupiah
from videotron.core.i18n import say


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("period", help="close a month (its cash deposited or carried forward); list closed months")
    psub = p.add_subparsers(dest="period_command", metavar="ACTION")
    psub.required = True
    p = psub.add_parser("close", help="close a month: nothing may be dated inside it afterwards")
    p.add_argument("month", metavar="YYYY-MM")
    p.add_argument("--carry", nargs="*", default=[], metavar="RECEIPT", help="receipts held at the month's end and "
                   "carried forward into the next month (deposited later)")  # fmt: skip
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_period_close)
    p = psub.add_parser("list", help="closed months with their figures")
    p.set_defaults(func=cmd_period_list)

    skrd = sub.choices["skrd"]
    ssub = next(a for a in skrd._actions if isinstance(a, argparse._SubParsersAction))
    p = ssub.add_parser("overdue", help="SKRDs past due with the interest to date; --letters issues the letters due")
    p.add_argument("--letters", action="store_true", help="issue every reminder letter due today (with its STRD)")
    p.add_argument("--out", metavar="DIR", help="with --letters: write each letter and STRD as a PDF into DIR")
    p.set_defaults(func=cmd_skrd_overdue)

    for name, what, issue, pdf in (("strd", "STRD (late interest)", cmd_strd_issue, cmd_strd_pdf),
                                   ("teguran", "reminder letter (Surat Teguran 1-3)", cmd_teguran_issue,
                                    cmd_teguran_pdf)):  # fmt: skip
        g = sub.add_parser(name, help=f"{what}: issue, pdf").add_subparsers(dest=f"{name}_command", metavar="ACTION")
        g.required = True
        p = g.add_parser("issue", help=f"issue the {what} for an overdue SKRD, dated today")
        p.add_argument("skrd", metavar="SKRD")
        p.add_argument("--out", metavar="FILE.pdf", help="also write it as a PDF")
        p.set_defaults(func=issue)
        p = g.add_parser("pdf", help=f"write an issued {what} as an A4 PDF")
        p.add_argument("number")
        p.add_argument("--out", required=True, metavar="FILE.pdf")
        p.set_defaults(func=pdf)
        if name == "strd":
            p = g.add_parser("list", help="STRDs issued in a month")
            p.add_argument("month", metavar="YYYY-MM")
            p.set_defaults(func=cmd_strd_list)


def cmd_period_close(args: argparse.Namespace, ctx: Context) -> int:
    month = Month.parse(args.month)
    with ctx.sessions().begin() as s:
        row = close_month(s, month, args.carry, note=args.note, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        print(say(ctx.language, "period.closed_ok", "{month:month} closed: saldo awal {opening:rupiah}, received "
                  "{received:rupiah}, deposited {deposited:rupiah}, carried forward {closing:rupiah}",
                  month=month.start, opening=row.carried_in, received=row.received, deposited=row.deposited,
                  closing=row.carried_out))  # fmt: skip
    return 0


def cmd_period_list(args: argparse.Namespace, ctx: Context) -> int:
    with _reader(ctx).begin() as s:
        rows = closed_months(s)
        for r in rows:
            print(f"{r.year:04d}-{r.month:02d}  awal {rupiah(r.carried_in):>14}  terima {rupiah(r.received):>14}  "
                  f"setor {rupiah(r.deposited):>14}  akhir {rupiah(r.carried_out):>14}  "
                  f"{local_time(r.closed_at, ctx.config.zone)} {r.closed_by}")  # fmt: skip
        if not rows:
            print(say(ctx.language, "period.none_closed", "no month is closed yet"))
    return 0


def cmd_skrd_overdue(args: argparse.Namespace, ctx: Context) -> int:
    today = ctx.config.today(ctx.clock)
    if args.letters:
        with ctx.sessions().begin() as s:
            issued = issue_due_letters(s, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
            for i in issued:
                strd = f", STRD {i.strd.number} {rupiah(i.strd.amount)}" if i.strd else ""
                print(f"Surat Teguran {i.letter.step} {i.letter.number}: SKRD {i.letter.assessment.number}, owed "
                      f"{rupiah(i.letter.owed)}, pay by {i.letter.pay_by}{strd}")  # fmt: skip
                if args.out:
                    _write(Path(args.out) / _file(i.letter.number), render_teguran, i.letter, ctx)
                    if i.strd:
                        _write(Path(args.out) / _file(i.strd.number), render_strd, i.strd, ctx)
            print(say(ctx.language, "reminder.issued_count", "{count} letter(s) issued", count=len(issued)))
        return 0
    with _reader(ctx).begin() as s:
        rows = overdue_skrds(s, today, config=ctx.config)
        for o in rows:
            sent = ",".join(str(step) for step, _n, _d in o.letters) or "-"
            following = f"next {o.next_step} on {o.next_on}" if o.next_step else "all sent"
            print(f"{o.skrd:<20} {o.payer[:26]:<26} due {o.due_date} {o.months_late:>2} mo  principal "
                  f"{rupiah(o.principal):>13} sanksi {rupiah(o.sanksi):>11} interest {rupiah(o.interest_due):>11} "
                  f"total {rupiah(o.total):>13}  letters {sent} ({following})")  # fmt: skip
        print(say(ctx.language, "skrd.overdue_count", "{count} SKRD(s) overdue on {day:date}: {total:rupiah} with "
                  "interest to date", count=len(rows), day=today, total=sum(o.total for o in rows)))  # fmt: skip
    return 0


def _file(number: str) -> str:
    return number.replace("/", "-") + ".pdf"


def _write(path: Path, render: object, document: object, ctx: Context) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, lambda p: render(document, p, ctx.config.language), suffix=".pdf")  # type: ignore[operator]
    print(f"wrote {path}")


def cmd_strd_issue(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        p = issue_strd(s, args.skrd, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        print(f"STRD {p.number}: SKRD {args.skrd}, interest {p.percent.normalize()}% x "
              f"{p.months_to - p.months_from + 1} month(s) on {rupiah(p.base)} = {rupiah(p.amount)} "
              f"(account {p.account})")  # fmt: skip
        if args.out:
            _write(Path(args.out), render_strd, p, ctx)
    return 0


def cmd_strd_pdf(args: argparse.Namespace, ctx: Context) -> int:
    return _write_pdf(args, ctx, get_strd, render_strd)


def cmd_strd_list(args: argparse.Namespace, ctx: Context) -> int:
    month = Month.parse(args.month)
    with _reader(ctx).begin() as s:
        for p in list_strds(s, month.start, month.end):
            print(f"{p.number:<22} {p.issue_date}  SKRD {p.assessment.number:<20} months {p.months_from}-"
                  f"{p.months_to}  {rupiah(p.amount):>12}  {p.account or '-'}")  # fmt: skip
    return 0


def cmd_teguran_issue(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        i = issue_reminder(s, args.skrd, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        if i.strd:
            print(f"STRD {i.strd.number}: {rupiah(i.strd.amount)} ({i.strd.account})")
        print(f"Surat Teguran {i.letter.step} {i.letter.number}: SKRD {args.skrd}, owed {rupiah(i.letter.owed)}, "
              f"pay by {i.letter.pay_by}")  # fmt: skip
        if args.out:
            _write(Path(args.out), render_teguran, i.letter, ctx)
    return 0


def cmd_teguran_pdf(args: argparse.Namespace, ctx: Context) -> int:
    return _write_pdf(args, ctx, get_reminder, render_teguran)
