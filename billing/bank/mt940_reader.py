"""SWIFT MT940 statements, parsed by `mt-940` (BSD-3-Clause, no dependencies, maintained since 2013, tested against
many banks' files): `:20:` the statement's reference, `:25:` the account, `:60F:` the opening balance, each `:61:`
a line (value date, entry date, C/D mark, amount, the customer's and the bank's reference) with its `:86:` narrative,
`:62F:` the closing balance. All of its parser fixes are switched on (`Options.all()`: a reversal is signed like the
debit it is, a byte-order mark is dropped, long narratives are kept whole).

What the parser leaves to us is checked here: the file is MT940 at all, every line is in rupiah, the account is the
same throughout, and the balances add up (opening + credits - debits = closing): a cut-off or doctored file is
refused whole rather than half-imported.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import mt940

from billing.bank.statement import Statement, StatementLine
from videotron.core.errors import Place, Problem, ValidationError, problem


def read_mt940(source: str, data: bytes, sha256: str) -> Statement:
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    where = Place(source)
    if ":20:" not in text or ":25:" not in text:
        raise ValidationError([problem("bank.not_mt940", "not an MT940 statement (no :20: and :25: fields)",
                                       where=where)])  # fmt: skip
    try:
        statements = list(mt940.parse_statements(text, options=mt940.Options.all()))
    except Exception as exc:  # the parser raises RuntimeError, ValueError...: any of them means "cannot read"
        at = Place(source, _line_of(text, exc))
        raise ValidationError([problem("bank.mt940_syntax", "cannot read the MT940 statement: {reason}", where=at,
                                       reason=_reason(exc))]) from None  # fmt: skip
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(":61:")]
    problems: list[Problem] = []
    lines: list[StatementLine] = []
    accounts = {str(st.data.get("account_identification", "")).strip() for st in statements}
    if len(accounts) != 1 or "" in accounts:
        problems.append(problem("bank.mt940_account", "the statement must name one account in :25:, got "
                                "{accounts:list}", where=where, accounts=sorted(accounts)))  # fmt: skip
    for st in statements:
        for t in st:
            position = starts[len(lines)] if len(lines) < len(starts) else 0
            lines.append(_line(t.data, Place(source, position), problems))
        _check_balance(st, lines[-len(st) :] if len(st) else [], Place(source), problems)
    if problems:
        raise ValidationError(problems, source=source)
    if not lines:
        raise ValidationError([problem("bank.empty", "no transactions in the statement", where=where)])
    first, last = statements[0].data, statements[-1].data
    return Statement(source, sha256, "mt940", accounts.pop(), str(first.get("transaction_reference", "")),
                     _sen_of(first.get("final_opening_balance")), _sen_of(last.get("final_closing_balance")),
                     tuple(lines))  # fmt: skip


def _line(d: dict[str, Any], where: Place, problems: list[Problem]) -> StatementLine:
    amount = d["amount"]
    if amount.currency != "IDR":
        problems.append(problem("bank.mt940_currency", "the line is in {currency}, not rupiah (IDR)", where=where,
                                currency=amount.currency))  # fmt: skip
    bank_ref = str(d.get("bank_reference") or "").strip()
    customer_ref = str(d.get("customer_reference") or "").strip()
    if not bank_ref and customer_ref.upper() != "NONREF":
        bank_ref = customer_ref
    narrative = " ".join(f"{d.get('transaction_details') or ''} {d.get('extra_details') or ''}".split())
    value_day = d["date"]
    booked = d.get("entry_date") or value_day
    return StatementLine(where.line or 0, _plain(booked), _plain(value_day), _sen(amount.amount), bank_ref, narrative)


def _check_balance(st: Any, lines: list[StatementLine], where: Place, problems: list[Problem]) -> None:
    opening, closing = _sen_of(st.data.get("final_opening_balance")), _sen_of(st.data.get("final_closing_balance"))
    if opening is None or closing is None:
        problems.append(problem("bank.mt940_balances", "the statement has no opening (:60F:) or closing (:62F:) "
                                "balance to check its lines against", where=where))  # fmt: skip
        return
    moved = sum(ln.amount_sen for ln in lines)
    if opening + moved != closing:
        problems.append(problem("bank.mt940_does_not_add_up", "the lines do not add up: opening {opening:number} + "
                                "{moved:number} = {expected:number}, but the closing balance is {closing:number} (a "
                                "line is missing or extra)", where=where, opening=_rupiah(opening),
                                moved=_rupiah(moved), expected=_rupiah(opening + moved),
                                closing=_rupiah(closing)))  # fmt: skip


def _sen(amount: Decimal) -> int:
    return int(amount * 100)


def _sen_of(balance: Any) -> int | None:
    return _sen(balance.amount.amount) if balance is not None else None


def _plain(day: Any) -> date:
    """mt-940's Date is a datetime.date subclass: stored as the plain date it is."""
    return date(day.year, day.month, day.day)


def _rupiah(sen: int) -> Decimal:
    return Decimal(sen) / 100


def _reason(exc: Exception) -> str:
    return str(exc.args[0] if exc.args else exc)[:200]


def _line_of(text: str, exc: Exception) -> int | None:
    """The line of the value the parser choked on, when it says which."""
    bad = exc.args[2] if len(exc.args) > 2 and isinstance(exc.args[2], str) else None
    if bad:
        for n, line in enumerate(text.splitlines(), 1):
            if bad.splitlines()[0] in line:
                return n
    return None
