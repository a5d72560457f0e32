"""XLSX (openpyxl) and CSV writers for the month and delivery reports.

The XLSX is a working spreadsheet: money cells are numbers in a rupiah format, totals are SUM formulas over the
rows above them (so an edited cell re-totals), headers are frozen and columns sized. The CSV is the main table
only, UTF-8 with a header row, amounts as plain integers and dates as YYYY-MM-DD, for other programs to read.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from billing.reports import month_tables as mt
from billing.reports.delivery import DeliveryReport, cause_text
from billing.reports.labels import labels, month_name
from billing.reports.month import MonthReport
from videotron.core.config import Config
from videotron.core.formats import long_date

RUPIAH = '"Rp"#,##0'
DATE = "DD-MM-YYYY"
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
SHORT_FILL = PatternFill("solid", fgColor="F8CBAD")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _title(ws: Worksheet, config: Config, lines: list[str]) -> int:
    """Office and title lines at the top; returns the next free row."""
    rows = [config.office.government.upper(), config.office.name.upper(), *lines]
    for i, text in enumerate(rows, 1):
        ws.cell(i, 1, text).font = Font(bold=True, size=12 if i <= 2 else 11)
    return len(rows) + 2


def _header(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, 1):
        c = ws.cell(row, col, name)
        c.font, c.fill, c.border = BOLD, HEAD_FILL, BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _row(ws: Worksheet, row: int, values: list[Any], money: tuple[int, ...] = ()) -> None:
    for col, value in enumerate(values, 1):
        c = ws.cell(row, col, value)
        c.border = BOX
        if isinstance(value, date):
            c.number_format = DATE
        elif col - 1 in money:
            c.number_format = RUPIAH
        c.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 20)


def _totals(ws: Worksheet, row: int, first: int, last: int, label_col: int, label: str, cols: tuple[int, ...]) -> None:
    """A bold total row: SUM over rows first..last for each 0-based column in `cols` (0 when there are none)."""
    ws.cell(row, label_col + 1, label).font = BOLD
    for col in cols:
        letter = get_column_letter(col + 1)
        c = ws.cell(row, col + 1, f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0)
        c.number_format, c.font, c.border = RUPIAH, BOLD, BOX


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def write_month_xlsx(report: MonthReport, out: str | Path, *, config: Config) -> None:
    lang = config.language
    t = labels(lang)
    period = t["period"].format(month=month_name(report.month.year, report.month.month, lang))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Buku" if lang != "en" else "Book"
    top = _title(ws, config, [t["month_title"], t["book"], period])
    _header(ws, top, mt.book_header(lang))
    rows = mt.book_rows(report, lang)
    for i, values in enumerate(rows):
        _row(ws, top + 1 + i, values, mt.BOOK_MONEY_COLUMNS)
    first, last = top + 1, top + len(rows)
    _totals(ws, last + 1, first, last, 5, t["total"], mt.BOOK_MONEY_COLUMNS)
    ws.cell(last + 2, 6, t["balance"]).font = BOLD
    c = ws.cell(last + 2, 7, f"=G{last + 1}-J{last + 1}")
    c.number_format, c.font = RUPIAH, BOLD
    ws.freeze_panes = ws.cell(top + 1, 1)
    _widths(ws, [5, 18, 12, 10, 14, 46, 17, 18, 12, 17, 30])

    ws = wb.create_sheet("Ringkasan" if lang != "en" else "Summary")
    row = _title(ws, config, [t["month_title"], period, t["as_of"].format(date=long_date(report.as_of, lang))])
    ws.cell(row, 1, t["summary"]).font = BOLD
    for label, amount in mt.summary_rows(report, lang):
        row += 1
        ws.cell(row, 1, label)
        ws.cell(row, 2, amount).number_format = RUPIAH
    row += 2
    ws.cell(row, 1, t["overdue"]).font = BOLD
    _header(ws, row + 1, mt.overdue_header(lang))
    orows = mt.overdue_rows(report)
    for i, values in enumerate(orows):
        _row(ws, row + 2 + i, values, (5, 6, 7))
    _totals(ws, row + 2 + len(orows), row + 2, row + 1 + len(orows), 2, t["total"], (5, 6, 7))
    row += len(orows) + 4
    ws.cell(row, 1, t["void"]).font = BOLD
    _header(ws, row + 1, mt.void_header(lang))
    for i, values in enumerate(mt.void_rows(report)):
        _row(ws, row + 2 + i, values, (4,))
    _widths(ws, [52, 20, 30, 14, 14, 16, 14, 16])

    ws = wb.create_sheet("Rincian" if lang != "en" else "Breakdown")
    row = _title(ws, config, [t["breakdown"], period])
    for title, items in mt.breakdowns(report, lang):
        _header(ws, row, mt.breakdown_header(title, lang))
        for i, b in enumerate(items):
            _row(ws, row + 1 + i, [b.label, b.skrd_count, b.assessed, b.received], (2, 3))
        _totals(ws, row + 1 + len(items), row + 1, row + len(items), 0, t["total"], (2, 3))
        row += len(items) + 3
    _widths(ws, [40, 8, 18, 18])

    ws = wb.create_sheet("Target")
    row = _title(ws, config, [t["targets"].format(year=report.month.year), period])
    _header(ws, row, mt.target_header(lang))
    accounts = report.targets[:-1]
    for i, tr in enumerate(accounts):
        r = row + 1 + i
        _row(
            ws,
            r,
            [
                mt.target_label(tr.account, lang),
                tr.target,
                tr.before,
                tr.this_month,
                f"=C{r}+D{r}",
                f'=IF(N(B{r})>0,E{r}/B{r},"")',
            ],
            (1, 2, 3, 4),
        )
        ws.cell(r, 6).number_format = "0.00%"
    total, r = report.targets[-1], row + 1 + len(accounts)
    _row(
        ws,
        r,
        [
            mt.target_label("", lang),
            total.target,
            f"=SUM(C{row + 1}:C{r - 1})" if accounts else 0,
            f"=SUM(D{row + 1}:D{r - 1})" if accounts else 0,
            f"=C{r}+D{r}",
            f'=IF(N(B{r})>0,E{r}/B{r},"")',
        ],
        (1, 2, 3, 4),
    )
    for col in range(1, 7):
        ws.cell(r, col).font = BOLD
    ws.cell(r, 6).number_format = "0.00%"
    ws.freeze_panes = ws.cell(row + 1, 1)
    _widths(ws, [24, 18, 20, 18, 20, 10])
    wb.save(out)


def write_month_csv(report: MonthReport, out: str | Path, *, config: Config) -> None:
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(mt.book_header(config.language))
        for values in mt.book_rows(report, config.language):
            w.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in values])


def delivery_header(language: str, daily: bool) -> list[str]:
    t = labels(language)
    keys = ["booking", "advertiser", "screen"] + (["day"] if daily else ["media"])
    keys += ["booked", "played", "failed", "skipped", "missing", "shortfall"]
    keys += ["causes", "alert_skipped", "makegood_owed"] if daily else ["delivered_pct", "makegood_owed"]
    return [t[k] for k in keys]


def delivery_daily_rows(report: DeliveryReport, language: str) -> list[list[Any]]:
    rows = []
    for ln in report.lines:
        for d, owed in zip(ln.days, ln.owed_after(), strict=True):
            rows.append(
                [
                    ln.booking_id,
                    ln.advertiser_name,
                    ln.screen_name,
                    d.day,
                    d.booked,
                    d.played,
                    d.failed,
                    d.skipped,
                    d.missing,
                    d.shortfall,
                    cause_text(d, language),
                    d.alert_skipped,
                    owed,
                ]
            )
    return rows


def write_delivery_xlsx(report: DeliveryReport, out: str | Path, *, config: Config) -> None:
    lang = config.language
    t = labels(lang)
    period = t["period"].format(month=month_name(report.month.year, report.month.month, lang))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ringkasan" if lang != "en" else "Summary"
    top = _title(ws, config, [t["delivery_title"], period])
    _header(ws, top, delivery_header(lang, daily=False))
    for i, ln in enumerate(report.lines):
        r = top + 1 + i
        _row(
            ws,
            r,
            [
                ln.booking_id,
                ln.advertiser_name,
                ln.screen_name,
                ln.media_title,
                ln.booked,
                ln.played,
                ln.failed,
                ln.skipped,
                ln.missing,
                ln.shortfall,
                f'=IF(E{r}>0,(E{r}-J{r})/E{r},"")',
                ln.makegood_owed,
            ],
        )
        ws.cell(r, 11).number_format = "0.0%"
        if ln.shortfall:
            ws.cell(r, 10).fill = SHORT_FILL
    last = top + len(report.lines)
    ws.cell(last + 1, 4, t["total"]).font = BOLD
    for col in (*range(5, 11), 12):
        letter = get_column_letter(col)
        ws.cell(last + 1, col, f"=SUM({letter}{top + 1}:{letter}{last})").font = BOLD
    ws.freeze_panes = ws.cell(top + 1, 1)
    _widths(ws, [12, 28, 26, 26, 10, 10, 10, 10, 12, 12, 12, 14])

    ws = wb.create_sheet("Harian" if lang != "en" else "Daily")
    top = _title(ws, config, [t["delivery_title"], period])
    _header(ws, top, delivery_header(lang, daily=True))
    rows = delivery_daily_rows(report, lang)
    for i, values in enumerate(rows):
        _row(ws, top + 1 + i, values)
        if values[9]:
            for col in range(1, 14):
                ws.cell(top + 1 + i, col).fill = SHORT_FILL
    ws.freeze_panes = ws.cell(top + 1, 1)
    _widths(ws, [12, 28, 26, 12, 10, 10, 10, 10, 12, 12, 50, 12, 14])
    wb.save(out)


def write_delivery_csv(report: DeliveryReport, out: str | Path, *, config: Config) -> None:
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(delivery_header(config.language, daily=True))
        for values in delivery_daily_rows(report, config.language):
            w.writerow([v.isoformat() if isinstance(v, date) else v for v in values])
