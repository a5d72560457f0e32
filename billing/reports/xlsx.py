"""Building blocks of the report spreadsheets (openpyxl): the office's title lines, boxed header and data rows, SUM
total rows, column widths, rupiah and date formats.

The XLSX is a working spreadsheet: money cells are numbers in a rupiah format, totals are SUM formulas over the
rows above them (so an edited cell re-totals) carrying their value (`xlsx_cache`), headers are frozen and columns
sized. Text is always text (`put`): a payer named "=HYPERLINK(...)" is a name, never a formula.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from billing.reports.xlsx_cache import formula, value_of
from videotron.core.config import Config
from videotron.core.office_identity import require_identity

RUPIAH = '"Rp"#,##0'
DATE = "DD-MM-YYYY"
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
SHORT_FILL = PatternFill("solid", fgColor="F8CBAD")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


FORMULA_START = ("=", "+", "-", "@")  # what makes a spreadsheet read typed text as a formula


def put(ws: Worksheet, row: int, col: int, value: Any) -> Cell:
    """Write `value` into a cell; text stays text, whatever it begins with (typed as a string, and quote-prefixed
    when it looks like a formula, so editing the cell keeps it text too)."""
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_START)
    return cell


def title_rows(ws: Worksheet, config: Config, lines: list[str]) -> int:
    """Office and title lines at the top; returns the next free row (refused while the office is not configured)."""
    require_identity(config)
    rows = [config.office.government.upper(), config.office.name.upper(), *lines]
    for i, text in enumerate(rows, 1):
        put(ws, i, 1, text).font = Font(bold=True, size=12 if i <= 2 else 11)
    return len(rows) + 2


def header(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, 1):
        c = put(ws, row, col, name)
        c.font, c.fill, c.border = BOLD, HEAD_FILL, BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def row(ws: Worksheet, row: int, values: list[Any], money: tuple[int, ...] = ()) -> None:
    for col, value in enumerate(values, 1):
        c = put(ws, row, col, value)
        c.border = BOX
        if isinstance(value, date):
            c.number_format = DATE
        elif col - 1 in money:
            c.number_format = RUPIAH
        c.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 20)


def totals(ws: Worksheet, row: int, first: int, last: int, label_col: int, label: str, cols: tuple[int, ...]) -> None:
    """A bold total row: SUM over rows first..last for each 0-based column in `cols` (0 when there are none)."""
    put(ws, row, label_col + 1, label).font = BOLD
    for col in cols:
        c = column_sum(ws, row, col + 1, first, last)
        c.number_format, c.font, c.border = RUPIAH, BOLD, BOX


def column_sum(ws: Worksheet, row: int, col: int, first: int, last: int) -> Cell:
    """`=SUM(...)` of column `col` (1-based) over rows first..last, with its value; 0 when there are no rows."""
    if last < first:
        return put(ws, row, col, 0)
    letter = get_column_letter(col)
    total = sum((v for r in range(first, last + 1) if isinstance(v := value_of(ws, r, col), int | Fraction)), 0)
    return formula(ws, row, col, f"=SUM({letter}{first}:{letter}{last})", total)


def widths(ws: Worksheet, widths: list[int]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its first sheet, named."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = first_sheet
    return wb, ws
