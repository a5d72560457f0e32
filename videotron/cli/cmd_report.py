"""`videotron report month|delivery` and `videotron sts record`."""

from __future__ import annotations

import argparse

from billing.deposits import record_deposit
from billing.reports.delivery_data import DeliveryReport
from billing.reports.export import FORMATS, Report, export_report
from billing.reports.month import MonthReport
from billing.reports.period import Month
from videotron.cli.cmd_billing import parse_date
from videotron.core.context import Context
from videotron.core.formats import rupiah


def _export(args: argparse.Namespace, ctx: Context) -> Report:
    """The report, written by the one export service the desk uses too."""
    return export_report(ctx.sessions(), args.report_command, Month.parse(args.month), args.out, fmt=args.format,
                         config=ctx.config, actor=ctx.actor, clock=ctx.clock, booking=getattr(args, "booking", None),
                         advertiser=getattr(args, "advertiser", None))  # fmt: skip


def cmd_month(args: argparse.Namespace, ctx: Context) -> int:
    report = _export(args, ctx)
    assert isinstance(report, MonthReport)
    s = report.summary
    print(
        f"{args.out}: {len(report.book)} receipt(s), received {rupiah(s.received)}, deposited {rupiah(s.deposited)}, "
        f"outstanding {rupiah(s.outstanding)}"
    )
    return 0


def cmd_delivery(args: argparse.Namespace, ctx: Context) -> int:
    report = _export(args, ctx)
    assert isinstance(report, DeliveryReport)
    print(
        f"{args.out}: {len(report.lines)} booking line(s), booked {report.booked}, delivered {report.delivered}, "
        f"shortfall {report.shortfall}"
    )
    return 0


def cmd_sts_record(args: argparse.Namespace, ctx: Context) -> int:
    receipts = [n for n in args.receipts.split(",") if n.strip()]
    day = parse_date(args.date, "deposit_date")
    with ctx.sessions().begin() as session:
        deposit = record_deposit(
            session, day, receipts, config=ctx.config, actor=ctx.actor, note=args.note, clock=ctx.clock
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
    rec.add_argument("--date", required=True, help="deposit date (YYYY-MM-DD)")
    rec.add_argument("--receipts", required=True, metavar="NUM,NUM...", help="receipt numbers, comma separated")
    rec.add_argument("--note", default="", help="remark printed with the deposit")
    rec.set_defaults(func=cmd_sts_record, field_flags={"deposit_date": "--date"})
