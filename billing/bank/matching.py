"""Which SKRD a statement's credit pays, found the way a treasurer looks, in this order:

1. **Virtual account** — the line's virtual-account column, or a well-formed virtual account (prefix, length, Luhn
   check digit) written in its narrative, is an SKRD's own number.
2. **Reference** — the narrative names SKRD numbers (`0001/SKRD/VT/2026`, also written `0001SKRDVT2026`,
   `1/SKRD/VT/2026` or with spaces; never a part of a longer number). One named: that SKRD, whatever it is owed (a
   part payment is a payment). Several named whose unpaid amounts add up exactly to the credit: each is paid in
   full. Several otherwise: ambiguous.
3. **Exact amount and payer** — no number given, the credit is exactly what one open SKRD still owes, and that
   SKRD's payer is named in the narrative or the sender column (`PT`, `CV`... aside; a sender cut short by the bank
   counts when at least 10 characters are left). Two open SKRDs of the payer with that amount: ambiguous — never
   guessed.

The method is `va` for a virtual account, `qris` when the narrative says QRIS, else `transfer`. Whether the payment
may be booked (void SKRD, overpaid, dated in the future) is the importer's and the payment service's to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.bank.statement import digits
from billing.models import Assessment, Payment
from billing.virtual_account import virtual_accounts_in
from videotron.core.errors import Problem, problem

OPEN = ("issued", "partial")
LEGAL_FORMS = {"PT", "CV", "UD", "TB", "PD", "FA", "TBK", "PERSERO", "KOPERASI", "YAYASAN"}
MIN_CUT_NAME = 10  # characters of a sender's name the bank cut short that still name a payer
_QRIS = re.compile(r"(?<![A-Z0-9])QRIS(?![A-Z0-9])")


@dataclass(frozen=True)
class Found:
    """What a credit pays: `status` "matched" with the SKRDs and amounts, else "unmatched" or "ambiguous" with the
    reason (and the SKRDs that fit, for the treasurer)."""

    status: str
    parts: tuple[tuple[Assessment, int], ...] = ()
    rule: str | None = None
    method: str | None = None
    reason: Problem | None = None
    candidates: tuple[str, ...] = field(default=())


class Index:
    """Every SKRD, looked up by virtual account and by its number as people write it."""

    def __init__(self, session: Session, va_prefix: str) -> None:
        stmt = select(Assessment).options(selectinload(Assessment.payments).selectinload(Payment.receipt),
                                          selectinload(Assessment.penalties))  # fmt: skip
        self.all = list(session.scalars(stmt.order_by(Assessment.id)))
        self.va_prefix = va_prefix
        self.by_va = {a.virtual_account: a for a in self.all if a.virtual_account}
        self.patterns = [(a, number_pattern(a.number)) for a in self.all]

    def named(self, text: str) -> list[Assessment]:
        upper = text.upper()
        return [a for a, pattern in self.patterns if pattern.search(upper)]

    def open_owing(self, amount: int) -> list[Assessment]:
        return [a for a in self.all if a.status in OPEN and a.outstanding == amount]


def number_pattern(number: str) -> re.Pattern[str]:
    """An SKRD number as payers write it: separators optional (up to 3 characters), leading zeros optional."""
    tokens = re.findall(r"[A-Z0-9]+", number.upper())
    parts = [f"0*{t.lstrip('0') or '0'}" if t.isdigit() else re.escape(t) for t in tokens]
    return re.compile(r"(?<![A-Z0-9])" + r"[^A-Z0-9]{0,3}".join(parts) + r"(?![A-Z0-9])")


def find(index: Index, amount: int, narrative: str, va_column: str, payer: str) -> Found:
    """What a credit of `amount` rupiah pays (see the module docstring)."""
    method = "qris" if _QRIS.search(narrative.upper()) else "transfer"
    by_va, va_reason = _by_virtual_account(index, narrative, va_column)
    if by_va is not None:
        return by_va
    named = index.named(narrative)
    if len(named) == 1:
        return Found("matched", ((named[0], amount),), "reference", method)
    if named:
        owed = [a.outstanding for a in named]
        numbers = tuple(a.number for a in named)
        if all(owed) and sum(owed) == amount:
            return Found("matched", tuple(zip(named, owed, strict=True)), "reference", method)
        reason = problem("bank.several_skrd", "names several SKRDs ({numbers:list}) and their unpaid amounts "
                         "({owed:rupiah}) are not the credit: split it by hand", numbers=numbers,
                         owed=sum(owed))  # fmt: skip
        return Found("ambiguous", reason=reason, candidates=numbers)
    return _by_amount_and_payer(index, amount, f"{narrative} {payer}", method, va_reason)


def _by_virtual_account(index: Index, narrative: str, column: str) -> tuple[Found | None, Problem | None]:
    written = [digits(column)] if digits(column) else []
    written += [va for va in virtual_accounts_in(narrative, index.va_prefix) if va not in written]
    known = [index.by_va[va] for va in written if va in index.by_va]
    if len(known) == 1:
        return Found("matched", ((known[0], -1),), "va", "va"), None
    if known:
        numbers = tuple(a.number for a in known)
        reason = problem("bank.several_va", "names the virtual accounts of several SKRDs: {numbers:list}",
                         numbers=numbers)  # fmt: skip
        return Found("ambiguous", reason=reason, candidates=numbers), None
    if written:
        return None, problem("bank.unknown_va", "virtual account {va} is no SKRD's", va=written[0])
    return None, None


def _by_amount_and_payer(index: Index, amount: int, text: str, method: str, va_reason: Problem | None) -> Found:
    fits = index.open_owing(amount)
    words = name_words(text)
    mine = [a for a in fits if names_payer(words, a.payer_name)]
    if len(mine) == 1:
        return Found("matched", ((mine[0], amount),), "amount_payer", method)
    if mine:
        numbers = tuple(a.number for a in mine)
        reason = problem("bank.same_amount", "no SKRD number, and {count} open SKRDs of {payer} owe exactly this "
                         "amount ({numbers:list}): not guessed", count=len(mine), payer=mine[0].payer_name,
                         numbers=numbers)  # fmt: skip
        return Found("ambiguous", reason=reason, candidates=numbers)
    if va_reason is not None:
        return Found("unmatched", reason=va_reason)
    if fits:
        reason = problem("bank.unknown_payer", "no SKRD number, and the sender is not the payer of the {count} open "
                         "SKRD(s) owing this amount", count=len(fits))  # fmt: skip
        return Found("unmatched", reason=reason, candidates=tuple(a.number for a in fits))
    return Found("unmatched", reason=problem("bank.no_match", "no SKRD number, and no open SKRD owes this amount"))


def name_words(text: str) -> str:
    """A name or narrative as comparable words: upper case, letters and digits, legal forms (PT, CV...) left out."""
    words = re.findall(r"[A-Z0-9]+", text.upper())
    return " ".join(w for w in words if w not in LEGAL_FORMS)


def names_payer(words: str, payer: str) -> bool:
    """Whether `words` (a narrative and sender, as `name_words`) name `payer`: all of the payer's name, or a cut-off
    start of it of at least MIN_CUT_NAME characters ending the text's last word."""
    name = name_words(payer)
    if len(name) < 3:
        return False
    padded = f" {words} "
    if f" {name} " in padded:
        return True
    for start in (m.start() for m in re.finditer(r"(?<= )\S", padded)):
        tail = padded[start:].rstrip()
        if len(tail) >= MIN_CUT_NAME and name.startswith(tail):
            return True
    return False


def describe(found: Found) -> dict[str, Any]:
    return {"status": found.status, "rule": found.rule, "method": found.method,
            "parts": [[a.number, amount] for a, amount in found.parts], "candidates": list(found.candidates),
            "reason": found.reason.code if found.reason else None}  # fmt: skip
