"""The bank reconciliation report as a workbook: one sheet per part (summary, booked, to match by hand, set aside,
debits). Amounts are numbers in rupiah (sen kept as decimals); totals are written as values, so a viewer that does
not recalculate shows them too. Text from the bank (narratives, references) is written as text, never as a formula.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from billing.bank.report import Reconciliation, Row
from billing.bank.report_labels import bank_labels, rule_label
from billing.reports.labels import short_date
from billing.reports.xlsx import BOLD, header, row, title_rows, widths, workbook
from videotron.core.config import Config

MONEY = "#,##0.00;-#,##0.00"


def write_reconciliation_xlsx(data: Reconciliation, path: Path, *, config: Config, signed_on: date) -> None:
    lang = config.language
    t = bank_labels(lang)
    wb, ws = workbook(t["summary"].title())
    period = t["period"].format(first=short_date(data.first), last=short_date(data.last)) if data.first else t["all"]
    lines = [t["title"], period, t["account"].format(accounts=", ".join(data.accounts) or "-")]
    at = title_rows(ws, config, lines)
    header(ws, at, [t["summary"], t["count"], t["amount"]])
    parts = [("booked", data.booked), ("to_match", data.to_match), ("set_aside", data.set_aside)]
    summary: list[tuple[str, int, str | None]] = [(t["credits"], data.credits_sen, None)]
    summary += [(t[k], _sum(rows), t["lines"].format(count=len(rows))) for k, rows in parts]
    summary.append((t["debits"], _sum(data.debits), t["lines"].format(count=len(data.debits))))
    for i, (label, sen, count) in enumerate(summary, 1):
        _row(ws, at + i, [label, count, sen / 100], money=(2,))
    widths(ws, [50, 16, 20])
    booked_head = [t[k] for k in ("no", "date", "reference", "amount", "narrative", "skrd", "receipt", "method",
                                  "rule")]  # fmt: skip
    _sheet(wb.create_sheet(t["booked"][:31]), config, t["h_booked"], booked_head, data.booked,
           lambda r: [r.skrd, r.receipts, r.method.upper(), rule_label(r.rule, lang)])  # fmt: skip
    open_head = [t[k] for k in ("no", "date", "reference", "amount", "narrative", "status", "why")]
    _sheet(wb.create_sheet(t["to_match"][:31]), config, t["h_to_match"], open_head, data.to_match,
           lambda r: [t.get(r.status, r.status), r.why])  # fmt: skip
    plain_head = [t[k] for k in ("no", "date", "reference", "amount", "narrative", "note")]
    _sheet(wb.create_sheet(t["set_aside"][:31]), config, t["h_set_aside"], plain_head, data.set_aside,
           lambda r: [r.why])  # fmt: skip
    _sheet(wb.create_sheet(t["debits"][:31]), config, t["h_debits"], plain_head, data.debits, lambda r: [r.why])
    wb.save(path)


def _sheet(ws: Worksheet, config: Config, title: str, head: list[str], rows: tuple[Row, ...], rest: Any) -> None:
    at = title_rows(ws, config, [title])
    header(ws, at, head)
    for i, r in enumerate(rows, 1):
        _row(ws, at + i, [r.line, r.day, r.reference, r.amount_sen / 100, r.narrative, *rest(r)], money=(3,))
    end = at + len(rows) + 1
    ws.cell(end, 2, bank_labels(config.language)["total"]).font = BOLD
    c = ws.cell(end, 4, _sum(rows) / 100)
    c.number_format, c.font = MONEY, BOLD
    widths(ws, [7, 12, 22, 16, 50, 30, 30, 10, 18])
    ws.freeze_panes = ws.cell(at + 1, 1)


def _row(ws: Worksheet, at: int, values: list[Any], money: tuple[int, ...]) -> None:
    row(ws, at, values)
    for col, value in enumerate(values):
        c = ws.cell(at, col + 1)
        if col in money:
            c.number_format = MONEY
        elif isinstance(value, str):
            c.value, c.data_type = value, "s"  # the bank's text stays text, even "=..." or "+62..."


def _sum(rows: tuple[Row, ...]) -> int:
    return sum(r.amount_sen for r in rows)
