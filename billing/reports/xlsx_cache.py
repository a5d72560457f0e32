"""Formulas that carry their value: a viewer that does not recalculate (a phone's preview, a mail client, a program
reading the file) shows the totals, not empty cells.

openpyxl writes a formula cell with an empty value (`<f>SUM(G9:G12)</f><v/>`) and leaves the computing to the
spreadsheet program. The report knows every total exactly (it computed them from the database), so each formula is
written with the value it has (`formula`), and `save` puts those values into the saved workbook's sheet XML as the
formula's cached result. Excel and LibreOffice still recalculate on opening (`fullCalcOnLoad`), and an edited cell
re-totals as before; the tests check the cached values against LibreOffice's own recalculation.
"""

from __future__ import annotations

import re
import zipfile
from fractions import Fraction
from io import BytesIO
from pathlib import Path
from posixpath import join, normpath
from typing import Any
from weakref import WeakKeyDictionary
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

Cached = int | Fraction | str
_CACHE: WeakKeyDictionary[Worksheet, dict[str, Cached]] = WeakKeyDictionary()
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)?</c>')
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def formula(ws: Worksheet, row: int, col: int, text: str, value: Cached) -> Cell:
    """Write formula `text` (beginning with "=") into a cell, with `value`: what it computes to."""
    cell = ws.cell(row, col)
    cell.value = text
    _CACHE.setdefault(ws, {})[cell.coordinate] = value
    return cell


def value_of(ws: Worksheet, row: int, col: int) -> Cached | None:
    """What a cell shows: its number, its text, or a formula's value."""
    cell = ws.cell(row, col)
    if cell.data_type == "f":
        return _CACHE.get(ws, {}).get(cell.coordinate)
    value = cell.value
    return value if isinstance(value, int | str) and not isinstance(value, bool) else None


def save(wb: Workbook, out: str | Path) -> None:
    """Save `wb` to `out` with every formula's value cached in the sheets."""
    buffer = BytesIO()
    wb.save(buffer)
    values = {ws.title: _CACHE.get(ws, {}) for ws in wb.worksheets}
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        paths = _sheet_paths(source)
        for item in source.infolist():
            data = source.read(item.filename)
            title = paths.get(item.filename)
            if title is not None and values.get(title):
                data = _with_values(data.decode("utf-8"), values[title]).encode("utf-8")
            target.writestr(item, data)


def _sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's XML file in the package -> its sheet's title."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    out = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        out[path] = sheet.get("name", "")
    return out


def _with_values(xml: str, values: dict[str, Cached]) -> str:
    def cached(match: re.Match[str]) -> str:
        coordinate, attributes, text = match.groups()
        if coordinate not in values:
            return match.group(0)
        value = values[coordinate]
        if isinstance(value, str):
            return f'<c r="{coordinate}"{attributes} t="str"><f>{text}</f><v>{escape(value)}</v></c>'
        return f'<c r="{coordinate}"{attributes}><f>{text}</f><v>{_number(value)}</v></c>'

    return _FORMULA_CELL.sub(cached, xml)


def _number(value: Any) -> str:
    """A cached number as the XML keeps it: whole rupiah exactly, a ratio to double precision."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return repr(float(value))
    return str(int(value))
