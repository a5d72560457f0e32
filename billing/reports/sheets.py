"""The month and proof-of-play reports as XLSX (openpyxl, see `xlsx`) and CSV.

The month workbook has the receipts book, the summary with arrears and void documents, the breakdowns and the
targets, each on its sheet; the delivery workbook a summary per booking line and a daily sheet with causes. The CSV
is the main table only (the book; the daily rows), UTF-8 with a header row, amounts as plain integers and dates as
YYYY-MM-DD, for other programs to read. In both, text written by people (names, reasons) stays text: the XLSX types
it as a string, the CSV puts an apostrophe before one that begins like a formula.
"""

from __future__ import annotations

import csv
from datetime import date
from fractions import Fraction
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from billing.reports import month_tables as mt
from billing.reports import xlsx as x
from billing.reports import xlsx_cache as xc
from billing.reports.delivery_data import DeliveryReport
from billing.reports.delivery_tables import (
    daily_rows,
    delivery_header,
    line_counts,
    settled_header,
    settled_rows,
    text_header,
    text_rows,
)
from billing.reports.labels import labels, period_text
from billing.reports.month import MonthReport, TargetRow
from videotron.core.config import Config
from videotron.core.formats import long_date


def write_month_xlsx(report: MonthReport, out: str | Path, *, config: Config) -> None:
    lang = config.language
    t = labels(lang)
    period = period_text(report.month.year, report.month.month, lang)
    wb, ws = x.workbook("Buku" if lang != "en" else "Book")
    top = x.title_rows(ws, config, [t["month_title"], t["book"], period])
    x.header(ws, top, mt.book_header(lang))
    rows = mt.book_rows(report, lang)
    for i, values in enumerate(rows):
        x.row(ws, top + 1 + i, values, mt.BOOK_MONEY_COLUMNS)
    first, last = top + 1, top + len(rows)
    x.totals(ws, last + 1, first, last, 5, t["total"], mt.BOOK_MONEY_COLUMNS)
    x.put(ws, last + 2, 6, t["balance"]).font = x.BOLD
    c = xc.formula(ws, last + 2, 7, f"=G{last + 1}-J{last + 1}", report.summary.undeposited)
    c.number_format, c.font = x.RUPIAH, x.BOLD
    ws.freeze_panes = ws.cell(top + 1, 1)
    x.widths(ws, [5, 18, 12, 10, 14, 46, 17, 18, 12, 17, 30])

    ws = wb.create_sheet("Ringkasan" if lang != "en" else "Summary")
    row = x.title_rows(ws, config, [t["month_title"], period, t["as_of"].format(date=long_date(report.as_of, lang))])
    x.put(ws, row, 1, t["summary"]).font = x.BOLD
    for label, amount in mt.summary_rows(report, lang):
        row += 1
        x.put(ws, row, 1, label)
        x.put(ws, row, 2, amount).number_format = x.RUPIAH
    row += 2
    x.put(ws, row, 1, t["overdue"]).font = x.BOLD
    x.header(ws, row + 1, mt.overdue_header(lang))
    orows = mt.overdue_rows(report)
    for i, values in enumerate(orows):
        x.row(ws, row + 2 + i, values, (5, 6, 7))
    x.totals(ws, row + 2 + len(orows), row + 2, row + 1 + len(orows), 2, t["total"], (5, 6, 7))
    row += len(orows) + 4
    x.put(ws, row, 1, t["void"]).font = x.BOLD
    x.header(ws, row + 1, mt.void_header(lang))
    for i, values in enumerate(mt.void_rows(report)):
        x.row(ws, row + 2 + i, values, (4,))
    x.widths(ws, [52, 20, 30, 14, 14, 16, 14, 16])

    ws = wb.create_sheet("Rincian" if lang != "en" else "Breakdown")
    row = x.title_rows(ws, config, [t["breakdown"], period])
    for title, items in mt.breakdowns(report, lang):
        x.header(ws, row, mt.breakdown_header(title, lang))
        for i, b in enumerate(items):
            x.row(ws, row + 1 + i, [b.label, b.skrd_count, b.assessed, b.received], (2, 3))
        x.totals(ws, row + 1 + len(items), row + 1, row + len(items), 0, t["total"], (2, 3))
        row += len(items) + 3
    x.widths(ws, [40, 8, 18, 18])

    ws = wb.create_sheet("Target")
    row = x.title_rows(ws, config, [t["targets"].format(year=report.month.year), period])
    x.header(ws, row, mt.target_header(lang))
    accounts = report.targets[:-1]
    for i, tr in enumerate(accounts):
        r = row + 1 + i
        x.row(
            ws,
            r,
            [
                mt.target_label(tr.account, lang),
                tr.target,
                tr.before,
                tr.this_month,
            ],
            (1, 2, 3, 4),
        )
        _realised_and_percent(ws, r, tr)
    total, r = report.targets[-1], row + 1 + len(accounts)
    x.row(ws, r, [mt.target_label("", lang), total.target], (1,))
    for col in (3, 4):
        c = x.column_sum(ws, r, col, row + 1, r - 1)
        c.number_format, c.border = x.RUPIAH, x.BOX
    _realised_and_percent(ws, r, total)
    for col in range(1, 7):
        ws.cell(r, col).font = x.BOLD
    ws.freeze_panes = ws.cell(row + 1, 1)
    x.widths(ws, [24, 18, 20, 18, 20, 10])
    xc.save(wb, out)


def _realised_and_percent(ws: Worksheet, r: int, tr: TargetRow) -> None:
    """Realised to date (before + this month) and its share of the target, as formulas with their values."""
    realised = xc.formula(ws, r, 5, f"=C{r}+D{r}", tr.to_date)
    share = Fraction(tr.to_date, tr.target) if tr.target else ""
    percent = xc.formula(ws, r, 6, f'=IF(N(B{r})>0,E{r}/B{r},"")', share)
    realised.number_format, percent.number_format = x.RUPIAH, "0.00%"
    realised.border = percent.border = x.BOX


def csv_value(value: object) -> object:
    """A CSV field: a date as YYYY-MM-DD, nothing as empty, and text that a spreadsheet would take for a formula
    (= + - @, a tab or a carriage return first) behind an apostrophe, the usual guard (OWASP, "CSV injection")."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith((*x.FORMULA_START, "\t", "\r")):
        return "'" + value
    return value


def write_month_csv(report: MonthReport, out: str | Path, *, config: Config) -> None:
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(mt.book_header(config.language))
        for values in mt.book_rows(report, config.language):
            w.writerow([csv_value(v) for v in values])


def write_delivery_xlsx(report: DeliveryReport, out: str | Path, *, config: Config) -> None:
    lang = config.language
    t = labels(lang)
    period = period_text(report.month.year, report.month.month, lang)
    wb, ws = x.workbook("Ringkasan" if lang != "en" else "Summary")
    top = x.title_rows(ws, config, [t["delivery_title"], period])
    x.header(ws, top, delivery_header(lang, daily=False))
    for i, ln in enumerate(report.lines):
        r = top + 1 + i
        counts = line_counts(ln)
        x.row(ws, r, [*counts, None, ln.makegood_owed])
        due, short = counts[4], counts[9]
        share = Fraction(due - short, due) if isinstance(due, int) and isinstance(short, int) and due > 0 else ""
        xc.formula(ws, r, 11, f'=IF(E{r}>0,(E{r}-J{r})/E{r},"")', share).number_format = "0.0%"
        if ln.shortfall:
            ws.cell(r, 10).fill = x.SHORT_FILL
    last = top + len(report.lines)
    x.put(ws, last + 1, 4, t["total"]).font = x.BOLD
    for col in (*range(5, 11), 12):
        x.column_sum(ws, last + 1, col, top + 1, last).font = x.BOLD
    ws.freeze_panes = ws.cell(top + 1, 1)
    x.widths(ws, [12, 28, 26, 26, 10, 10, 10, 10, 12, 12, 12, 14])

    ws = wb.create_sheet("Harian" if lang != "en" else "Daily")
    top = x.title_rows(ws, config, [t["delivery_title"], period])
    x.header(ws, top, delivery_header(lang, daily=True))
    rows = daily_rows(report, lang)
    for i, values in enumerate(rows):
        x.row(ws, top + 1 + i, values)
        if values[9]:
            for col in range(1, 14):
                ws.cell(top + 1 + i, col).fill = x.SHORT_FILL
    ws.freeze_panes = ws.cell(top + 1, 1)
    x.widths(ws, [12, 28, 26, 12, 10, 10, 10, 10, 12, 12, 50, 12, 14])
    if report.settlements:
        ws = wb.create_sheet("Penyelesaian" if lang != "en" else "Settlement")
        top = x.title_rows(ws, config, [t["settled_title"], period])
        x.header(ws, top, settled_header(lang))
        for i, values in enumerate(settled_rows(report, lang)):
            x.row(ws, top + 1 + i, values)
        x.widths(ws, [12, 16, 12, 10, 10, 12, 10, 12, 12, 50])
    if report.texts:
        ws = wb.create_sheet("Teks berjalan" if lang != "en" else "Running text")
        top = x.title_rows(ws, config, [t["texts_title"], period])
        x.header(ws, top, text_header(lang))
        for i, values in enumerate(text_rows(report)):
            x.row(ws, top + 1 + i, values)
            ws.cell(top + 1 + i, 6).number_format = "#,##0.0"
        x.widths(ws, [14, 28, 26, 50, 12, 14, 10])
    xc.save(wb, out)


def write_delivery_csv(report: DeliveryReport, out: str | Path, *, config: Config) -> None:
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(delivery_header(config.language, daily=True))
        for values in daily_rows(report, config.language):
            w.writerow([csv_value(v) for v in values])
