"""The treasurer's day in the demo office: the tariff, an SKRD for each booking (so they air: the default airing
gate waits for the SKRD), a partial payment of the first, its SKRD and receipt and this month's report, as the files
an office keeps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from billing.assessments import issue_assessment
from billing.documents.receipt import render_receipt
from billing.documents.skrd import render_assessment
from billing.models import Assessment, TariffVersion
from billing.payments import record_payment
from billing.reports.month import month_report
from billing.reports.pdf_month import render_month_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_month_xlsx
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from videotron.core.context import AppContext
from videotron.core.i18n import say
from videotron.demo.office import write_demo_tariff


def treasurer_demo(ctx: AppContext, actor: str, out: Path, today: date) -> list[Path]:
    """The documents of the treasurer's demo day. Idempotent: a second run reuses what the first one issued."""
    config, clock = ctx.config, ctx.clock
    booking_id = f"BK-{today.year}-001"
    with ctx.sessions().begin() as s:
        if s.scalar(select(TariffVersion.id).limit(1)) is None:
            import_tariff(s, read_tariff(write_demo_tariff(out)), actor=actor, clock=clock)
        skrds = {}
        for bid in (booking_id, f"BK-{today.year}-002"):
            skrds[bid] = s.scalar(
                select(Assessment).where(
                    Assessment.booking_id == bid, Assessment.status != "void", Assessment.kind == "skrd"
                )
            ) or issue_assessment(s, bid, config=config, actor=actor, clock=clock)
        assessment = skrds[booking_id]
        if not assessment.payments:
            record_payment(
                s,
                assessment.number,
                amount=assessment.principal // 2,
                paid_on=assessment.issue_date,
                method="transfer",
                config=config,
                actor=actor,
                clock=clock,
            )
        s.flush()
        skrd_pdf = out / f"SKRD-{assessment.number.replace('/', '-')}.pdf"
        render_assessment(assessment, skrd_pdf, config.language)
        receipt = assessment.payments[0].receipt
        receipt_pdf = out / f"kuitansi-{receipt.number.replace('/', '-')}.pdf"
        render_receipt(receipt, receipt_pdf, config.language)
        print(say(ctx.language, "demo.skrd", "SKRD {number}: {total:rupiah} for {payer}, paid {paid:rupiah} (receipt "
                  "{receipt})", number=assessment.number, total=assessment.principal, payer=assessment.payer_name,
                  paid=assessment.paid_total, receipt=receipt.number))  # fmt: skip
    return [skrd_pdf, receipt_pdf, *monthly_report(ctx, out, today)]


def monthly_report(ctx: AppContext, out: Path, today: date) -> list[Path]:
    """This month's retribution report, as the treasurer files it (PDF) and works with it (XLSX)."""
    month = Month(today.year, today.month)
    with ctx.sessions().begin() as s:
        report = month_report(s, month, config=ctx.config, today=today)
    pdf, xlsx = out / f"laporan-retribusi-{month}.pdf", out / f"laporan-retribusi-{month}.xlsx"
    render_month_pdf(report, pdf, config=ctx.config, signed_on=today)
    write_month_xlsx(report, xlsx, config=ctx.config)
    return [pdf, xlsx]
