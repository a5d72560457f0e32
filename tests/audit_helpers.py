"""A small office's money trail made through the real CLI, for the tamper tests: three users, a tariff, three
bookings, three SKRDs (one paid and deposited, one paid, one unpaid), and helpers an insider would use on the
database directly (raw SQL, and the chain's public algorithm to recompute it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from billing.models import Receipt
from tests.billing_helpers import TARIFF
from tests.test_lifecycle_audit import setup_text
from videotron.cli import main
from videotron.core.audit import AuditEntry, entry_hash
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory
from videotron.core.migrate import upgrade

CLOCK = FixedClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))  # 20 November 2026, 09:00 WIB

THIRD = """
[[booking]]
id = "BK-2026-003"
advertiser = "toko-maju"
media = "iklan-toko-maju"
screens = ["yamin"]
category = "komersial"
plays_per_day = 4
start = 2026-12-01
end = 2026-12-31
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv), clock=CLOCK)
    out, err = capsys.readouterr()
    return code, out + err


def make_office(url: str, media: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> list[str]:  # fmt: skip
    """The office's trail; returns the receipt numbers (the first one deposited)."""
    db = ["--db", url]
    engine = _engine(url)
    upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-admin")
    code, out = run(capsys, *db, "user", "add", "admin", "--role", "admin")
    assert code == 0, out
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    for name, role in (("budi", "operator"), ("sari", "bendahara")):
        monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", f"rahasia-{name}")
        assert run(capsys, *db, "--user", "admin", "user", "add", name, "--role", role)[0] == 0
    db += ["--user", "admin"]
    (tmp_path / "tarif.toml").write_text(TARIFF, encoding="utf-8")
    (tmp_path / "office.toml").write_text(setup_text(media, 10) + THIRD, encoding="utf-8")
    assert run(capsys, *db, "tariff", "import", str(tmp_path / "tarif.toml"))[0] == 0
    code, out = run(capsys, *db, "load", str(tmp_path / "office.toml"))
    assert code == 0, out
    for booking in ("BK-2026-001", "BK-2026-002", "BK-2026-003"):
        code, out = run(capsys, *db, "skrd", "issue", booking)
        assert code == 0, out
    engine_sessions = make_session_factory(_engine(url))
    with engine_sessions() as s:
        totals = {n: p for n, p in s.execute(text("SELECT number, principal FROM assessment"))}
    for number in ("0001/SKRD/VT/2026", "0002/SKRD/VT/2026"):
        code, out = run(capsys, *db, "skrd", "pay", number, "--amount", str(totals[number]), "--date", "2026-11-20",
                        "--method", "tunai")  # fmt: skip
        assert code == 0, out
    with engine_sessions() as s:
        receipts = list(s.scalars(select(Receipt.number).order_by(Receipt.id)))
    code, out = run(capsys, *db, "sts", "record", "--date", "2026-11-20", "--receipts", receipts[0])
    assert code == 0, out
    return receipts


def _engine(url: str) -> Engine:
    from videotron.core.db import make_engine

    return make_engine(url)


def tamper(url: str, *statements: str) -> None:
    """Raw SQL, as an insider with database access would run it."""
    engine = _engine(url)
    with engine.begin() as conn:
        for sql in statements:
            conn.exec_driver_sql(sql)
    engine.dispose()


def rechain(url: str, edit: dict[int, dict[str, str]]) -> None:
    """Edit entries' columns and recompute every hash from the first edited one (the algorithm is public)."""
    engine = _engine(url)
    with make_session_factory(engine).begin() as s:
        prev = None
        for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
            for column, value in edit.get(e.seq, {}).items():
                setattr(e, column, value)
            if prev is not None:
                e.prev_hash = prev
            e.hash = entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after,
                                e.rows)  # fmt: skip
            prev = e.hash
    engine.dispose()
