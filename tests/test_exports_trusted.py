"""Report files that can be trusted: text written by people stays text, totals show without recalculation.

Findings: the XLSX wrote a payer named `=HYPERLINK(...)` as a formula; its formulas carried no cached values, so a
viewer that does not recalculate showed empty totals. Now every text cell is a string (quote-prefixed when it looks
like a formula), the CSV guards such text with an apostrophe, and every formula carries its value: read back with
openpyxl (`data_only=True`) and compared with LibreOffice's own recalculation."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import issue_assessment, void_assessment
from billing.payments import record_payment
from billing.reports.delivery import delivery_report
from billing.reports.month import month_report
from billing.reports.period import Month
from billing.reports.sheets import csv_value, write_delivery_csv, write_delivery_xlsx, write_month_xlsx
from playlists.models import Advertiser
from tests.billing_helpers import add_booking
from tests.libreoffice import recalculated
from tests.report_helpers import CONFIG, at, build_month
from videotron.core.db import make_session_factory

EVIL = '=HYPERLINK("http://phish.example/","Klik di sini")'
OURS = re.compile(r"^=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+[+-][A-Z]+\d+|IF\(N?\(?[A-Z]+\d+\)?>0,.*\))$")
MARCH = Month(2026, 3)


def build(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """The report month plus a payer whose name, address and NPWRD look like formulas, and a void reason too."""
    build_month(sessions, tmp_path)
    with sessions.begin() as s:
        s.add(Advertiser(id="evil", name=EVIL, address="@SUM(1+1)", npwrd="-1+1"))
        add_booking(s, "bevil", screens=("smk1",), plays=3).advertiser_id = "evil"
        add_booking(s, "bevil2", screens=("smk1",), plays=3).advertiser_id = "evil"
    with sessions.begin() as s:
        number = issue_assessment(s, "bevil", config=CONFIG, actor="bendahara", clock=at(date(2026, 3, 10))).number
        other = issue_assessment(s, "bevil2", config=CONFIG, actor="bendahara", clock=at(date(2026, 3, 10))).number
    with sessions.begin() as s:
        record_payment(s, number, amount=100_000, paid_on=date(2026, 3, 13), method="tunai", config=CONFIG,
                       actor="bendahara", clock=at(date(2026, 3, 13)))  # fmt: skip
        void_assessment(s, other, "+62 812 0000 (salah input)", actor="bendahara", clock=at(date(2026, 3, 13)))


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"}


def values(path: Path, cells: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {(sheet, ref): wb[sheet][ref].value for sheet, ref in cells}


def assert_text_is_text(path: Path) -> None:
    """Every formula is one of the report's own; the payer, address and reason are strings, quote-prefixed."""
    formulas = formula_cells(path)
    assert formulas and all(OURS.match(f) for f in formulas.values()), formulas
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "HYPERLINK" not in "".join(re.findall(r"<f>([^<]*)</f>", xml))
    texts = [c for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for c in row if c.value == EVIL]
    assert texts and all(c.data_type == "s" and c.quotePrefix for c in texts)


def assert_cached_like_libreoffice(path: Path, tmp_path: Path) -> dict[tuple[str, str], Any]:
    """Each formula's cached value is there (a viewer that does not recalculate shows it) and is what LibreOffice
    computes when it recalculates the workbook."""
    cells = list(formula_cells(path))
    cached = values(path, cells)
    assert all(v is not None for v in cached.values()), [k for k, v in cached.items() if v is None]
    again = values(recalculated(path, tmp_path), cells)
    for key, value in cached.items():
        computed = again[key]
        if isinstance(value, float) or isinstance(computed, float):
            assert computed == pytest.approx(value, rel=1e-12), key
        else:
            assert computed == value, (key, computed, value)
    return cached


def test_month_workbook_keeps_text_as_text_and_totals_cached(engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(engine)
    build(sessions, tmp_path)
    with sessions.begin() as s:
        report = month_report(s, MARCH, config=CONFIG, today=date(2026, 4, 2))
    path = tmp_path / "maret.xlsx"
    write_month_xlsx(report, path, config=CONFIG)
    assert_text_is_text(path)
    wb = openpyxl.load_workbook(path)
    reasons = [c for row in wb["Ringkasan"].iter_rows() for c in row if c.value == "+62 812 0000 (salah input)"]
    assert reasons and reasons[0].data_type == "s"
    cached = assert_cached_like_libreoffice(path, tmp_path)
    book = wb["Buku"]
    total = next(c.row for c in book["F"] if c.value == "Jumlah")
    assert cached[("Buku", f"G{total}")] == report.summary.received == 1_540_000
    assert cached[("Buku", f"J{total}")] == report.summary.deposited
    target = wb["Target"]
    last = max(c.row for c in target["A"] if c.value == "Jumlah")
    assert cached[("Target", f"E{last}")] == report.targets[-1].to_date
    assert cached[("Target", f"F{last}")] == pytest.approx(report.targets[-1].to_date / 10_000_000)


def test_delivery_workbook_and_csv_guard_a_formula_like_payer(engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(engine)
    build(sessions, tmp_path)
    with sessions.begin() as s:
        report = delivery_report(s, MARCH)
    path = tmp_path / "tayang.xlsx"
    write_delivery_xlsx(report, path, config=CONFIG)
    assert_text_is_text(path)
    cached = assert_cached_like_libreoffice(path, tmp_path)
    summary = openpyxl.load_workbook(path).worksheets[0]
    total = next(c.row for c in summary["D"] if c.value == "Jumlah")
    assert cached[(summary.title, f"E{total}")] == report.booked
    assert cached[(summary.title, f"J{total}")] == report.shortfall
    out = tmp_path / "tayang.csv"
    write_delivery_csv(report, out, config=CONFIG)
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert "'" + EVIL in [r[1] for r in rows[1:]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


@pytest.mark.parametrize("text", [EVIL, "+62 812", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_puts_an_apostrophe_before_text_that_looks_like_a_formula(text: str) -> None:
    assert csv_value(text) == "'" + text
    assert csv_value("PT Sinar Minang Jaya") == "PT Sinar Minang Jaya" and csv_value(-5) == -5
    assert csv_value(date(2026, 3, 1)) == "2026-03-01" and csv_value(None) == ""
