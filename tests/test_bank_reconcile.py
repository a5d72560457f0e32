"""A 50-line December statement of the RKUD account (`tests/data/bank/`, Bank Nagari's CSV export and the same
statement as MT940) reconciled as a treasurer would by hand: every line checked against the table below, written
from the scenario (`tests.bank_scenario`), not from the program's output — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from billing.assessments import get_assessment
from billing.bank.importer import Imported, import_statement
from billing.bank.models import BankLine, BankStatement
from billing.bank.reading import read_statement
from billing.models import Payment
from tests.bank_scenario import CONFIG, IMPORTED_AT, december, number
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory

DATA = Path(__file__).parent / "data" / "bank"
FILES = {"csv": DATA / "nagari_rkud_2026-12.csv", "mt940": DATA / "nagari_rkud_2026-12.sta"}
CLOCK = FixedClock(IMPORTED_AT)

# line: (status, SKRD(s) paid or found, method, matched by, reason code) — as the treasurer reads the statement.
D = ("debit", (), None, None, None)
EXPECTED: dict[int, tuple[str, tuple[int, ...], str | None, str | None, str | None]] = {
    1: D, 2: ("unmatched", (), None, None, "bank.has_sen"), 3: D,
    4: ("matched", (1,), "va", "va", None),  # the VA column
    5: ("matched", (2,), "va", "va", None),  # the VA in the narrative, in groups of four
    6: ("matched", (3,), "qris", "reference", None),
    7: ("matched", (14,), "transfer", "recorded", None),  # typed at the desk with this reference: one payment
    8: ("matched", (4,), "transfer", "reference", None),  # part payment, number written 0004SKRDVT2026
    9: ("unmatched", (), None, None, "bank.no_match"),
    10: D,
    11: ("matched", (5,), "transfer", "amount_payer", None),  # exact amount, payer named (Koperasi aside)
    12: D,
    13: ("ambiguous", (), None, None, "bank.same_amount"),  # 0006 and 0007: same payer, same amount: not guessed
    14: ("refused", (8,), None, None, "bank.skrd_void"),  # a payment after the void
    15: ("matched", (17,), "va", "va", None),
    16: ("matched", (9,), "transfer", "reference", None),  # written 9/SKRD/VT/2026
    17: ("matched", (10,), "transfer", "reference", None),
    18: ("matched", (18,), "va", "va", None),
    19: D,
    20: ("refused", (10,), None, None, "bank.skrd_paid"),  # the duplicate
    21: ("refused", (11,), None, None, "payment.overpaid"),  # 600.000 for 542.500
    22: ("matched", (19,), "va", "va", None),
    23: ("matched", (12, 13), "transfer", "reference", None),  # one transfer, two SKRDs adding up
    24: ("unmatched", (), None, None, "bank.unknown_payer"),  # 279.000 like 0016, from someone else
    25: ("matched", (20,), "va", "va", None),
    26: ("matched", (4,), "transfer", "reference", None),  # the rest of 0004, written 4 / SKRD / VT / 2026
    27: ("unmatched", (), None, None, "bank.unknown_va"),  # a well-formed VA no SKRD has
    28: ("matched", (21,), "qris", "reference", None),
    29: D,
    30: ("matched", (11,), "transfer", "reference", None),  # after the refused overpayment: a part
    31: ("matched", (22,), "qris", "reference", None),
    32: ("matched", (23,), "transfer", "amount_payer", None),  # the bank cut the sender short: TOKO MAJU JAY
    33: D,
    34: ("matched", (11,), "transfer", "reference", None),  # the rest
    35: ("matched", (24,), "transfer", "amount_payer", None),
    36: ("unmatched", (), None, None, "bank.no_match"),
    37: ("matched", (6,), "transfer", "reference", None),
    38: ("unmatched", (), None, None, "bank.no_match"),  # salah transfer, sent back by line 39
    39: D,
    40: ("matched", (7,), "transfer", "amount_payer", None),  # now 0007 is the only one owing 186.000
    **dict.fromkeys(range(41, 46), D),
    46: ("unmatched", (), None, None, "bank.no_match"),
    47: D, 48: D, 49: D,
    50: ("refused", (), None, None, "bank.future"),  # dated 23 December, imported on the 22nd
}  # fmt: skip


def _import(s: Session, fmt: str) -> Imported:
    return import_statement(s, read_statement(FILES[fmt], fmt, CONFIG.bank.csv), account=None, config=CONFIG,
                            actor="bendahara", clock=CLOCK)  # fmt: skip


def _skrds(line: BankLine) -> tuple[int, ...]:
    found = [p.assessment for p in line.payments] or ([line.assessment] if line.assessment else [])
    return tuple(int(a.number[:4]) for a in found)


@pytest.mark.parametrize("fmt", ["csv", "mt940"])
def test_statement_reconciles_line_by_line(any_engine: Engine, tmp_path: Path, fmt: str) -> None:
    with make_session_factory(any_engine).begin() as s:
        december(s, tmp_path)
        done = _import(s, fmt)
        assert done.statement is not None and done.known == 0 and len(done.lines) == 50
        lines = sorted(done.lines, key=lambda ln: ln.id)
        got = {n: (ln.status, _skrds(ln), ln.method, ln.matched_by, ln.reason_code) for n, ln in enumerate(lines, 1)}
        assert got == EXPECTED
        assert {n: ln.candidates for n, ln in enumerate(lines, 1) if ln.candidates} == {
            13: f"{number(6)},{number(7)}", 24: number(16)}  # fmt: skip
        # the SKRDs as the treasurer's book has them afterwards
        paid = {n: get_assessment(s, number(n)) for n in range(1, 25)}
        assert sorted(n for n, a in paid.items() if a.status == "paid") == [
            1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24]  # fmt: skip
        assert (paid[8].status, paid[15].status, paid[16].status) == ("void", "issued", "issued")
        assert [p.amount for p in paid[4].payments] == [200_000, 265_000]
        assert [p.amount for p in paid[11].payments] == [300_000, 242_500]
        assert len(paid[14].payments) == 1 and paid[14].payments[0].bank_reference == "TRX-DESK-0001"
        assert s.scalar(select(func.count()).select_from(Payment)) == 1 + 22  # the desk's; 22 from 21 lines
        p = paid[3].payments[0]
        assert (p.method, p.bank_reference, p.paid_on.day, p.value_date and p.value_date.day) == (
            "qris", "NGR2612030006", 3, 2)  # fmt: skip
        assert p.bank_account == "10000103000012"
        debits = sum(ln.amount_sen for ln in lines if ln.status == "debit")
        fees, admin, sts = 6 * 6_500_00, 4 * 10_000_00, 1_500_000_00 + 2_000_000_00 + 3_000_000_00
        assert debits == -(fees + admin + sts + 2_469_13 + 1_000_000_00 + 15_000_00)  # tax, salah transfer, token


def test_importing_again_or_the_other_format_changes_nothing(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        december(s, tmp_path)
        _import(s, "csv")
    counts = _counts(sessions)
    for fmt in ("csv", "mt940"):  # the same statement again, and as MT940: the same 50 lines, same identities
        with sessions.begin() as s:
            again = _import(s, fmt)
            assert (again.statement, again.lines, again.known) == (None, [], 50)
        assert _counts(sessions) == counts


def _counts(sessions: object) -> tuple[int, ...]:
    with sessions.begin() as s:  # type: ignore[attr-defined]
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (BankStatement, BankLine, Payment,
                                                                              AuditEntry))  # fmt: skip
