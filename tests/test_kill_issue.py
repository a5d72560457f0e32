"""`kill -9` of an issuing CLI in the middle of its transaction leaves a consistent database, on SQLite and
PostgreSQL: the killed SKRD does not exist, numbering stays gapless among committed rows, the next issue gets the
next number, and the audit chain verifies.

A slow point is injected into the real `videotron skrd issue` (in a child process): the audit entry is written,
so the SKRD row, its number and its audit entry are all in the open transaction when the child is killed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import issue_assessment
from billing.models import Assessment
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from tests.billing_helpers import TARIFF, add_booking, add_screens, clock
from tests.office import office_config
from videotron.cli import main
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import SystemClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

pytestmark = pytest.mark.slow
# The CLI children issue on the real clock; so does this test, so their numbers share the year's series.
REAL_TIME = SystemClock()

CHILD = """
import sys, time
from pathlib import Path
import videotron.core.audit
real, marker = videotron.core.audit.record, Path(sys.argv[2])
def slow_record(*args, **kwargs):
    entry = real(*args, **kwargs)
    marker.write_text("in the transaction")
    time.sleep(120)
    return entry
if sys.argv[4] == "slow":
    videotron.core.audit.record = slow_record
from videotron.cli import main
sys.exit(main(["--db", sys.argv[1], "--user", "sari", "skrd", "issue", sys.argv[3]]))
"""


def _office(url: str, tmp_path: Path, bookings: int) -> sessionmaker[Session]:
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    (tmp_path / "tarif.toml").write_text(TARIFF.replace("effective_from = 2026-01-01", "effective_from = 2020-01-01"))
    with sessions.begin() as s:
        import_tariff(s, read_tariff(tmp_path / "tarif.toml"), actor="admin", clock=clock())
        add_screens(s)
        for i in range(1, bookings + 1):
            add_booking(s, f"b{i}", start=date(2026, 3, 1), end=date(2026, 3, 31))
    return sessions


def _child(url: str, booking: str, marker: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(marker), booking, mode],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip


def _consistent(sessions: sessionmaker[Session]) -> list[str]:
    """Committed SKRDs, checked: numbers 1..n without a gap, one audit entry each, an intact chain."""
    with sessions() as s:
        rows = list(s.scalars(select(Assessment).order_by(Assessment.seq)))
        assert [a.seq for a in rows] == list(range(1, len(rows) + 1))
        issued = set(s.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "skrd.issue")))
        assert issued == {a.number for a in rows}
        assert verify_chain(s) == []
        return [a.booking_id for a in rows]


def test_kill_9_mid_issue_leaves_a_consistent_database(db_url: str, tmp_path: Path) -> None:
    sessions = _office(db_url, tmp_path, bookings=4)
    with sessions.begin() as s:
        issue_assessment(s, "b1", config=office_config(), actor="sari", clock=REAL_TIME)
    for booking in ("b2", "b3"):
        marker = tmp_path / f"{booking}.marker"
        child = _child(db_url, booking, marker, "slow")
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.stderr.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the child never reached its slow point"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)  # SKRD row, number and audit entry are written but not committed
        assert child.wait(timeout=30) == -signal.SIGKILL
        assert _consistent(sessions) == ["b1"]
    # the database is usable at once: no lock left behind, and the next number follows the last committed one
    with sessions.begin() as s:
        assert issue_assessment(s, "b2", config=office_config(), actor="sari", clock=REAL_TIME).seq == 2
    assert main(["--db", db_url, "--user", "sari", "skrd", "issue", "b3"]) == 0
    assert _consistent(sessions) == ["b1", "b2", "b3"]
    assert main(["--db", db_url, "audit", "verify"]) == 0
    sessions.kw["bind"].dispose()


def test_kill_9_at_random_moments(sqlite_url: str, tmp_path: Path) -> None:
    """No slow point: children issuing one after another, each killed after a random delay (some finish first)."""
    sessions = _office(sqlite_url, tmp_path, bookings=6)
    rng = random.Random(8)
    for i in range(1, 7):
        child = _child(sqlite_url, f"b{i}", tmp_path / "unused", "fast")
        time.sleep(rng.uniform(0.8, 2.0))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        _consistent(sessions)
    done = _consistent(sessions)
    for i in range(1, 7):
        if f"b{i}" not in done:
            with sessions.begin() as s:
                issue_assessment(s, f"b{i}", config=office_config(), actor="sari", clock=REAL_TIME)
    assert sorted(_consistent(sessions)) == [f"b{i}" for i in range(1, 7)]
    sessions.kw["bind"].dispose()
