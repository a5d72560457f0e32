"""A bank's cash-management CSV export, read through the office's column mapping (`[bank.csv]`).

Regional banks' exports differ, so nothing is assumed but what the mapping says: which columns hold the date, the
credit (and debit) amount, the narrative, and optionally the value date, the bank's reference, the virtual account
and the sender; how amounts (1.234.567,00) and dates (31/12/2026) are written; the delimiter and the encoding.

Lines above the header row (the export's title, account and period) are skipped; the table ends at the first blank
row (totals and balances below it are the bank's, not transactions). A row without a date but with a narrative
continues the previous row's narrative (some exports wrap long narratives). An amount may carry a CR/DB (K/D) mark
or a minus sign when there is no debit column. Every problem names the file, the line and the mapping's key.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date, datetime

from billing.bank.statement import Statement, StatementLine, digits
from videotron.core.config_bank import BankCsv
from videotron.core.errors import Place, Problem, ValidationError, problem

MARKS = {"CR": 1, "K": 1, "C": 1, "DB": -1, "D": -1}
OPTIONAL = ("debit", "value_date", "bank_reference", "va", "payer")


def read_csv(source: str, data: bytes, sha256: str, mapping: BankCsv) -> Statement:
    try:
        text = data.decode(mapping.encoding)
    except UnicodeDecodeError as exc:
        raise ValidationError([problem("bank.csv_encoding", "not {encoding} text ({reason} at byte {byte}); set "
                                       "[bank.csv] encoding", where=Place(source), encoding=mapping.encoding,
                                       reason=exc.reason, byte=exc.start)]) from None  # fmt: skip
    rows = list(_rows(text, mapping.delimiter))
    problems: list[Problem] = []
    found = _header(rows, mapping, source, problems)
    if found is None:
        raise ValidationError(problems, source=source)
    header_at, columns = found
    lines: list[StatementLine] = []
    for line_no, row in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in row):
            break
        line = _line(row, columns, mapping, Place(source, line_no), problems)
        if line == "continued" and lines:
            lines[-1] = replace(lines[-1], narrative=f"{lines[-1].narrative} {_cell(row, columns, 'reference')}")
        elif isinstance(line, StatementLine):
            lines.append(replace(line, position=line_no))
        elif line == "continued":
            problems.append(problem("bank.csv_orphan_row", "a row without a date before the first transaction",
                                    field="date", where=Place(source, line_no)))  # fmt: skip
    if problems:
        raise ValidationError(problems, source=source)
    if not lines:
        raise ValidationError([problem("bank.empty", "no transactions in the statement", where=Place(source))])
    return Statement(source, sha256, "csv", None, "", None, None, tuple(lines))


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, start = [], 1
    for row in reader:
        out.append((start, row))
        start = reader.line_num + 1
    return out


def _header(rows: list[tuple[int, list[str]]], m: BankCsv, source: str,
            problems: list[Problem]) -> tuple[int, dict[str, int]] | None:  # fmt: skip
    """The header row (the first naming the date and amount columns) and each mapped key's column."""
    for i, (line_no, row) in enumerate(rows):
        names = [cell.strip() for cell in row]
        if m.date in names and m.amount in names:
            columns = {"date": names.index(m.date), "amount": names.index(m.amount)}
            for key in ("reference", *OPTIONAL):
                name = getattr(m, key)
                if name is None and key != "reference":
                    continue
                if name in names:
                    columns[key] = names.index(name)
                else:
                    problems.append(problem("bank.csv_column_missing", "the header has no column {name!r} (set "
                                            "[bank.csv] {key} to the column's name)", field=key,
                                            where=Place(source, line_no), name=name, key=key))  # fmt: skip
            return (i, columns) if not problems else None
    problems.append(problem("bank.csv_no_header", "no header row naming the columns {date!r} and {amount!r} (set "
                            "[bank.csv] date and amount to the export's column names)", field="date",
                            where=Place(source), date=m.date, amount=m.amount))  # fmt: skip
    return None


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    at = columns.get(key)
    return row[at].strip() if at is not None and at < len(row) else ""


def _line(row: list[str], columns: dict[str, int], m: BankCsv, where: Place,
          problems: list[Problem]) -> StatementLine | str | None:  # fmt: skip
    """The row as a statement line; "continued" for a narrative's continuation; None when it has problems."""
    day_text, amount_text = _cell(row, columns, "date"), _cell(row, columns, "amount")
    debit_text = _cell(row, columns, "debit")
    if not day_text:
        if amount_text or debit_text:
            problems.append(problem("bank.csv_no_date", "a row with an amount has no date", field="date", where=where))
            return None
        return "continued" if _cell(row, columns, "reference") else None
    before = len(problems)
    day = _date(day_text, m.date_format, "date", where, problems)
    value_text = _cell(row, columns, "value_date")
    value_day = _date(value_text, m.date_format, "value_date", where, problems) if value_text else None
    amount = _signed(amount_text, debit_text, m, where, problems)
    if len(problems) > before or day is None or amount is None:
        return None
    return StatementLine(where.line or 0, day, value_day, amount, _cell(row, columns, "bank_reference"),
                         " ".join(_cell(row, columns, "reference").split()), _cell(row, columns, "payer"),
                         digits(_cell(row, columns, "va")))  # fmt: skip


def _date(text: str, fmt: str, key: str, where: Place, problems: list[Problem]) -> date | None:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        problems.append(problem("bank.csv_date", "{text!r} is not a date written as {format}", field=key, where=where,
                                text=text, format=fmt))  # fmt: skip
        return None


def _signed(credit: str, debit: str, m: BankCsv, where: Place, problems: list[Problem]) -> int | None:
    """The line's amount in sen: credits positive, debits negative."""
    amount = sen(credit, m, "amount", where, problems)
    if m.debit is None:
        if amount == 0:
            problems.append(problem("bank.csv_zero", "the amount is 0; if debits have a column of their own, set "
                                    "[bank.csv] debit", field="amount", where=where))  # fmt: skip
            return None
        return amount
    out = sen(debit, m, "debit", where, problems)
    if amount is None or out is None:
        return None
    if (amount != 0) == (out != 0):
        problems.append(problem("bank.csv_credit_and_debit", "a row must have either a credit or a debit, got "
                                "{credit!r} and {debit!r}", field="amount", where=where, credit=credit,
                                debit=debit))  # fmt: skip
        return None
    return amount if amount else -abs(out)


def sen(text: str, m: BankCsv, key: str, where: Place, problems: list[Problem]) -> int | None:
    """An amount as the bank writes it (1.234.567,00; -1.000; 250.000,00 CR; (1.000,00)) in sen; "" is 0."""
    raw = text.replace("Rp", "").replace("\u00a0", " ").strip()
    if not raw:
        return 0
    sign = 1
    if raw.startswith("(") and raw.endswith(")"):
        raw, sign = raw[1:-1].strip(), -1
    if mark := re.search(r"\s*(CR|DB|K|D|C)$", raw, re.IGNORECASE):
        sign, raw = sign * MARKS[mark.group(1).upper()], raw[: mark.start()].strip()
    if raw.startswith("-"):
        sign, raw = -sign, raw[1:].strip()
    th, dec = re.escape(m.thousands), re.escape(m.decimal)
    found = re.fullmatch(rf"(\d{{1,3}}(?:{th}\d{{3}})+|\d+)(?:{dec}(\d{{1,2}}))?", raw)
    if not found:
        problems.append(problem("bank.csv_amount", "{text!r} is not an amount written like 1{thousands}234{decimal}56",
                                field=key, where=where, text=text, thousands=m.thousands,
                                decimal=m.decimal))  # fmt: skip
        return None
    whole = int(found.group(1).replace(m.thousands, ""))
    return sign * (whole * 100 + int((found.group(2) or "0").ljust(2, "0")))
