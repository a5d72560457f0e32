"""Tampering behind the program's back: rows of `audit_entry` edited, deleted and reordered with raw SQL, on SQLite
and PostgreSQL; `videotron audit verify` exits 1 and names the first entry that no longer fits."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from videotron.cli import main
from videotron.core import audit
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

# A clock in WIB: the chain is hashed in UTC, so the zone a desk's clock runs in does not matter.
WIB = timezone(timedelta(hours=7))

TAMPER = {
    "edit": ["UPDATE audit_entry SET after = '{\"amount\":1}' WHERE seq = 3"],
    "edit-actor": ["UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 4"],
    "delete": ["DELETE FROM audit_entry WHERE seq = 5"],
    "reorder": [
        "UPDATE audit_entry SET seq = -1 WHERE seq = 2",
        "UPDATE audit_entry SET seq = 2 WHERE seq = 4",
        "UPDATE audit_entry SET seq = 4 WHERE seq = -1",
    ],
}
EXPECTED = {
    "edit": ["audit entry 3 ", "content was altered"],
    "edit-actor": ["audit entry 4 ", "someone-else", "content was altered"],
    "delete": ["audit entry 6 ", "entries 5..5 are missing (deleted)"],
    "reorder": ["audit entry 2 ", "does not follow the entry before it"],
}


def _write_entries(url: str, n: int = 6) -> None:
    clock = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=WIB))
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine).begin() as s:
        for i in range(1, n + 1):
            audit.record(s, actor="sari", action="skrd.pay", entity="assessment", entity_id=f"000{i}/SKRD/VT/2026",
                         before={"paid": 0}, after={"paid": 1000 * i}, clock=clock)  # fmt: skip
            clock.advance(minutes=1)
    engine.dispose()


@pytest.mark.parametrize("how", sorted(TAMPER))
def test_verify_names_the_tampered_entry(db_url: str, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN an intact chain
    _write_entries(db_url)
    assert main(["--db", db_url, "audit", "verify"]) == 0
    assert "audit trail intact: 6 entries" in capsys.readouterr().out
    # WHEN someone with database access changes rows directly
    engine = make_engine(db_url)
    with engine.begin() as conn:
        for sql in TAMPER[how]:
            conn.exec_driver_sql(sql)  # raw SQL, as an insider would
    engine.dispose()
    # THEN verify fails and its first line names the entry where the chain breaks
    assert main(["--db", db_url, "audit", "verify"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert all(part in lines[0] for part in EXPECTED[how]), lines
    assert lines[-1].startswith("audit trail NOT intact") and lines[-1].endswith(f"entry is {lines[0].split()[2]}")


def test_truncating_the_tail_changes_the_head_hash(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A chain cannot tell that its newest entries were cut off; the head hash `verify` prints can, when it was
    written down elsewhere (SECURITY.md)."""
    _write_entries(sqlite_url)
    assert main(["--db", sqlite_url, "audit", "verify"]) == 0
    head = capsys.readouterr().out.split("newest hash ")[1].strip()
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq = 6")
    engine.dispose()
    assert main(["--db", sqlite_url, "audit", "verify"]) == 0
    assert head not in capsys.readouterr().out


def test_audit_list(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write_entries(sqlite_url)
    assert main(["--db", sqlite_url, "audit", "list", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].split()[0] == "6" and "0006/SKRD/VT/2026" in lines[0]
    assert "2026-03-10 02:05:00Z" in lines[0]  # stored and shown in UTC
    assert main(["--db", sqlite_url, "audit", "list", "--entity", "media"]) == 0
    assert capsys.readouterr().out == ""
    assert (
        main(["--db", sqlite_url, "audit", "list", "--entity", "assessment", "--id", "0003/SKRD/VT/2026", "--json"])
        == 0
    )
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["after"] == {"paid": 3000} and entry["actor"] == "sari"
    with make_session_factory(make_engine(sqlite_url))() as s:
        assert audit.verify_chain(s) == []
