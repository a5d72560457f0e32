"""Deposits (STS): receipts deposited once, all or nothing, gapless numbers, audited; `videotron sts record`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from billing.deposits import get_deposit, record_deposit
from billing.models import Deposit, DepositReceipt, Receipt
from tests.report_helpers import CONFIG, at, build_month
from videotron.cli import main
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import NotFound, VideotronError
from videotron.core.migrate import upgrade


def test_deposit_covers_receipts_once_with_gapless_numbers(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    n = build_month(sessions, tmp_path)
    clock = at(date(2026, 3, 20))
    with sessions.begin() as s:
        first = get_deposit(s, n["sts"])
        assert first.number == "0001/STS/VT/2026" and first.amount == 1_240_000
        assert [r.receipt_id for r in first.receipts] == [
            s.scalar(select(Receipt.id).where(Receipt.number == n["r_b1"]))
        ]
    refusals = [
        ([n["r_b1"]], date(2026, 3, 20), VideotronError, "already deposited: .*0001/STS/VT/2026"),
        ([n["r_b2"], "9999/TBP/VT/2026"], date(2026, 3, 20), NotFound, "unknown receipt"),
        ([n["r_b2"], n["r_b2"]], date(2026, 3, 20), VideotronError, "more than once"),
        ([n["r_b2"]], date(2026, 3, 11), VideotronError, "dated after the deposit date"),
        ([n["r_b2"]], date(2026, 3, 21), VideotronError, "in the future"),
        ([], date(2026, 3, 20), VideotronError, "at least one"),
    ]
    for receipts, day, error, message in refusals:
        with pytest.raises(error, match=message), sessions.begin() as s:
            record_deposit(s, day, receipts, config=CONFIG, actor="bendahara", clock=clock)
    with sessions.begin() as s:  # refused attempts gave their numbers back: the next STS is 0002
        second = record_deposit(s, date(2026, 3, 13), [n["r_b2"]], config=CONFIG, actor="bendahara", clock=clock)
        assert second.number == "0002/STS/VT/2026" and second.amount == 200_000
    with sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(Deposit)) == 2
        assert s.scalar(select(func.sum(DepositReceipt.amount))) == 1_440_000
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "sts.record")).all()
        assert [e.entity_id for e in entries] == ["0001/STS/VT/2026", "0002/STS/VT/2026"]
        assert verify_chain(s) == []


def test_cli_sts_record(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    n = build_month(make_session_factory(engine), tmp_path)
    engine.dispose()
    args = ["--db", sqlite_url, "--user", "bendahara", "sts", "record", "--date", "2026-03-13"]
    assert main([*args, "--receipts", f"{n['r_b2']}"]) == 0
    assert "STS 0002/STS/VT/2026: 1 receipt(s), Rp200.000" in capsys.readouterr().out
    assert main([*args, "--receipts", f"{n['r_b2']},{n['r_bpaid']}"]) == 2
    assert "already deposited" in capsys.readouterr().err
