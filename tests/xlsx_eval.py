"""Just enough of a spreadsheet evaluator to check the report's formulas: SUM(range), + and -, IF(N(x)>0,a/b,"")."""

from __future__ import annotations

import re
from fractions import Fraction

from openpyxl.worksheet.worksheet import Worksheet

REF = re.compile(r"^([A-Z]+)(\d+)$")


def value(ws: Worksheet, ref: str) -> Fraction | str | None:
    v = ws[ref].value
    if isinstance(v, str) and v.startswith("="):
        return evaluate(ws, v[1:])
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    return Fraction(v)


def evaluate(ws: Worksheet, expr: str) -> Fraction | str | None:
    expr = expr.strip()
    m = re.fullmatch(r'IF\(N\(([A-Z]+\d+)\)>0,([A-Z]+\d+)/([A-Z]+\d+),""\)', expr)
    if m:
        base = value(ws, m.group(1))
        if not isinstance(base, Fraction) or base <= 0:
            return ""
        num, den = value(ws, m.group(2)), value(ws, m.group(3))
        assert isinstance(num, Fraction) and isinstance(den, Fraction)
        return num / den
    total = Fraction(0)
    for sign, term in re.findall(r"([+-]?)([^+-]+)", expr):
        m = re.fullmatch(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", term)
        if m:
            col, first, last = m.group(1), int(m.group(2)), int(m.group(4))
            part = sum((value(ws, f"{col}{r}") or Fraction(0) for r in range(first, last + 1)), Fraction(0))
        else:
            part = value(ws, term) or Fraction(0)
        assert isinstance(part, Fraction), (expr, term, part)
        total += -part if sign == "-" else part
    return total
