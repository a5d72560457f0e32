"""A month at the desk by clicks equals the same month on the command line (#17): on two fresh offices loaded from the
same setup and tariff, the operator books, the treasurer issues the SKRD, records the payment, deposits it (STS) and
exports the month report, once by clicking the desk's real buttons and once with `videotron` commands; the two
databases then hold the same SKRD, receipt and deposit, and the two reports are the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

from billing.models import Assessment, Deposit, Payment, Receipt
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from tests.report_helpers import at
from tests.test_gui_billing import issue_skrd, open_payment
from tests.test_gui_bookings import fill
from videotron.cli import main
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade
from videotron.demo.office import write_demo_setup, write_demo_tariff

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton
BOOKED, ISSUED, PAID, DEPOSITED, REPORTED = (date(2026, 11, 24), date(2026, 12, 1), date(2026, 12, 5),
                                             date(2026, 12, 6), date(2027, 1, 5))  # fmt: skip


def office(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """The demo office's setup file and tariff, loaded as on its first day."""
    clock = at(BOOKED)
    with sessions.begin() as s:
        apply_setup(s, parse_setup(write_demo_setup(tmp_path / "office", date(2026, 12, 1), "640x320+0+0")),
                    actor="setup", clock=clock)  # fmt: skip
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="setup", clock=clock)


def by_clicks(qtbot: Any, desk: Callable[..., Any], clock: FixedClock, out: Path, monkeypatch: Any) -> None:
    clock.set(at(BOOKED).now())
    operator = desk("operator")
    tab = operator.pages["Advertisers and bookings"]
    operator.tabs.setCurrentWidget(tab)
    fill(tab, "BK-2026-101", 10, "17:00-21:00")
    qtbot.waitUntil(lambda: tab.save.isEnabled(), timeout=30_000)
    qtbot.mouseClick(tab.save, LEFT)
    operator.close()

    clock.set(at(ISSUED).now())
    treasurer = desk("bendahara")
    billing = treasurer.pages["Billing"]
    treasurer.tabs.setCurrentWidget(billing)
    issue_skrd(qtbot, billing, "BK-2026-101")
    clock.set(at(PAID).now())
    billing.refresh()
    row = next(r for r in range(billing.table.rowCount()) if "BK-2026-101" in _row_text(billing.table, r))
    dialog = open_payment(qtbot, billing, row, 1_162_500, QDate(2026, 12, 5))
    dialog.method.setCurrentIndex(dialog.method.findData("tunai"))
    qtbot.mouseClick(dialog.ok, LEFT)
    assert not dialog.isVisible()

    clock.set(at(DEPOSITED).now())
    deposits = treasurer.pages["Deposits (STS)"]
    treasurer.tabs.setCurrentWidget(deposits)
    deposits.refresh()
    qtbot.mouseClick(deposits.deposit_button, LEFT)
    sts = deposits.dialog
    line = sts.day.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "06-12-2026")
    qtbot.keyClicks(sts.note, "setor tunai ke RKUD")
    qtbot.mouseClick(sts.ok, LEFT)
    assert not sts.isVisible(), sts.problem.text()

    clock.set(at(REPORTED).now())
    reports = treasurer.pages["Reports"]
    treasurer.tabs.setCurrentWidget(reports)
    reports.month.setDate(QDate(2026, 12, 1))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "*.csv"))
    qtbot.mouseClick(reports.findChild(object, "export_csv"), LEFT)
    qtbot.waitUntil(lambda: out.exists() and not reports.busy, timeout=60_000)


def by_commands(url: str, out: Path) -> None:
    def run(day: date, user: str, *args: str) -> None:
        assert main(["--db", url, "--user", user, *args], clock=at(day)) == 0, args

    run(BOOKED, "operator", "booking", "add", "--id", "BK-2026-101", "--advertiser", "toko-maju", "--media",
        "iklan-toko-maju", "--screens", "alun-alun", "--category", "komersial", "--plays-per-day", "10",
        "--start", "2026-12-01", "--end", "2026-12-31", "--band", "17:00-21:00")  # fmt: skip
    run(ISSUED, "bendahara", "skrd", "issue", "BK-2026-101")
    sessions = make_session_factory(make_engine(url))
    with sessions() as s:
        number = s.scalar(select(Assessment.number).where(Assessment.booking_id == "BK-2026-101"))
    run(PAID, "bendahara", "skrd", "pay", str(number), "--amount", "1162500", "--date", "2026-12-05", "--method",
        "tunai")  # fmt: skip
    with sessions() as s:
        receipts = ",".join(s.scalars(select(Receipt.number)))
    run(DEPOSITED, "bendahara", "sts", "record", "--date", "2026-12-06", "--receipts", receipts, "--note",
        "setor tunai ke RKUD")  # fmt: skip
    run(REPORTED, "bendahara", "report", "month", "2026-12", "--out", str(out))


def books(sessions: sessionmaker[Session]) -> dict[str, list[tuple[object, ...]]]:
    """What an auditor compares: each SKRD, payment, receipt and deposit, without who and when it was typed."""
    with sessions() as s:
        return {
            "skrd": [(a.number, a.booking_id, a.principal, a.paid_total, a.due_date, a.status)
                     for a in s.scalars(select(Assessment).order_by(Assessment.seq))],
            "payments": [(p.amount, p.paid_on, p.method) for p in s.scalars(select(Payment).order_by(Payment.id))],
            "receipts": [(r.number, r.issue_date) for r in s.scalars(select(Receipt).order_by(Receipt.id))],
            "deposits": [(d.number, d.deposit_date, d.amount, d.note) for d in s.scalars(select(Deposit))],
        }  # fmt: skip


def _row_text(table: Any, row: int) -> str:
    return " ".join(table.item(row, c).text() for c in range(table.columnCount()) if table.item(row, c))


def test_a_month_by_clicks_equals_the_month_by_commands(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    office(sessions, tmp_path / "desk-office")
    cli_url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    upgrade(make_engine(cli_url))
    cli_sessions = make_session_factory(make_engine(cli_url))
    office(cli_sessions, tmp_path / "cli-office")

    by_clicks(qtbot, desk, clock, tmp_path / "desk-month.csv", monkeypatch)
    by_commands(cli_url, tmp_path / "cli-month.csv")

    desk_books, cli_books = books(sessions), books(cli_sessions)
    assert desk_books == cli_books
    assert [row[:3] for row in desk_books["skrd"]] == [("0001/SKRD/VT/2026", "BK-2026-101", 1_162_500)]
    assert desk_books["deposits"][0][2] == 1_162_500 and len(desk_books["receipts"]) == 1
    assert (tmp_path / "desk-month.csv").read_bytes() == (tmp_path / "cli-month.csv").read_bytes()
    assert "0001/SKRD/VT/2026" in (tmp_path / "desk-month.csv").read_text(encoding="utf-8")
