"""The monthly retribution report: figures from the database, the XLSX read back with openpyxl, the PDF read back
with pdfplumber, the CSV, and `videotron report month`; every total is checked against the database."""

from __future__ import annotations

import csv
import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from billing.models import Assessment, DepositReceipt, Payment
from billing.reports.breakdown import allocate
from billing.reports.charts_data import monthly_realisation
from billing.reports.month import MonthReport, month_report
from billing.reports.pdf_month import render_month_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_month_xlsx
from tests.office import write_office_config
from tests.report_helpers import CONFIG, build_month
from tests.xlsx_eval import value
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

MARCH = Month(2026, 3)
TODAY = date(2026, 4, 2)


def db_sum(s: Session, column, *where) -> int:  # type: ignore[no-untyped-def]
    return int(s.scalar(select(func.coalesce(func.sum(column), 0)).where(*where)) or 0)


def in_march(column):  # type: ignore[no-untyped-def]
    return column.between(MARCH.start, MARCH.end)


def build_report(engine: Engine, tmp_path: Path) -> tuple[MonthReport, dict[str, str]]:
    sessions = make_session_factory(engine)
    numbers = build_month(sessions, tmp_path)
    with sessions.begin() as s:
        return month_report(s, MARCH, config=CONFIG, today=TODAY), numbers


def test_month_figures_match_the_database(any_engine: Engine, tmp_path: Path) -> None:
    report, n = build_report(any_engine, tmp_path)
    with make_session_factory(any_engine).begin() as s:
        received = db_sum(s, Payment.amount, in_march(Payment.paid_on))
        assessed = db_sum(s, Assessment.principal, in_march(Assessment.issue_date), Assessment.status != "void")
        deposited = db_sum(s, DepositReceipt.amount)
    sm = report.summary
    # GIVEN two receipts in March (one deposited), THEN the book lists them in order with their STS
    assert [(r.receipt, r.amount, r.sts, r.deposited, r.instalment) for r in report.book] == [
        (n["r_b1"], 1_240_000, n["sts"], 1_240_000, False),
        (n["r_b2"], 200_000, None, 0, True),
    ]
    assert [r.account for r in report.book] == ["4.1.2.02.01", "4.1.2.02.02"]
    assert sm.received == received == 1_440_000 and sm.deposited == deposited == 1_240_000 and sm.undeposited == 200_000
    # the voided SKRD is listed, not counted
    assert sm.assessed == assessed == 1_860_000 and sm.assessed_count == 2
    assert [(v.skrd, v.reason) for v in report.voided] == [(n["b3"], "salah tarif")]
    # outstanding on 31 March: the unpaid February SKRD and the rest of the partial payment
    assert (sm.outstanding_count, sm.outstanding) == (2, 405_000 + 420_000)
    # overdue: due 4 March, one started month late, 2% of the tariff version it was priced with
    assert [(o.skrd, o.months_late, o.unpaid, o.interest) for o in report.overdue] == [(n["bfeb"], 1, 405_000, 8_100)]
    for rows in (report.by_category, report.by_zone, report.by_screen, report.by_advertiser):
        assert sum(r.assessed for r in rows) == assessed and sum(r.received for r in rows) == received
    assert {r.key: (r.assessed, r.received) for r in report.by_screen} == {
        "yamin": (775_000, 775_000),
        "smk1": (465_000, 465_000),
        "balaikota": (620_000, 200_000),
    }
    total = report.targets[-1]
    assert (total.target, total.before, total.this_month, total.to_date) == (10_000_000, 675_000, 1_440_000, 2_115_000)
    assert str(total.percent) == "21.15"
    assert [(t.account, t.target, t.to_date) for t in report.targets[:-1]] == [
        ("4.1.2.02.01", 8_000_000, 1_915_000),
        ("4.1.2.02.02", 2_000_000, 200_000),
    ]
    assert [(p.month, p.received, p.cumulative, p.target_cumulative) for p in report.chart] == [
        (1, 0, 0, 833_333),
        (2, 675_000, 675_000, 1_666_666),
        (3, 1_440_000, 2_115_000, 2_500_000),
    ]


def test_month_xlsx_and_pdf_read_back(any_engine: Engine, tmp_path: Path) -> None:
    report, n = build_report(any_engine, tmp_path)
    sm = report.summary
    xlsx = tmp_path / "maret.xlsx"
    write_month_xlsx(report, xlsx, config=CONFIG)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Buku"]
    h = next(c.row for c in ws["A"] if c.value == "No.")  # header row under the title lines
    assert ws.freeze_panes == f"A{h + 1}"
    header = [c.value for c in ws[h]]
    assert header[:3] == ["No.", "No. Bukti", "Tanggal"] and header[6] == "Jumlah Penerimaan"
    first, total = h + 1, h + 3
    cell = ws[f"G{first}"]
    assert cell.value == 1_240_000 and isinstance(cell.value, int) and cell.number_format == '"Rp"#,##0'
    assert ws[f"C{first}"].value.date() == date(2026, 3, 6) and ws[f"H{first}"].value == n["sts"]
    assert ws[f"G{total}"].value == f"=SUM(G{first}:G{first + 1})" and value(ws, f"G{total}") == sm.received
    assert value(ws, f"J{total}") == sm.deposited and value(ws, f"G{total + 1}") == sm.undeposited
    assert ws.column_dimensions["F"].width >= 40
    summary = wb["Ringkasan"]
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=1, max_col=2, values_only=True) if row[0]}
    assert figures["Penerimaan bulan ini"] == sm.received and figures["Piutang retribusi (2 SKRD)"] == sm.outstanding
    assert figures["Bunga berjalan belum ditagih (STRD)"] == 8_100
    texts = [c for row in summary.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert n["b3"] in texts and "salah tarif" in texts  # void: listed
    rincian = wb["Rincian"]
    sums = [value(rincian, f"C{c.row}") for c in rincian["A"] if c.value == "Jumlah"]
    assert sums == [sm.assessed] * 4
    target = wb["Target"]
    last = max(c.row for c in target["A"] if c.value == "Jumlah")
    assert target[f"B{last}"].value == 10_000_000 and value(target, f"E{last}") == 2_115_000
    assert value(target, f"F{last}") == Fraction(2_115_000, 10_000_000)

    pdf = tmp_path / "maret.pdf"
    render_month_pdf(report, pdf, config=CONFIG, signed_on=TODAY)
    with pdfplumber.open(pdf) as doc:
        assert all(p.width > p.height for p in doc.pages)  # A4 landscape
        text = "\n".join(p.extract_text() for p in doc.pages)
        fonts = {ch["fontname"] for p in doc.pages for ch in p.chars}
    assert all("+" in f and "Helvetica" not in f for f in fonts), fonts  # embedded (subset) fonts only
    assert "BUKU PENERIMAAN DAN PENYETORAN" in text and "Bulan Maret 2026" in text
    assert re.search(r"Jumlah 1\.440\.000 1\.240\.000", text)
    assert re.search(r"Saldo belum disetor 200\.000", text)
    for label, amount in [
        ("Ketetapan \\(SKRD\\) terbit bulan ini \\(2 SKRD\\)", sm.assessed),
        ("Penerimaan bulan ini", sm.received),
        ("Disetor ke Kas Daerah", sm.deposited),
        ("Piutang retribusi \\(2 SKRD\\)", sm.outstanding),
        ("Bunga berjalan belum ditagih \\(STRD\\)", sm.overdue_interest),
    ]:
        assert re.search(f"{label} Rp{amount:,}".replace(",", "."), text), label
    assert re.search(r"Jumlah 405\.000 8\.100 413\.100", text)  # overdue with interest
    assert f"{n['b3']} 08-03-2026 PT Sinar Minang Jaya 387.500 salah tarif" in text
    assert text.count("Jumlah 1.860.000 1.440.000") == 4  # the four breakdowns
    assert re.search(r"Jumlah 10\.000\.000 675\.000 1\.440\.000 2\.115\.000 21,15%", text)
    assert "Realisasi kumulatif dan target tahun 2026" in text
    assert "Yuliati Desi Putri, S.Pt" in text and "Drs. H. Ampera Salim, M.Si" in text and "Mengetahui," in text


def test_month_csv_cli_and_english(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    n = build_month(make_session_factory(engine), tmp_path)
    engine.dispose()
    config = write_office_config(
        tmp_path / "config.toml", tables='[targets]\n"2026" = { total = 10000000, "4.1.2.02.01" = 8000000 }\n'
    )
    out = tmp_path / "maret.csv"
    assert main(["--db", sqlite_url, "--config", str(config), "report", "month", "2026-03", "--out", str(out)]) == 0
    assert "2 receipt(s), received Rp1.440.000, deposited Rp1.240.000" in capsys.readouterr().out
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:3] == ["No.", "No. Bukti", "Tanggal"]
    assert [(r[1], r[2], int(r[6]), r[7]) for r in rows[1:]] == [
        (n["r_b1"], "2026-03-06", 1_240_000, n["sts"]),
        (n["r_b2"], "2026-03-12", 200_000, ""),
    ]
    write_office_config(config, top='language = "en"\n')
    pdf = tmp_path / "march.pdf"
    args = ["--db", sqlite_url, "--config", str(config), "report", "month", "2026-03", "--format", "pdf"]
    assert main([*args, "--out", str(pdf)]) == 0
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    assert (
        "RECEIPTS AND DEPOSITS BOOK" in text
        and "Month of March 2026" in text
        and "Not yet deposited 200.000" in text  # en_ID: billing's grouping
    )
    assert main(["--db", sqlite_url, "report", "month", "2026-13", "--out", str(pdf)]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_allocate_adds_up_exactly() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(1_000_001, [775_000, 465_000]) == [625_001, 375_000]
    assert sum(allocate(999_999, [3, 7, 11, 13])) == 999_999
    assert allocate(5, [0, 0]) == [5, 0]


def test_realisation_chart_data_without_target(engine: Engine) -> None:
    with make_session_factory(engine).begin() as s:
        points = monthly_realisation(s, 2026, CONFIG.__class__())
    assert len(points) == 12 and all(p.received == 0 and p.target_cumulative is None for p in points)
