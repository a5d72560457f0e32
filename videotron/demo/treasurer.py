"""The treasurer's day in the demo office: the tariff, an SKRD for each booking and for the sold running text (so
they air: the default airing gate waits for the SKRD), a partial payment of the first, its SKRD and receipt, the
running text's SKRD and this month's report, as the files an office keeps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.assessments import issue_assessment
from billing.documents.receipt import render_receipt
from billing.documents.skrd import render_assessment
from billing.models import Assessment, TariffRate
from billing.payments import record_payment
from billing.reports.month import month_report
from billing.reports.pdf_month import render_month_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_month_xlsx
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from billing.text_assessments import issue_text_assessment
from billing.text_state import live_text_assessments
from videotron.core.context import AppContext
from videotron.core.i18n import say
from videotron.demo.office import TEXT_CATEGORY, write_demo_tariff


def treasurer_demo(ctx: AppContext, actor: str, out: Path, today: date) -> list[Path]:
    """The documents of the treasurer's demo day. Idempotent: a second run reuses what the first one issued."""
    config, clock = ctx.config, ctx.clock
    booking_id = f"BK-{today.year}-001"
    with ctx.sessions().begin() as s:
        if s.scalar(select(TariffRate.category).where(TariffRate.category == TEXT_CATEGORY).limit(1)) is None:
            # (also on a demo database from before running text: the demo tariff with its running-text rate)
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
        text_skrd = text_assessment(s, f"TB-{today.year}-001", ctx, actor)
        s.flush()
        text_pdf = out / f"SKRD-{text_skrd.number.replace('/', '-')}.pdf"
        render_assessment(text_skrd, text_pdf, config.language)
        skrd_pdf = out / f"SKRD-{assessment.number.replace('/', '-')}.pdf"
        render_assessment(assessment, skrd_pdf, config.language)
        receipt = assessment.payments[0].receipt
        receipt_pdf = out / f"kuitansi-{receipt.number.replace('/', '-')}.pdf"
        render_receipt(receipt, receipt_pdf, config.language)
        print(say(ctx.language, "demo.skrd", "SKRD {number}: {total:rupiah} for {payer}, paid {paid:rupiah} (receipt "
                  "{receipt})", number=assessment.number, total=assessment.principal, payer=assessment.payer_name,
                  paid=assessment.paid_total, receipt=receipt.number))  # fmt: skip
    return [skrd_pdf, text_pdf, receipt_pdf, *monthly_report(ctx, out, today)]


def text_assessment(s: Session, text_id: str, ctx: AppContext, actor: str) -> Assessment:
    """The demo's sold running text's SKRD (so it runs in the band: the airing gate waits for it)."""
    live = live_text_assessments(s, text_id)
    return live[0] if live else issue_text_assessment(s, text_id, config=ctx.config, actor=actor, clock=ctx.clock)


def monthly_report(ctx: AppContext, out: Path, today: date) -> list[Path]:
    """This month's retribution report, as the treasurer files it (PDF) and works with it (XLSX)."""
    month = Month(today.year, today.month)
    with ctx.sessions().begin() as s:
        report = month_report(s, month, config=ctx.config, today=today)
    pdf, xlsx = out / f"laporan-retribusi-{month}.pdf", out / f"laporan-retribusi-{month}.xlsx"
    render_month_pdf(report, pdf, config=ctx.config, signed_on=today)
    write_month_xlsx(report, xlsx, config=ctx.config)
    return [pdf, xlsx]
