"""`videotron report month|delivery` and `videotron sts record`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from billing.assessments import office_today
from billing.deposits import record_deposit
from billing.reports.delivery import delivery_report
from billing.reports.month import month_report
from billing.reports.pdf_delivery import render_delivery_pdf
from billing.reports.pdf_month import render_month_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_delivery_csv, write_delivery_xlsx, write_month_csv, write_month_xlsx
from videotron.core.context import Context
from videotron.core.db import read_only
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.permissions import authorize

FORMATS = ("pdf", "xlsx", "csv")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _format(args: argparse.Namespace) -> str:
    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise VideotronError(f"--format: choose one of {', '.join(FORMATS)} (or name --out with that extension)")
    return fmt


def _report_sessions(ctx: Context):  # type: ignore[no-untyped-def]
    """Read-only sessions: on SQLite a report never takes the write lock from a desk issuing documents."""
    from sqlalchemy.orm import sessionmaker

    ctx.sessions()  # checks the schema
    return sessionmaker(read_only(ctx.engine()), expire_on_commit=False)


def cmd_month(args: argparse.Namespace, ctx: Context) -> int:
    fmt, month, today = _format(args), Month.parse(args.month), office_today(ctx.clock)
    with _report_sessions(ctx).begin() as session:
        authorize(session, ctx.actor, "report.make")
        report = month_report(session, month, config=ctx.config, today=today)
    if fmt == "pdf":
        render_month_pdf(report, args.out, config=ctx.config, signed_on=today)
    elif fmt == "xlsx":
        write_month_xlsx(report, args.out, config=ctx.config)
    else:
        write_month_csv(report, args.out, config=ctx.config)
    s = report.summary
    print(
        f"{args.out}: {len(report.book)} receipt(s), received {rupiah(s.received)}, deposited {rupiah(s.deposited)}, "
        f"outstanding {rupiah(s.outstanding)}"
    )
    return 0


def cmd_delivery(args: argparse.Namespace, ctx: Context) -> int:
    fmt, month, today = _format(args), Month.parse(args.month), office_today(ctx.clock)
    with _report_sessions(ctx).begin() as session:
        authorize(session, ctx.actor, "report.make")
        report = delivery_report(session, month, booking_id=args.booking, advertiser_id=args.advertiser)
        if fmt == "pdf":  # the statement reads the advertiser row, so render inside the session
            render_delivery_pdf(report, args.out, config=ctx.config, signed_on=today)
    if fmt == "xlsx":
        write_delivery_xlsx(report, args.out, config=ctx.config)
    elif fmt == "csv":
        write_delivery_csv(report, args.out, config=ctx.config)
    print(
        f"{args.out}: {len(report.lines)} booking line(s), booked {report.booked}, delivered {report.delivered}, "
        f"shortfall {report.shortfall}"
    )
    return 0


def cmd_sts_record(args: argparse.Namespace, ctx: Context) -> int:
    receipts = [n for n in args.receipts.split(",") if n.strip()]
    with ctx.sessions().begin() as session:
        deposit = record_deposit(
            session, args.date, receipts, config=ctx.config, actor=ctx.actor, note=args.note, clock=ctx.clock
        )
        print(
            f"STS {deposit.number}: {len(receipts)} receipt(s), {rupiah(deposit.amount)}, "
            f"deposited {deposit.deposit_date.isoformat()}"
        )
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = sub.add_parser("report", help="monthly retribution and proof-of-play reports")
    rsub = report.add_subparsers(dest="report_command", metavar="REPORT")
    rsub.required = True
    month = rsub.add_parser("month", help="monthly retribution report (Buku Penerimaan dan Penyetoran, targets)")
    month.add_argument("month", metavar="YYYY-MM")
    delivery = rsub.add_parser("delivery", help="plays booked vs played per booking, screen and day")
    delivery.add_argument("month", metavar="YYYY-MM")
    delivery.add_argument("--booking", metavar="ID", help="only this booking")
    delivery.add_argument("--advertiser", metavar="ID", help="only this advertiser: the statement to hand to the payer")
    for p, func in ((month, cmd_month), (delivery, cmd_delivery)):
        p.add_argument("--format", choices=FORMATS, help="pdf, xlsx or csv (default: from --out's extension)")
        p.add_argument("--out", metavar="FILE", required=True)
        p.set_defaults(func=func)

    sts = sub.add_parser("sts", help="deposits to the regional treasury (Surat Tanda Setoran)")
    ssub = sts.add_subparsers(dest="sts_command", metavar="ACTION")
    ssub.required = True
    rec = ssub.add_parser("record", help="record a deposit of one or more receipts")
    rec.add_argument("--date", type=_date, required=True, help="deposit date (YYYY-MM-DD)")
    rec.add_argument("--receipts", required=True, metavar="NUM,NUM...", help="receipt numbers, comma separated")
    rec.add_argument("--note", default="", help="remark printed with the deposit")
    rec.set_defaults(func=cmd_sts_record)
