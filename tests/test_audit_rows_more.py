"""More rows bound to the audit chain (issue #18 points 1-2): screens, media, reminder letters (Surat Teguran), bank
statements and their lines; and the STS and the Surat Teguran printing the entry that recorded them, like the SKRD
and the receipt. Made through the program, `audit verify` is intact; changed with raw SQL, each row is named."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billing.bank.models import BankLine
from billing.cash_models import Reminder
from billing.deposits import deposit_receipts, get_deposit
from billing.documents.sts import sts_pdf_bytes
from billing.documents.teguran import render_teguran
from billing.reminders import issue_reminder
from tests.audit_helpers import make_office, run, tamper
from tests.bank_helpers import write_config
from tests.bank_scenario import IMPORTED_AT, december
from tests.report_helpers import CONFIG, at, build_month
from tests.test_audit_anchor import ANCHOR, pdf_text
from tests.test_bank_reconcile import FILES
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade


def _entry(url: str, action: str) -> AuditEntry:
    engine = make_engine(url)
    with make_session_factory(engine)() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == action)).one()
    engine.dispose()
    return entry


def test_screens_media_and_the_sts(
    db_url: str, media_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # GIVEN an office's day through the program: screens and media loaded, a deposit recorded
    make_office(db_url, media_files, tmp_path, capsys, monkeypatch)
    code, out = run(capsys, "--db", db_url, "audit", "verify")
    assert code == 0, out
    # THEN the STS prints the entry that recorded it, the same on every reprint
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        deposit = get_deposit(s, "0001/STS/VT/2026")
        printed = [ANCHOR.findall(pdf_text(sts_pdf_bytes(deposit, deposit_receipts(s, deposit)))) for _ in range(2)]
    engine.dispose()
    sts = _entry(db_url, "sts.record")
    assert printed == [[f"{sts.seq}:{sts.hash[:12]}"]] * 2
    # WHEN an insider moves a screen to a cheaper zone and approves a media file behind the program's back
    tamper(
        db_url,
        "UPDATE screen SET zone = 'C' WHERE id = 'yamin'",
        "UPDATE media SET sha256 = 'ff', approved_by = 'nobody' WHERE id = 'iklan-bank'",
    )
    code, out = run(capsys, "--db", db_url, "audit", "verify")
    assert code == 1
    assert "screen yamin differs from what audit entry" in out and "media iklan-bank differs" in out, out


def test_a_reminder_letter_is_bound_and_prints_its_entry(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    numbers = build_month(sessions, tmp_path)
    with sessions.begin() as s:
        issue_reminder(s, numbers["bfeb"], config=CONFIG, actor="bendahara", clock=at(date(2026, 4, 10)))
    with sessions() as s:
        letter = s.scalars(select(Reminder)).one()
        out = io.BytesIO()
        render_teguran(letter, out)
    engine.dispose()
    entry = _entry(db_url, "reminder.issue")
    assert ANCHOR.findall(pdf_text(out.getvalue())) == [f"{entry.seq}:{entry.hash[:12]}"]
    assert main(["--db", db_url, "audit", "verify"]) == 0
    tamper(db_url, "UPDATE reminder SET principal_owed = 1")
    capsys.readouterr()
    assert main(["--db", db_url, "audit", "verify"]) == 1
    assert f"reminder letter (Surat Teguran) {letter.id} differs" in capsys.readouterr().out


def test_bank_lines_are_bound(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    with sessionmaker(engine).begin() as s:
        december(s, tmp_path)
    base = ["--db", sqlite_url, "--config", str(write_config(tmp_path / "config.toml")), "--user", "bendahara"]
    assert main([*base, "bank", "import", str(FILES["csv"])], clock=FixedClock(IMPORTED_AT)) == 0
    with sessionmaker(engine)() as s:
        open_line = s.scalars(select(BankLine.id).where(BankLine.status == "unmatched").limit(1)).one()
    assert main([*base, "bank", "set-aside", str(open_line), "--note", "bukan retribusi"],
                clock=FixedClock(IMPORTED_AT)) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--db", sqlite_url, "audit", "verify"]) == 0, capsys.readouterr().out
    # WHEN a set-aside line is put back, a booked line's amount raised and a payment unlinked from its line
    tamper(
        sqlite_url,
        f"UPDATE bank_line SET status = 'unmatched', note = '' WHERE id = {open_line}",
        "UPDATE bank_line SET amount_sen = amount_sen + 100 WHERE status = 'matched' AND id = "
        "(SELECT MIN(id) FROM bank_line WHERE status = 'matched')",
        "DELETE FROM bank_line_payment WHERE payment_id = (SELECT MIN(payment_id) FROM bank_line_payment)",
    )
    assert main(["--db", sqlite_url, "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"bank statement line {open_line} differs" in out and out.count("bank statement line ") >= 2, out
    assert "payment from a bank line" in out and "is missing (deleted behind the program's back)" in out
    engine.dispose()
